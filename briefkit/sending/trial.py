"""A test send of one edition: rendered in memory as the message file is, with "[Test] " before the subject, and
sent through the SMTP server the series (or the command line) names. `briefkit send` and the preview's "Send test"
form both come here."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from briefkit.edition.prepare import Prepared, prepare
from briefkit.errors import Location, MessageError
from briefkit.manifest.series_fields import SMTP
from briefkit.render.email_message import fresh_message_id, render_message
from briefkit.render.outputs import render_outputs
from briefkit.render.templates import load_theme
from briefkit.sending.smtp import PASSWORD_VARIABLE, SmtpSettings, check_recipients, send

PREFIX = "[Test] "


@dataclass
class TrialSend:
    """A test send that went out: its Message-ID, and the addresses the server accepted."""

    message_id: str
    accepted: list[str]


def smtp_settings(prepared: Prepared, given: dict[str, object] | None = None) -> SmtpSettings:
    """The server to send through: the series' smtp: settings, with what is ``given`` (the options) in their
    stead. A located error when there is no server to send through."""
    values = {**(prepared.manifest.settings.get("smtp") or {}), **{k: v for k, v in (given or {}).items() if v}}
    if not values.get("host"):
        raise MessageError.at(
            prepared.manifest.edition.where("series"),
            "there are no smtp: settings to send through; add smtp: {host: ...} to the series file, or give "
            "--smtp-host",
            "smtp",
        )
    filled = SMTP.filled(values)
    if filled["security"] not in ("starttls", "tls", "none"):
        raise MessageError.at(Location(Path("--smtp-security")), "choose starttls, tls or none")
    return SmtpSettings(
        host=str(filled["host"]),
        security=str(filled["security"]),
        port=int(filled["port"]) if filled.get("port") else None,
        username=str(filled["username"]) if filled.get("username") else None,
    )


def trial_message(prepared: Prepared, prefix: bool = True, now: dt.datetime | None = None) -> tuple[bytes, str]:
    """The message's bytes and its Message-ID. A test goes to the editor, not through the list's service, so it
    has the series' own unsubscribe address, not the service's placeholders; like any message sent, it is dated
    when it is sent (``now``, in the series' time zone) and has a Message-ID of its own."""
    edition = replace(prepared.edition, delivery=None)
    rendered = render_outputs(edition, load_theme(prepared.theme, prepared.root), ["email", "text"])
    html, text = rendered.files["email.html"], rendered.files["email.txt"]
    sent = (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(edition.timezone)).replace(microsecond=0)
    identifier = fresh_message_id(edition)
    return render_message(edition, html, text, PREFIX if prefix else "", sent, identifier), identifier


def send_trial(
    manifest_path: Path, recipients: list[str], smtp: dict[str, object] | None = None, prefix: bool = True
) -> TrialSend:
    """Render the edition in memory and send it to ``recipients`` (at most 10). Raises BriefkitError; writes
    nothing."""
    check_recipients(recipients)
    prepared = prepare(manifest_path)
    settings = smtp_settings(prepared, smtp)
    data, identifier = trial_message(prepared, prefix)
    accepted = send(data, prepared.edition.sender_address, recipients, settings, os.environ.get(PASSWORD_VARIABLE))
    return TrialSend(identifier, accepted)
