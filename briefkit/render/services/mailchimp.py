"""Mailchimp: merge tags *|NAME|* (and *|IF:...|*) in the content, subject line and preview text. Two calls:
POST /3.0/campaigns with `campaign` (saved as a draft), then PUT /3.0/campaigns/{id}/content with `content`."""

from __future__ import annotations

from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.render.services.service import ListSetting, Service, campaign_name, needed_list


def _campaign(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    return {
        "campaign": {
            "type": "regular",
            "recipients": {"list_id": needed_list(SERVICE, delivery)},
            "settings": {
                "subject_line": edition.subject,
                "preview_text": edition.preheader,
                "title": campaign_name(edition),
                "from_name": edition.sender_name,
                "reply_to": edition.message.reply_to or edition.sender_address,
            },
        },
        "content": {"html": html, "plain_text": text},
    }


SERVICE = Service(
    "mailchimp",
    "Mailchimp",
    "*|UNSUB|*",
    "*|ARCHIVE|*",
    characters="*|",
    header_refused=r"\*\||\|\*",
    list_setting=ListSetting("the audience id", "a1b2c3d4e5"),
    campaign=_campaign,
)
