"""Keep the latest finished render of each previewed edition, re-rendering off to the side when files change.

A save renders the email and the text, which the page shows at once; the PDF (about three times their time) is
made only when it is asked for, that is while the page's PDF view is open, from the same render's edition."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from briefkit.edition.model import Edition, Image, Logo
from briefkit.edition.prepare import Prepared, prepare
from briefkit.errors import BriefkitError
from briefkit.io.outbox import EDITION_PDF, EMAIL_HTML
from briefkit.io.reads import LISTING
from briefkit.render.email_measure import EmailStats, measure
from briefkit.render.email_message import list_unsubscribe
from briefkit.render.outputs import render_outputs
from briefkit.render.services import service_of
from briefkit.render.templates import CACHE, Theme, load_theme

PREVIEW_FORMATS = ["email", "text"]  # on each save; the PDF when asked for (EditionPreview.pdf)


@dataclass(frozen=True)
class Snapshot:
    """One finished render (or the problems that stopped it), as the preview page shows it."""

    version: int
    files: dict[str, bytes] = field(default_factory=dict)  # email.html, email.txt
    made: int = 0  # the version of the render whose files these are (a failed attempt keeps the last good one's)
    title: str = ""
    subject: str = ""
    preheader: str = ""
    sender: str = ""
    list_unsubscribe: str = ""
    draft: bool = False  # status: draft  # the header as the message file has it, or who adds it
    stats: EmailStats | None = None
    assets: tuple[Path, ...] = ()  # the assets/ folders along the theme's search path: all that is served besides
    warnings: tuple[str, ...] = ()
    pictures: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # served at pictures/<name>: type, bytes
    errors: tuple[str, ...] = ()  # located problems of the last attempt; the files are the last good render's
    watched: frozenset[Path] = frozenset()  # the folders whose files this render read, and its theme's folders


@dataclass(frozen=True)
class PdfRender:
    """The PDF of one render's edition, or the problem that stopped it."""

    made: int  # the Snapshot.made it is of
    data: bytes | None
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True)
class _PrintSource:
    made: int
    edition: Edition
    theme: Theme


_Picture = TypeVar("_Picture", Image, Logo)


def shown_here(edition: Edition) -> tuple[Edition, dict[str, tuple[str, bytes]]]:
    """The edition as the preview renders it, and the pictures it serves by name: a `file:` picture whose address
    is where the archive will publish it is loaded from the preview itself, so it shows before the archive is
    published."""
    pictures: dict[str, tuple[str, bytes]] = {}

    def here(picture: _Picture) -> _Picture:
        file = picture.file
        if file is None or not picture.src or not picture.src.endswith("/" + file.published):
            return picture
        name = file.published.rsplit("/", 1)[-1]
        pictures[name] = (file.media_type, file.data)
        return replace(picture, src=f"pictures/{name}")

    return edition.with_pictures(here), pictures


def list_unsubscribe_shown(edition: Edition) -> str:
    """The List-Unsubscribe header of the message file, or, when the list's service adds it, that it does."""
    service = service_of(edition)
    if service is not None and service.own_list_headers:
        return f"added by {service.name}, with each reader's own address"
    return list_unsubscribe(edition)


def watched_folders(prepared: Prepared) -> frozenset[Path]:
    """Where a change can change this render: the folder of each file it read (or looked for), each folder it
    listed, and every folder of its theme's search path. briefkit's own cache is left out."""
    folders: set[Path] = set()
    for read in prepared.reads.files.values():
        path = Path(read.path)
        folder = path.parent if read.kind != LISTING else Path(read.path.rpartition(os.sep)[0])
        while not folder.is_dir() and folder != folder.parent:  # a missing file's folder may not exist yet
            folder = folder.parent
        folders.add(folder)
    for theme_folder in prepared.theme.folders:
        folders.add(theme_folder)
        folders.update(path for path in theme_folder.rglob("*") if path.is_dir())
    return frozenset(folder for folder in folders if CACHE not in folder.parts)


class EditionPreview:
    """The preview of one manifest: its latest snapshot, and a way to wait for the next one."""

    def __init__(self, manifest: Path, root: Path) -> None:
        self.manifest = manifest
        self.root = root
        self.slug = manifest.stem
        self.snapshot = Snapshot(version=0)
        self.changed = threading.Condition()
        self._source: _PrintSource | None = None  # what the PDF of the latest good render is made from
        self._pdf: PdfRender | None = None
        self._pdf_lock = threading.Lock()  # one PDF at a time, and each once

    def render(self) -> Snapshot:
        """Render now (in the calling thread) and publish the result; the page never sees half of one."""
        previous = self.snapshot
        source: _PrintSource | None = None
        try:
            prepared = prepare(self.manifest)
            shown, pictures = shown_here(prepared.edition)
            theme = load_theme(prepared.theme, prepared.root)
            rendered = render_outputs(shown, theme, PREVIEW_FORMATS)
        except BriefkitError as error:  # keep showing the last good render, with the problems above it
            snapshot = replace(
                previous, version=previous.version + 1, warnings=(), errors=tuple(error.display(self.root).splitlines())
            )
        else:
            edition = prepared.edition
            html = rendered.files.get(EMAIL_HTML, b"")
            failures = tuple(line for failure in rendered.failures for line in failure.display(self.root).splitlines())
            version = previous.version + 1
            source = _PrintSource(version, shown, theme)
            snapshot = Snapshot(
                version=version,
                files=rendered.files,
                made=version,
                title=edition.title,
                subject=edition.subject,
                preheader=edition.preheader,
                sender=f"{edition.sender_name} <{edition.sender_address}>",
                list_unsubscribe=list_unsubscribe_shown(edition),
                draft=edition.draft,
                stats=measure(html),
                assets=tuple(folder / "assets" for folder in prepared.theme.folders),
                pictures=pictures,
                warnings=tuple(w.display(self.root) for w in prepared.warnings + rendered.warnings) + failures,
                watched=watched_folders(prepared),
            )
        with self.changed:
            if source is not None:
                self._source = source
            self.snapshot = snapshot
            self.changed.notify_all()
        return snapshot

    def pdf_made(self) -> PdfRender | None:
        """The PDF of the current render's edition when it has been made (or has failed), without making it."""
        with self.changed:
            pdf, made = self._pdf, self.snapshot.made
        return pdf if pdf is not None and pdf.made == made else None

    def pdf(self) -> PdfRender | None:
        """The PDF of the current render's edition, made now (in the calling thread) unless it was made already;
        None before the first good render."""
        with self._pdf_lock:
            with self.changed:
                source = self._source
            if source is None:
                return None
            if self._pdf is not None and self._pdf.made == source.made:
                return self._pdf
            started = time.perf_counter()
            try:
                rendered = render_outputs(source.edition, source.theme, ["pdf"])
            except BriefkitError as error:
                made = PdfRender(source.made, None, tuple(error.display(self.root).splitlines()))
            else:
                failures = (line for failure in rendered.failures for line in failure.display(self.root).splitlines())
                warnings = tuple(w.display(self.root) for w in rendered.warnings) + tuple(failures)
                made = PdfRender(source.made, rendered.files.get(EDITION_PDF), warnings)
            made = replace(made, seconds=time.perf_counter() - started)
            with self.changed:
                self._pdf = made
            return made

    def wait_newer(self, version: int, timeout: float) -> Snapshot:
        """The snapshot once it is newer than ``version``, or the current one after ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.snapshot.version > version, timeout=timeout)
            return self.snapshot
