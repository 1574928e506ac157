"""Buttondown: Django-style {{ }}, {% %} and {# #} in the body, subject and description; POST /v1/emails with
status draft. Buttondown makes the text part itself."""

from __future__ import annotations

from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.render.services.service import Publishing, Service, printed


def _campaign(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    return {"subject": edition.subject, "body": html, "description": edition.preheader, "status": "draft"}


SERVICE = Service(
    "buttondown",
    "Buttondown",
    "{{ unsubscribe_url }}",
    None,
    characters="{}",
    text_form=printed,
    header_refused=r"[{}]",
    campaign=_campaign,
    # An email can be changed while it is a draft or scheduled; from about_to_send on, it is going or gone.
    publishing=Publishing(
        "https://api.buttondown.com", frozenset({"draft", "scheduled"}), "https://buttondown.com/emails/{id}"
    ),
)
