"""Page furniture as artifacts: the running header and the "Page N of M" footer of the PDF are marked as
/Artifact (PDF/UA, ISO 14289-1, 7.8), not as content, so a screen reader does not read them on every page and
they stay out of the structure tree.

WeasyPrint 69 (pinned, see the README) tags what page margin boxes hold like any text but leaves it out of the
structure tree; here it is marked as an artifact instead. Three small wrappers, put in place once, around
WeasyPrint's page drawing, its marked-content helper and its structure tree builder. Only text inside @page
margin boxes is affected.

The wrappers reach into WeasyPrint's internals, which change between major versions without notice; so before
putting them in place, the installed version is checked, and any other major version than the one they were
written for is refused with a message saying how to install that one, rather than patched blindly."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from briefkit.errors import Location, OutputError

# The major version of WeasyPrint the wrappers were written for: pyproject.toml's range and requirements/run.txt
# pin the same (see the README for why 69).
SUPPORTED_MAJOR = "69"

_in_margins: ContextVar[frozenset[int]] = ContextVar("briefkit_margin_boxes", default=frozenset())
_installed = False


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _descendants(child)


def weasyprint_version() -> str | None:
    """The installed WeasyPrint's version, as its package metadata gives it; None when there is none."""
    try:
        return importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        return None


def check_version() -> None:
    """Refuse, with an OutputError at the PDF format, a WeasyPrint the wrappers were not written for."""
    found = weasyprint_version()
    if found is not None and found.split(".")[0] == SUPPORTED_MAJOR:
        return
    what = f"WeasyPrint {found} is installed" if found else "the installed WeasyPrint's version cannot be read"
    raise OutputError.at(
        Location(Path("--format")),
        f"{what}, but briefkit makes PDFs only with WeasyPrint {SUPPORTED_MAJOR}.x (it marks the running header "
        "and footer through WeasyPrint's internals, which differ in other versions); install the pinned version: "
        "run `make demo` in briefkit's checkout, or `pip install --require-hashes --no-deps -r "
        f"requirements/run.txt`, or `pip install 'weasyprint>={SUPPORTED_MAJOR},<{int(SUPPORTED_MAJOR) + 1}'`",
        "pdf",
    )


def install() -> None:
    """Put the wrappers in place (once per process; before WeasyPrint draws a page), after checking the installed
    WeasyPrint is the version they were written for (OutputError otherwise, with nothing patched)."""
    global _installed
    check_version()
    if _installed:
        return
    from weasyprint import document
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream, tags

    draw_page = document.draw_page
    marked = stream.Stream.marked
    build_box_tree = tags._build_box_tree

    def draw_page_marking_margins(page: Any, out: Any) -> None:
        margins = [child for child in page.children if isinstance(child, boxes.MarginBox)]
        token = _in_margins.set(frozenset(id(box) for margin in margins for box in _descendants(margin)))
        try:
            draw_page(page, out)
        finally:
            _in_margins.reset(token)

    @contextmanager
    def marked_or_artifact(self: Any, box: Any, tag: str) -> Iterator[None]:
        if id(box) in _in_margins.get():
            with self.artifact():
                yield
        else:
            with marked(self, box, tag):
                yield

    def tree_without_margins(box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox):
            return iter(())
        return build_box_tree(box, *args, **kwargs)  # type: ignore[no-any-return]

    document.draw_page = draw_page_marking_margins
    stream.Stream.marked = marked_or_artifact
    tags._build_box_tree = tree_without_margins
    _installed = True
