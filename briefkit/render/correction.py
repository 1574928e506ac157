"""`--format correction`: a short message telling readers of an edition's latest correction, linking to the
corrected archive page, in the edition's forms: HTML (the theme's correction.mjml through the email's pipeline),
text (correction.txt), the message file and, when the series names a list service, its campaign. It goes into
outbox/<slug>/correction/, never into the archive or the feeds; the edition's own email and Message-ID stay as sent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from briefkit.edition.corrections import ONE
from briefkit.edition.model import Correction, Edition
from briefkit.errors import Location, ManifestError
from briefkit.io.outbox import CAMPAIGN, EMAIL_HTML, EMAIL_MESSAGE, EMAIL_TEXT
from briefkit.manifest.catalogue import messages_for
from briefkit.manifest.markdown import to_plain
from briefkit.render import markdown
from briefkit.render.delivery import carried_for, finish_html, finish_text, hand_over
from briefkit.render.email_text import WIDTH
from briefkit.render.mjml import compile_mjml
from briefkit.render.services import service_of
from briefkit.render.templates import Theme

FOLDER = "correction"  # outbox/<slug>/correction/: email.html, email.txt, email.eml, campaign.json
HTML_TEMPLATE = "correction.mjml"
TEXT_TEMPLATE = "correction.txt"
SUBJECT = "Correction: %(subject)s"
NONE = (
    "--format correction tells readers of the edition's latest correction, and this edition has none; add "
    "'corrections:' with its date and text to the manifest (docs/manifest.md, Corrections)"
)


def told(edition: Edition, theme: Theme) -> tuple[Edition, Correction]:
    """The edition as the message's header lines and templates take it (its subject "Correction: <subject>", its
    preview text the notice), and the correction it tells of; a located error for an edition without one."""
    if not edition.corrections:
        raise ManifestError.at(Location(Path("--format")), NONE, "corrections")
    latest = edition.corrections[-1]
    words = messages_for(theme.spec, edition.lang)
    said = f"{words.gettext(ONE, date=latest.date_text)} {to_plain(latest.text)}"
    return dataclasses.replace(edition, subject=words.gettext(SUBJECT, subject=edition.subject), preheader=said), latest


def render_correction(edition: Edition, theme: Theme) -> dict[str, bytes]:
    """The message's files, by their names in the edition's folder of the outbox."""
    from briefkit.render.email_message import correction_id, render_message

    message, latest = told(edition, theme)
    handed = hand_over(message)
    page = carried_for(message, edition.web_url) if edition.web_url else None
    mjml = theme.markup.get_template(HTML_TEMPLATE).render(
        edition=handed, correction=handed.corrections[-1], page_url=page
    )
    html = finish_html(message, compile_mjml(mjml, theme, HTML_TEMPLATE)).encode("utf-8")
    text_made = theme.text.get_template(TEXT_TEMPLATE).render(
        edition=handed, correction=handed.corrections[-1], page_url=page, refs=markdown.LinkRefs(), width=WIDTH
    )
    lines = "\n".join(line.rstrip() for line in text_made.strip("\n").split("\n"))
    text = finish_text(message, re.sub(r"\n{3,}", "\n\n", lines) + "\n").encode("utf-8")
    hour, minute = (int(part) for part in edition.message.send_time.split(":"))
    sent = dt.datetime.combine(latest.date, dt.time(hour, minute), ZoneInfo(edition.timezone))
    files = {
        f"{FOLDER}/{EMAIL_HTML}": html,
        f"{FOLDER}/{EMAIL_TEXT}": text,
        f"{FOLDER}/{EMAIL_MESSAGE}": render_message(
            message, html, text, sent=sent, identifier=correction_id(edition, latest.date)
        ),
    }
    service = service_of(edition)
    if service is not None and service.campaign is not None:
        from briefkit.render.campaign import render_campaign

        # Named by its subject in the service's list of campaigns, beside the edition's own.
        files[f"{FOLDER}/{CAMPAIGN}"] = render_campaign(dataclasses.replace(message, title=message.subject), html, text)
    return files
