"""listmonk: Go templates in the body, the text part, the subject and the From line (an address followed by
@TrackLink becomes a TrackLink action); POST /api/campaigns creates a draft campaign."""

from __future__ import annotations

from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.errors import MessageError
from briefkit.render.services.service import (
    Publishing,
    Service,
    campaign_name,
    needed_list,
    printed,
    sender,
)


def _campaign(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    given = needed_list(delivery, "the id of the list", "3")
    try:
        lists = [int(part) for part in given.split(",")]
    except ValueError:
        raise MessageError.at(
            delivery.where,
            f"listmonk's lists are numbered; '{given}' is not a list id (or ids separated by commas), like 3 or 3, 4",
            "delivery.list",
        ) from None
    campaign: dict[str, Any] = {
        "name": campaign_name(edition),
        "subject": edition.subject,
        "lists": lists,
        "from_email": sender(edition),
        "type": "regular",
        "content_type": "html",
        "body": html,
        "altbody": text,
        "messenger": "email",
        "tags": [edition.series_key] if edition.series_key else [],
    }
    if delivery.template is not None:
        campaign["template_id"] = delivery.template
    return campaign


SERVICE = Service(
    "listmonk",
    "listmonk",
    "{{ UnsubscribeURL }}",
    "{{ MessageURL }}",
    characters="{}@",
    text_form=printed,
    header_refused=r"[{}]|@TrackLink",
    settings=("template",),
    campaign=_campaign,
    # Self-hosted: no public address. A campaign can be changed while it is a draft, scheduled or paused (listmonk's
    # canEditCampaign); running, finished and cancelled ones are refused.
    publishing=Publishing(
        None, frozenset({"draft", "scheduled", "paused"}), "{api_url}/admin/campaigns/{id}", user=True
    ),
)
