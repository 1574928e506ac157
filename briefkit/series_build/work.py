"""One edition of a build, made in a worker process: every format, its record (its archive entry, what it read, its
outputs with their digests, its article's key, its warnings), its feed content and archive article, all in memory.
The build writes what comes back; a worker writes nothing."""

from __future__ import annotations

from pathlib import Path

from briefkit.archive.accessibility_page import edition_report_page
from briefkit.archive.calendar import calendar_files
from briefkit.archive.files import ACCESSIBILITY_PAGE
from briefkit.archive.pages import render_article
from briefkit.edition.prepare import prepare
from briefkit.errors import BriefkitError, Finding
from briefkit.io.outbox import EDITION_PDF, EMAIL_HTML
from briefkit.render.feed_entry import entry_content
from briefkit.render.outputs import render_outputs
from briefkit.render.services import service_of
from briefkit.series_build.results import Failed, Made
from briefkit.series_feeds.collect import Themes, edition_record
from briefkit.series_feeds.record import Standing, digest, text_key
from briefkit.series_feeds.site import WEB

# Within one build, each theme is loaded and read once per process, not once per edition (a build forgets them
# before it starts, so a theme edited between two builds in one process is seen).
_themes = Themes()


def forget_themes() -> None:
    global _themes
    _themes = Themes()


def make(manifest: str, root: str, formats: list[str], drafts: bool) -> Made | Failed:
    """Make one edition; its problems come back as text, never as an exception."""
    try:
        return _make(Path(manifest), formats, drafts)
    except BriefkitError as error:
        return Failed(manifest, error.display(Path(root)))


def _make(manifest: Path, formats: list[str], drafts: bool) -> Made:
    prepared = prepare(manifest)
    edition = prepared.edition
    theme = _themes.loaded(prepared)
    reads = _themes.reads(prepared)
    service = service_of(edition)
    wanted = (
        [*formats, "campaign"] if service is not None and service.unsubscribe and "campaign" not in formats else formats
    )
    if not edition.corrections:  # the correction message is made for the editions that have one
        wanted = [name for name in wanted if name != "correction"]
    record = edition_record(prepared, reads)
    published = drafts or not edition.draft
    # The accessibility page checks the email even when it is not among the formats: rendered with the others (in
    # one job, so that the message file and the campaign reuse it and the text its prepared edition), not written.
    email_unwritten = published and record.entry is not None and "email" not in wanted
    rendered = render_outputs(edition, theme, [*wanted, "email"] if email_unwritten else wanted)
    email = rendered.files.pop(EMAIL_HTML) if email_unwritten else rendered.files.get(EMAIL_HTML)
    files = {f"{edition.slug}/{name}": data for name, data in rendered.files.items()}
    content = entry_content(edition, theme)
    texts = {text_key(content): content}
    if published:
        made = render_article(edition, theme)
        record.article = text_key(made.html)
        texts[record.article] = made.html
        for name, data in made.pictures.items():  # shared by the editions that show them
            files[f"{WEB}/{name}"] = data
        if EDITION_PDF in rendered.files:
            files[f"{WEB}/{edition.slug}/{EDITION_PDF}"] = rendered.files[EDITION_PDF]
        if record.entry is not None and email is not None:  # what it was checked for, beside its page
            pdf = rendered.files.get(EDITION_PDF)
            page = edition_report_page(edition, record.entry, made.html, email, pdf, theme)
            files[f"{WEB}/{edition.slug}/{ACCESSIBILITY_PAGE}"] = page
        for name, data in calendar_files(edition).items():  # each event's .ics, beside the page
            files[f"{WEB}/{edition.slug}/{name}"] = data
    failures = [failure.display(prepared.root) for failure in rendered.failures]
    record.content = text_key(content)
    record.outputs = {path: (len(data), digest(data)) for path, data in files.items()}
    failed_alone = [Finding.noted(problem, "pdf") for failure in rendered.failures for problem in failure.problems]
    record.warnings = (*prepared.warnings, *rendered.warnings, *failed_alone)
    if record.standing is not Standing.NETWORK:
        record.standing = Standing.BUILT
    lock = (str(prepared.feeds.lock_path), prepared.feeds.lock) if prepared.feeds.lock is not None else None
    return Made(str(manifest), record, files, texts, lock, failures)
