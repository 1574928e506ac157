"""Postmark: {{{ pm:unsubscribe }}} in a message on a broadcast stream; POST /email for one reader (To is added
per reader)."""

from __future__ import annotations

from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.render.services.service import Service, sender


def _campaign(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {"From": sender(edition), "Subject": edition.subject}
    if edition.message.reply_to:
        message["ReplyTo"] = edition.message.reply_to
    message.update(
        {"HtmlBody": html, "TextBody": text, "MessageStream": delivery.stream, "Tag": edition.series_key or "briefing"}
    )
    return message


SERVICE = Service(
    "postmark",
    "Postmark",
    "{{{ pm:unsubscribe }}}",
    None,
    characters="{}",
    header_refused=r"[{}]",
    settings=("stream",),
    campaign=_campaign,
    no_publish=(
        "Postmark has no drafts for messages sent through its API. Make campaign.json with --format campaign,"
        " send it to yourself with POST /email, then to your readers with POST /email/batch (docs/sending.md,"
        " Postmark)"
    ),
)
