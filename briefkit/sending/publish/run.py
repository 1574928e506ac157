"""`briefkit publish`: the edition into the series' delivering service as a draft campaign, or scheduled, through
the service's API; the campaign's id kept beside the manifest so that the next publish changes that one campaign.
Every failure is one line naming the service and what it said; nothing is left half-made."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.edition.model import Delivery
from briefkit.edition.prepare import prepare
from briefkit.errors import BriefkitError, Finding, Location, MessageError
from briefkit.render.campaign import campaign
from briefkit.render.outputs import render_outputs
from briefkit.render.services import SERVICES
from briefkit.render.services.service import Publishing, Service
from briefkit.render.templates import load_theme
from briefkit.sending.publish.base import Api, Gone, HalfMade, Made, Publisher
from briefkit.sending.publish.http import TIMEOUT, Client, DryRun, Refused, Unanswered, plain_http_refused
from briefkit.sending.publish.kept import Kept, kept_path_of, read_kept, write_kept
from briefkit.sending.publish.mailchimp import data_centre
from briefkit.sending.publish.publishers import PUBLISHERS
from briefkit.sending.publish.when import schedule_time

TOKEN_VARIABLE = "BRIEFKIT_DELIVERY_TOKEN"
USER_VARIABLE = "BRIEFKIT_DELIVERY_USER"


@dataclass
class Published:
    service: str  # as the docs call it
    id: str | int
    web_url: str  # the campaign's page in the service's web interface
    created: bool  # False: the kept campaign was changed
    scheduled: dt.datetime | None
    kept_file: Path
    requests: list[str] = field(default_factory=list)  # a dry run's requests, credentials masked
    warnings: list[Finding] = field(default_factory=list)


def _said(service: Service, error: Refused | Unanswered, request: str = "") -> str:
    if isinstance(error, Unanswered):
        return f"{service.name} {error}"
    hint = ""
    if error.status in (401, 403):
        variables = (
            f"{USER_VARIABLE} and {TOKEN_VARIABLE}"
            if service.publishing and service.publishing.user
            else TOKEN_VARIABLE
        )
        hint = f"; check {variables}"
    return f"{service.name} answered {error.status}{' to ' + request if request else ''}: {error.said}{hint}"


def _failed(message: str) -> MessageError:
    return MessageError.at(Location(Path("publish")), message)


def _base(delivery: Delivery, service: Service, publishing: Publishing, token: str | None) -> tuple[str, str]:
    """The API's address, without a trailing slash, and Mailchimp's data centre ('' elsewhere)."""
    centre = data_centre(token) if token else None
    if service.key == "mailchimp" and token and centre is None:
        raise _failed(
            f"{TOKEN_VARIABLE} is not a Mailchimp API key: a key ends in its data centre after a dash, like -us21"
        )
    where = delivery.api_url_where or delivery.where
    url = delivery.api_url or publishing.api_url
    if url is None:
        raise MessageError.at(
            delivery.where,
            f"{service.name} is self-hosted: publish needs its address; add api_url: under delivery:, like "
            "api_url: https://lists.example.org",
            "delivery.api_url",
        )
    refused = plain_http_refused(url)
    if refused:
        raise MessageError.at(where, refused, "delivery.api_url")
    return url.rstrip("/").replace("{dc}", centre or "<dc>"), centre or "<dc>"


def publish(
    manifest_path: Path,
    schedule: str | None = None,
    dry_run: bool = False,
    environ: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> Published:
    """Put the edition into its service: create the campaign as a draft (scheduled at ``schedule``), or change the
    one made before. Raises BriefkitError with one line for each way it can fail."""
    environ = os.environ if environ is None else environ
    manifest_path = Path(manifest_path)
    prepared = prepare(manifest_path)
    edition = prepared.edition
    delivery = edition.delivery
    if delivery is None:
        raise MessageError.at(
            prepared.manifest.edition.where("series"),
            "publish needs the service that delivers the list; add delivery: {service: ...} to the series file "
            "(listmonk, buttondown or mailchimp; see docs/sending.md)",
            "delivery",
        )
    service = SERVICES[delivery.service]
    publishing, publisher = service.publishing, PUBLISHERS.get(service.key)
    if publishing is None or publisher is None:
        raise MessageError.at(delivery.where, f"publish: {service.no_publish}", "delivery.service")
    when = schedule_time(schedule, edition.timezone) if schedule else None
    token, user = environ.get(TOKEN_VARIABLE), environ.get(USER_VARIABLE)
    if not dry_run:
        if not token:
            raise _failed(
                f"set {TOKEN_VARIABLE} to your {service.name} API key (never write it in a file of the project)"
            )
        if publishing.user and not user:
            raise _failed(f"set {USER_VARIABLE} to the {service.name} API user the key belongs to")
    base, centre = _base(delivery, service, publishing, token)

    theme = load_theme(prepared.theme, prepared.root)
    rendered = render_outputs(edition, theme, ["email", "text"])
    fields = campaign(edition, rendered.files["email.html"], rendered.files["email.txt"])
    kept_path = kept_path_of(manifest_path)
    kept = read_kept(kept_path)
    if kept is not None and kept.service != service.key:
        raise MessageError.at(
            Location(kept_path),
            f"keeps a {kept.service} campaign ({kept.id}), but the series delivers with {service.key}; delete the "
            "file to create a new campaign there",
        )
    api: Api
    if dry_run:
        api = DryRun(base, publisher.masked(), publisher.dry_reply())
    else:
        api = Client(base, publisher.credentials(user, token or ""), publisher.said, timeout)
    also = {prepared.feeds.lock_path: prepared.feeds.lock} if prepared.feeds.lock is not None else {}
    made = (
        _update(publisher, api, kept, kept_path, fields, when)
        if kept is not None
        else _create(publisher, api, base, kept_path, fields, when, also, dry_run)
    )
    web = publishing.web.format(
        api_url=base, id=made.id, web_id=made.web_id if made.web_id is not None else made.id, dc=centre
    )
    return Published(
        service.name,
        made.id,
        web,
        kept is None,
        when,
        kept_path,
        api.lines if isinstance(api, DryRun) else [],
        list(prepared.warnings) + rendered.warnings,
    )


def _update(
    publisher: Publisher, api: Api, kept: Kept, kept_path: Path, fields: dict[str, object], when: dt.datetime | None
) -> Made:
    service = publisher.service
    made = Made(kept.id, kept.web_id)
    try:
        state = publisher.state(api, made)
    except Gone:
        raise MessageError.at(
            Location(kept_path),
            f"{service.name} has no campaign {kept.id} any more; delete this file to create a new campaign",
        ) from None
    except (Refused, Unanswered) as error:
        raise _failed(_said(service, error)) from None
    assert service.publishing is not None
    if state not in service.publishing.editable:
        raise _failed(
            f"{service.name}'s campaign {kept.id} is {state}: it was sent or is being sent, and is not changed; to "
            f"publish this edition again as a new campaign, delete {kept_path.name}"
        )
    try:
        publisher.update(api, made, fields, when, state)
    except (Refused, Unanswered) as error:
        raise _failed(
            _said(service, error) + f" (campaign {kept.id}, which keeps what it had before this call)"
        ) from None
    return made


def _create(
    publisher: Publisher,
    api: Api,
    base: str,
    kept_path: Path,
    fields: dict[str, object],
    when: dt.datetime | None,
    also: dict[Path, bytes],
    dry_run: bool,
) -> Made:
    service = publisher.service
    try:
        made = publisher.create(api, fields, when)
    except HalfMade as half:
        said = _said(service, half.error, half.step)
        if half.cleaned:
            raise _failed(
                f"{said}; the campaign it had just created ({half.left}) was deleted, so nothing was made"
            ) from None
        raise _failed(
            f"{said}; the campaign it had just created ({half.left}) could not be deleted either: delete it in "
            f"{service.name}"
        ) from None
    except (Refused, Unanswered) as error:
        raise _failed(_said(service, error)) from None
    if not dry_run:
        try:
            write_kept(kept_path, Kept(service.key, base, made.id, made.web_id), also)
        except BriefkitError as error:
            raise _failed(
                f"{service.name} made campaign {made.id}, but its id could not be kept ({error}); delete the "
                "campaign there, or keep its id by hand, before publishing again"
            ) from None
    if when:
        try:
            publisher.schedule(api, made, when)
        except (Refused, Unanswered) as error:
            raise _failed(f"{_said(service, error)}; campaign {made.id} was made as a draft, not scheduled") from None
    return made
