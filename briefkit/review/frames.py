"""The proof's email frames: the email at a phone's and a desktop's width, in light and in authored dark, each frame
as tall as the email is there, so that nothing is cut and the proof needs no script to size it."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

PHONE, DESKTOP = 375, 600  # CSS pixels: a common phone's screen, and the email's own width
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
# WeasyPrint lays the email out with other fonts than a mail app's: within 1% of Chromium on the samples. The frame
# takes that much more and a little, so the email's foot always shows.
SLACK, SLACK_PX = 0.04, 48


@dataclass(frozen=True)
class Frame:
    """One view of the email: its scheme (light or dark), its width's name and size, its height, its HTML."""

    scheme: str
    device: str
    width: int
    height: int
    html: str


def email_height(html: str, width: int) -> int:
    """How tall the email is at ``width`` CSS pixels, laid out by WeasyPrint as a screen shows it (one page as tall
    as it needs); its data: pictures count, a hosted one counts as missing."""
    import weasyprint

    page = weasyprint.CSS(string=f"@page {{ size: {width}px 100000px; margin: 0 }}")
    only_data = weasyprint.URLFetcher(allowed_protocols={"data"})  # a hosted picture is not asked for
    logger = logging.getLogger("weasyprint")  # which says so, and what CSS of mail apps it does not know
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        document = weasyprint.HTML(string=html, url_fetcher=only_data, media_type="screen").render(stylesheets=[page])
    finally:
        logger.setLevel(level)
    root = document.pages[0]._page_box.children[0]
    height: float = root.margin_height() + sum(page.height for page in document.pages[1:])  # 100,000 px and on
    return math.ceil(height)


def frames(light: str, dark: str) -> list[Frame]:
    """Light then dark, each at phone then desktop width; the dark email is as tall as the light one."""
    heights = {device: email_height(light, width) for device, width in WIDTHS.items()}
    return [
        Frame(scheme, device, width, math.ceil(heights[device] * (1 + SLACK)) + SLACK_PX, html)
        for scheme, html in (("light", light), ("dark", dark))
        for device, width in WIDTHS.items()
    ]
