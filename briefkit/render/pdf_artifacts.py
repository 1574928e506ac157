"""Page furniture as artifacts: the running header and the "Page N of M" footer of the PDF are marked as
/Artifact (PDF/UA, ISO 14289-1, 7.8), not as content, so a screen reader does not read them on every page and
they stay out of the structure tree.

WeasyPrint 69 (pinned, see the README) tags what page margin boxes hold like any text but leaves it out of the
structure tree; here it is marked as an artifact instead. Three small wrappers, put in place once, around
WeasyPrint's page drawing, its marked-content helper and its structure tree builder. Only text inside @page
margin boxes is affected."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_in_margins: ContextVar[frozenset[int]] = ContextVar("briefkit_margin_boxes", default=frozenset())
_installed = False


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _descendants(child)


def install() -> None:
    """Put the wrappers in place (once per process; before WeasyPrint draws a page)."""
    global _installed
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
