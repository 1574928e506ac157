"""The delivering services, one module each: adding a service is a module here, a line below, and its section in
docs/sending.md."""

from __future__ import annotations

from briefkit.edition.model import Edition
from briefkit.render.services import buttondown, listmonk, mailchimp, mailgun, postmark, ses, smtp
from briefkit.render.services.service import Service

SERVICES: dict[str, Service] = {
    module.SERVICE.key: module.SERVICE for module in (listmonk, buttondown, mailchimp, ses, postmark, mailgun, smtp)
}


def service_of(edition: Edition) -> Service | None:
    """The service the edition is delivered by, or None when the series names none."""
    return SERVICES[edition.delivery.service] if edition.delivery is not None else None
