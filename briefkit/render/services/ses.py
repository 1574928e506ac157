"""Amazon SES: {{amazonSESUnsubscribeUrl}} in a message sent with list management; the SES v2 SendEmail request
for one reader (Destination is added per reader)."""

from __future__ import annotations

from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.render.services.service import Service, needed_list, sender


def _campaign(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    options = {"ContactListName": needed_list(delivery, "the contact list's name", "Briefings")}
    if delivery.topic:
        options["TopicName"] = delivery.topic
    request: dict[str, Any] = {"FromEmailAddress": sender(edition)}
    if edition.message.reply_to:
        request["ReplyToAddresses"] = [edition.message.reply_to]
    request["Content"] = {
        "Simple": {
            "Subject": {"Data": edition.subject, "Charset": "UTF-8"},
            "Body": {"Text": {"Data": text, "Charset": "UTF-8"}, "Html": {"Data": html, "Charset": "UTF-8"}},
        }
    }
    request["ListManagementOptions"] = options
    return request


SERVICE = Service(
    "ses",
    "Amazon SES",
    "{{amazonSESUnsubscribeUrl}}",
    None,
    characters="{}",
    header_refused=r"[{}]",
    settings=("topic",),
    campaign=_campaign,
    no_publish=(
        "Amazon SES has no campaigns or drafts: it sends one message a call. Make campaign.json with --format"
        " campaign, send it to yourself with aws sesv2 send-email, then let your sending job send it to each "
        "contact of the list (docs/sending.md, Amazon SES)"
    ),
)
