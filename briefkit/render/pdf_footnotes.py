"""Footnotes laid out once each: a wrapper around one step of WeasyPrint's page layout.

What WeasyPrint 69.0 does. Each time the text of a page calls a footnote (and each time a footnote is moved to
the next page or taken back), ``LayoutContext._update_footnote_area`` (weasyprint/layout/__init__.py) copies the
page's whole footnote area and lays it out again from the top, every footnote in it, to learn the area's new
height and so where the page's text must stop. A page with n footnotes lays out its first footnote n times,
its second n - 1 times, and so on: the cost of a footnote grows with the number of footnotes on its page
(1 + 2 + ... + n line layouts for n footnotes). The laid-out copy is thrown away each time; the page's final
footnote area is laid out once more, afresh, when the page is finished (weasyprint/layout/page.py).

What this wrapper changes. While ``_update_footnote_area`` lays out the copy, the layout of each footnote in it
is kept, for the page's footnote area, under everything that layout depended on: the footnote, the position it
was laid out at (x, y), the margins adjoining it from above, the space below it, whether the page was empty,
the width of the area, the floats of the page its lines flow around (the area is laid out in the page's block
formatting context), and the rest of ``block_level_layout``'s arguments. When the area is laid out again and
a footnote comes up with the same inputs (every footnote before the new one does: block layout is sequential,
and the area starts where it started), a copy of the kept layout is used instead of laying the footnote out
again; only the new footnote is laid out. The final layout of the page's footnote area, in ``make_page``
(weasyprint/layout/page.py), uses the kept layouts the same way, so a footnote is laid out once on its page (and
once more on the next page only when it is moved there). Every position, height and margin is the one
WeasyPrint computes itself, in the same order, so the area's height, the page breaks and the PDF are the same
to the byte.

A footnote's layout is kept only when it had no effect beyond its own box: it added no absolutely positioned
or fixed box, no float to the area, no footnote of its own, nothing broken to the next page, and it was
laid out whole. Anything else is laid out as WeasyPrint does, every time. The kept layouts belong to one page's
footnote area and go with it.

The wrapper reaches into WeasyPrint's internals, so it is put in place only on the version it was written
against (``WRITTEN_FOR``) and only when the functions it wraps have the signatures it expects; on any
other version, WeasyPrint lays footnotes out as it always does. ``stock_footnotes()`` turns it off for a block
of code (to compare, or to measure).

This module depends on nothing but WeasyPrint and the standard library, so that it can be offered upstream as
it is (there, the same idea fits inside ``_update_footnote_area`` itself).
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

# The WeasyPrint versions whose layout code this wrapper was written against and checked with (byte-identical
# PDFs with and without it); on any other version it is not put in place.
WRITTEN_FOR = frozenset({"69.0"})
_BLOCK_LEVEL_LAYOUT_PARAMETERS = (
    "context",
    "box",
    "bottom_space",
    "skip_stack",
    "containing_block",
    "page_is_empty",
    "absolute_boxes",
    "fixed_boxes",
    "adjoining_margins",
    "first_letter_style",
    "first_line_style",
    "discard",
    "max_lines",
)


@dataclass
class _Kept:
    """One footnote's layout, as ``block_level_layout`` returned it, and what it did to the margins it was given."""

    box: Any
    next_page: dict[str, Any]
    next_margins: list[float]
    margins_given_after: list[float]
    returned_margins_given: bool  # the list it returned is the one it was given
    collapsing_through: bool
    max_lines: Any


@dataclass
class _Updating:
    """The footnote area being updated: the page's area (whose layouts are kept) and the layout context."""

    area: Any
    context: Any


_enabled: ContextVar[bool] = ContextVar("footnotes_laid_out_once", default=True)
_updating: ContextVar[_Updating | None] = ContextVar("footnote_area_updating", default=None)
# The page's footnote area -> its footnotes' kept layouts; an entry goes when its area does.
_kept: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], _Kept]] = weakref.WeakKeyDictionary()
_installed: bool | None = None


def weasyprint_version() -> str:
    import weasyprint

    return str(weasyprint.__version__)


def applies() -> bool:
    """Whether the installed WeasyPrint is one this wrapper was written against, with the functions it wraps
    shaped as it expects (or wrapped already)."""
    return weasyprint_version() in WRITTEN_FOR and (bool(_installed) or _shaped_as_expected())


def _shaped_as_expected() -> bool:
    from weasyprint.layout import LayoutContext, block, page

    try:
        update: Callable[..., Any] = LayoutContext._update_footnote_area
        layout: Callable[..., Any] = block.block_level_layout
        from_page: Callable[..., Any] = page.block_level_layout
    except AttributeError:
        return False
    return (
        from_page is layout
        and tuple(inspect.signature(update).parameters) == ("self",)
        and tuple(inspect.signature(layout).parameters) == _BLOCK_LEVEL_LAYOUT_PARAMETERS
    )


@contextmanager
def stock_footnotes() -> Iterator[None]:
    """Within this block, footnotes are laid out as WeasyPrint itself does (every footnote each time)."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


def install() -> bool:
    """Put the wrapper in place (once per process) when it applies; whether it is in place."""
    global _installed
    if _installed is None:
        _installed = applies()
        if _installed:
            _wrap()
    return _installed


def _wrap() -> None:
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox
    from weasyprint.layout import LayoutContext, block, page

    update_footnote_area: Callable[[Any], bool] = LayoutContext._update_footnote_area
    block_level_layout: Callable[..., tuple[Any, ...]] = block.block_level_layout

    def update_footnote_area_keeping_layouts(self: Any) -> bool:
        if not _enabled.get():
            return update_footnote_area(self)
        token = _updating.set(_Updating(self.current_footnote_area, self))
        try:
            return update_footnote_area(self)
        finally:
            _updating.reset(token)

    def block_level_layout_once(
        context: Any,
        box: Any,
        bottom_space: Any,
        skip_stack: Any,
        containing_block: Any,
        page_is_empty: bool = True,
        absolute_boxes: list[Any] | None = None,
        fixed_boxes: list[Any] | None = None,
        adjoining_margins: list[float] | None = None,
        first_letter_style: Any = None,
        first_line_style: Any = None,
        discard: bool = False,
        max_lines: Any = None,
    ) -> tuple[Any, ...]:
        arguments = (
            context,
            box,
            bottom_space,
            skip_stack,
            containing_block,
            page_is_empty,
            absolute_boxes,
            fixed_boxes,
            adjoining_margins,
            first_letter_style,
            first_line_style,
            discard,
            max_lines,
        )
        updating = _updating.get()
        if (
            updating is None
            or context is not updating.context
            or type(containing_block) is not FootnoteAreaBox
            or skip_stack is not None
            or first_letter_style is not None
            or first_line_style is not None
            or absolute_boxes is None
            or fixed_boxes is None
            or adjoining_margins is None
        ):
            return block_level_layout(*arguments)
        footnote = _footnote_of(box, containing_block, context)
        if footnote is None:
            return block_level_layout(*arguments)
        key = (
            footnote,
            box.position_x,
            box.position_y,
            tuple(adjoining_margins),
            bottom_space,
            page_is_empty,
            discard,
            max_lines,
            context.forced_break,
            context.current_page,
            containing_block.position_x,
            containing_block.width,
            _floats_around(context),
        )
        kept_for_area = _kept.setdefault(updating.area, {})
        kept = kept_for_area.get(key)
        if kept is not None:
            adjoining_margins[:] = kept.margins_given_after
            next_margins = adjoining_margins if kept.returned_margins_given else list(kept.next_margins)
            return (
                kept.box.deepcopy(),
                None,
                dict(kept.next_page),
                next_margins,
                kept.collapsing_through,
                kept.max_lines,
            )
        before = _side_effects(context, absolute_boxes, fixed_boxes)
        result = block_level_layout(*arguments)
        new_box, resume_at, next_page, next_margins, collapsing_through, lines_left = result
        if new_box is not None and resume_at is None and _side_effects(context, absolute_boxes, fixed_boxes) == before:
            kept_for_area[key] = _Kept(
                box=new_box.deepcopy(),
                next_page=dict(next_page),
                next_margins=list(next_margins),
                margins_given_after=list(adjoining_margins),
                returned_margins_given=next_margins is adjoining_margins,
                collapsing_through=collapsing_through,
                max_lines=lines_left,
            )
        return result

    def page_block_level_layout(context: Any, box: Any, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """make_page's layout of the finished page's footnote area uses the layouts kept for it too."""
        if not _enabled.get() or type(box) is not FootnoteAreaBox or _updating.get() is not None:
            return block_level_layout(context, box, *args, **kwargs)
        token = _updating.set(_Updating(context.current_footnote_area, context))
        try:
            return block_level_layout(context, box, *args, **kwargs)
        finally:
            _updating.reset(token)

    LayoutContext._update_footnote_area = update_footnote_area_keeping_layouts
    block.block_level_layout = block_level_layout_once
    page.block_level_layout = page_block_level_layout


def _footnote_of(box: Any, area: Any, context: Any) -> Any:
    """The page's own footnote box that ``box`` (in the laid-out copy of the footnote area) is a copy of; None when
    the copy's children are not the page's footnotes one for one."""
    footnotes = context.current_page_footnotes
    if len(area.children) != len(footnotes):
        return None
    for child, footnote in zip(area.children, footnotes, strict=True):
        if child is box:
            same = child.element is footnote.element and child.element_tag == footnote.element_tag
            return footnote if same else None
    return None


def _floats_around(context: Any) -> tuple[tuple[Any, ...], ...]:
    """The floats lines in the footnote area are laid out around (WeasyPrint lays the area out in the page's block
    formatting context): each one's box and place."""
    shapes = context.excluded_shapes if context._excluded_shapes_root_boxes else ()
    return tuple((shape.position_x, shape.position_y, shape.margin_width(), shape.margin_height()) for shape in shapes)


def _side_effects(context: Any, absolute_boxes: list[Any], fixed_boxes: list[Any]) -> tuple[Any, ...]:
    """What a footnote's layout could change besides its own box: if any of it changes, its layout is not kept."""
    shapes = context.excluded_shapes if context._excluded_shapes_root_boxes else ()
    return (
        len(absolute_boxes),
        len(fixed_boxes),
        len(shapes),
        len(context.footnotes),
        len(context.current_page_footnotes),
        len(context.reported_footnotes),
        len(context.broken_out_of_flow),
        context.page_bottom,
    )
