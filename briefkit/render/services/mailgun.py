"""Mailgun: %recipient.key%, %recipient_email%, %recipient_name%, %recipient_fname%, %recipient_lname%,
%recipient%, %unsubscribe_email%, %unsubscribe_url%, %tag_unsubscribe_url% and %mailing_list_unsubscribe_url% in
the body and the subject (no such name begins with two hexadecimal digits, so a URL's %20 is left as it is); the
form fields of POST /v3/<domain>/messages, sent to the mailing list's address. %mailing_list_unsubscribe_url%, not
%unsubscribe_url%, which would unsubscribe the reader from every message of the domain."""

from __future__ import annotations

from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.render.services.service import Service, needed_list, sender


def _campaign(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "from": sender(edition),
        "to": needed_list(delivery, "the mailing list's address", "briefings@mg.example.org"),
        "subject": edition.subject,
        "html": html,
        "text": text,
    }
    if edition.message.reply_to:
        fields["h:Reply-To"] = edition.message.reply_to
    fields["o:tag"] = edition.series_key or "briefing"
    return fields


SERVICE = Service(
    "mailgun",
    "Mailgun",
    "%mailing_list_unsubscribe_url%",
    None,
    characters="%",
    pattern=r"%(?![0-9A-Fa-f]{2})",
    header_refused=r"%(?![0-9A-Fa-f]{2})",
    campaign=_campaign,
    no_publish=(
        "Mailgun has no drafts. Make campaign.json with --format campaign and try it in test mode "
        "(o:testmode=yes), then send it to the mailing list (docs/sending.md, Mailgun)"
    ),
)
