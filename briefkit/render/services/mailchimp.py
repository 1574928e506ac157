"""Mailchimp: merge tags *|NAME|* (and *|IF:...|*) in the content, subject line and preview text. Two calls:
POST /3.0/campaigns with `campaign` (saved as a draft), then PUT /3.0/campaigns/{id}/content with `content`."""

from __future__ import annotations

from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.render.services.service import Publishing, Service, campaign_name, needed_list


def _campaign(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    return {
        "campaign": {
            "type": "regular",
            "recipients": {"list_id": needed_list(delivery, "the audience id", "a1b2c3d4e5")},
            "settings": {
                "subject_line": edition.subject,
                "preview_text": edition.preheader,
                "title": campaign_name(edition),
                # Mailchimp's reply_to is the address the campaign is sent from (it has no other sender field);
                # `message: reply_to:` has no place in a Mailchimp campaign.
                "from_name": edition.sender_name,
                "reply_to": edition.sender_address,
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
    campaign=_campaign,
    # save is Mailchimp's draft; a scheduled or paused campaign can be changed too (a scheduled one is unscheduled
    # first); sending, sent, canceling, canceled and archived are refused.
    publishing=Publishing(
        "https://{dc}.api.mailchimp.com/3.0",
        frozenset({"save", "schedule", "paused"}),
        "https://{dc}.admin.mailchimp.com/campaigns/edit?id={web_id}",
    ),
)
