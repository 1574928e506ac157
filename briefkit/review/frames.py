"""The proof's email frames: the email at a phone's and a desktop's width, in light and in authored dark. A frame
cannot size itself (the proof has no script), so each is given the height WeasyPrint estimates, within a floor
and a cap; the frame scrolls when the email is longer there (the approver's fonts, or a mail app breaking a long
word elsewhere), it can be resized, and the email's copy ends with a line that says where it ends."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

PHONE, DESKTOP = 375, 600  # CSS pixels: a common phone's screen, and the email's own width
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
# A little more than the estimate (Chromium's fonts and breaks differ a little); a frame that is short scrolls.
SLACK, SLACK_PX = 0.015, 16
# No frame shorter than a phone's screen, none taller than 20 phone screens: an email taller than that (a listing
# of a thousand items), or a layout without the email's fonts, is shown in a frame of the cap's height that
# scrolls. Only the email's first FRAME_CAP pixels are laid out.
FRAME_FLOOR, FRAME_CAP = 640, 16_000
# What the estimate needs to lay the email out as Chromium does (within 1% on the samples): the tables' width=
# attributes (WeasyPrint's presentational hints), and a word too long for its line broken (MJML asks for
# `word-break: break-word`, which WeasyPrint does not know) in tables as wide as they are told to be. A full-width
# column is a block, as it is laid out anyway: a block is laid out as far as the page goes, an inline block whole.
AS_CHROMIUM = " ".join(
    (
        "table { table-layout: fixed }",
        "* { overflow-wrap: break-word }",
        ".mj-column-per-100 { display: block !important }",
    )
)


@dataclass(frozen=True)
class Frame:
    """One view of the email: its scheme (light or dark), its width's name and size, its height, its HTML."""

    scheme: str
    device: str
    width: int
    height: int
    html: str


def email_height(html: str, width: int, cap: int = FRAME_CAP) -> int:
    """How tall the email is at ``width`` CSS pixels, as WeasyPrint lays it out for a screen, up to ``cap`` (one
    page ``cap`` pixels tall is laid out, not the rest: the email is at least ``cap`` tall when it goes on). Only
    its data: pictures count (a hosted one counts as missing)."""
    import weasyprint
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.document import Document
    from weasyprint.formatting_structure.build import build_formatting_structure
    from weasyprint.layout import initialize_page_maker
    from weasyprint.layout.page import remake_page
    from weasyprint.text.fonts import FontConfiguration

    page = weasyprint.CSS(string=f"@page {{ size: {width}px {cap}px; margin: 0 }} {AS_CHROMIUM}")
    only_data = weasyprint.URLFetcher(allowed_protocols={"data"})  # a hosted picture is not asked for
    document = weasyprint.HTML(string=html, url_fetcher=only_data, media_type="screen")
    logger = logging.getLogger("weasyprint")  # which says so, and what CSS of mail apps it does not know
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        # Document.render() lays out every page; here the first page alone (WeasyPrint's own steps, as it takes
        # them: its styles, its boxes, its first page), so a long email costs no more than its first cap pixels.
        options: dict[str, Any] = {**DEFAULT_OPTIONS, "stylesheets": [page], "presentational_hints": True}
        counters = CounterStyle()
        context = Document._build_layout_context(document, FontConfiguration(), counters, {}, options)
        root = build_formatting_structure(
            document.etree_element,
            context.style_for,
            context.get_image_from_uri,
            document.base_url,
            context.target_collector,
            counters,
            context.footnotes,
        )
        initialize_page_maker(context, root)
        first, resume_at = remake_page(0, context, root, document)
    finally:
        logger.setLevel(level)
    if resume_at is not None:
        return cap
    height: float = first.children[0].margin_height()  # the root box's, from the top of the page
    return math.ceil(height)


def frame_height(email: int) -> int:
    """The frame's height for an email estimated ``email`` pixels tall: a little more, within the floor and cap."""
    return max(FRAME_FLOOR, min(FRAME_CAP, math.ceil(email * (1 + SLACK)) + SLACK_PX))


def frames(light: str, dark: str) -> list[Frame]:
    """Light then dark, each at phone then desktop width; one layout a width (the dark email is as tall as the
    light one)."""
    heights = {device: frame_height(email_height(light, width)) for device, width in WIDTHS.items()}
    return [
        Frame(scheme, device, width, heights[device], html)
        for scheme, html in (("light", light), ("dark", dark))
        for device, width in WIDTHS.items()
    ]
