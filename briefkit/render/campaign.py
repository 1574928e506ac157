"""`--format campaign`: outbox/<slug>/campaign.json, the edition in the field names the delivering service's API
takes to create a campaign (or, for the services that have no campaigns, to send one message). Each service's
fields are made by its module in render/services/; docs/sending.md gives, per service, the call that sends this
file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefkit.edition.model import Edition
from briefkit.errors import Location, MessageError
from briefkit.render.delivery import campaign_words
from briefkit.render.services import SERVICES

_LISTED = [key for key, service in SERVICES.items() if service.campaign]
NO_SERVICE = (
    "--format campaign needs the service that delivers the list; add delivery: {service: ...} to the series file "
    f"({', '.join(_LISTED[:-1])} or {_LISTED[-1]}; see docs/sending.md)"
)


def campaign(edition: Edition, html: bytes, text: bytes) -> dict[str, Any]:
    """The campaign as the series' delivering service takes it."""
    delivery = edition.delivery
    if delivery is None:
        raise MessageError.at(Location(Path("--format")), NO_SERVICE, "delivery")
    maker = SERVICES[delivery.service].campaign
    if maker is None:  # smtp: your own server takes the message file
        raise MessageError.at(
            delivery.where,
            "a campaign is for a list service; with service: smtp, hand your server the message file "
            "(--format eml writes email.eml)",
            "delivery.service",
        )
    # The subject, preview text and names made safe for the service's template language, the From line checked;
    # the bodies were made safe as they were rendered.
    return maker(campaign_words(edition), delivery, html.decode("utf-8"), text.decode("utf-8"))


def render_campaign(edition: Edition, html: bytes, text: bytes) -> bytes:
    """campaign.json: the same edition gives the same bytes."""
    return (json.dumps(campaign(edition, html, text), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
