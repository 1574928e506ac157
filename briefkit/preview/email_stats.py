"""Measure a rendered email the way an editor checks it: size against Gmail's clipping limit, links, images."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Gmail shows "[Message clipped]" and hides the rest of an email whose HTML is larger than about 102 KB.
GMAIL_CLIP_BYTES = 102 * 1024


@dataclass(frozen=True)
class EmailStats:
    html_bytes: int
    links: int
    images: int

    @property
    def clipped_by_gmail(self) -> bool:
        return self.html_bytes > GMAIL_CLIP_BYTES


class _Counter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links = 0
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, value in attrs if value}
        if tag == "a" and "href" in names:
            self.links += 1
        elif tag == "img" and "src" in names:
            self.images += 1


def measure(html: bytes) -> EmailStats:
    counter = _Counter()
    counter.feed(html.decode("utf-8", errors="replace"))
    counter.close()
    return EmailStats(len(html), counter.links, counter.images)
