"""The email's HTML read back as an inbox sees it: its links and their text, its pictures and their alt, its words,
and its size against Gmail's clipping limit, now and once a sending service rewrites the links for click tracking.
`briefkit preview` shows these measures and `briefkit check` judges them; both read them here."""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field

GMAIL_CLIP_BYTES = 102 * 1024  # Gmail shows "[Message clipped]" and hides the rest of an HTML larger than this
TRACKED_LINK_BYTES = 120  # about what a sending service's click-tracking address takes in place of each link


@dataclass
class EmailParts(html.parser.HTMLParser):
    """The links (address and text) and pictures (their src and alt, or None) of the email's HTML."""

    links: list[tuple[str, str]] = field(default_factory=list)
    pictures: list[tuple[str, str | None]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # every piece of text, as a reader sees it

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            self._href, self._text = values.get("href") or "", []
        elif tag == "img":
            self.pictures.append((values.get("src") or "", values.get("alt")))
            if self._href is not None and values.get("alt"):
                self._text.append(values["alt"] or "")

    def handle_data(self, data: str) -> None:
        self.words.append(data)
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def read_email(html_bytes: bytes) -> EmailParts:
    """The email's HTML (UTF-8, as briefkit writes it) read into its parts."""
    parts = EmailParts()
    parts.feed(html_bytes.decode("utf-8", errors="replace"))
    parts.close()
    return parts


def tracked_size(html_bytes: bytes, parts: EmailParts) -> int:
    """About the HTML's size once every link is rewritten to a click-tracking address."""
    return len(html_bytes) + len(parts.links) * TRACKED_LINK_BYTES - sum(len(href) for href, _ in parts.links)


@dataclass(frozen=True)
class EmailStats:
    """What the preview shows beside the email: its size, and how many links and pictures it has."""

    html_bytes: int
    links: int
    images: int

    @property
    def clipped_by_gmail(self) -> bool:
        return self.html_bytes > GMAIL_CLIP_BYTES


def measure(html_bytes: bytes) -> EmailStats:
    """The counts of links and pictures that lead somewhere (an empty href or src is not counted)."""
    parts = read_email(html_bytes)
    links = sum(bool(href) for href, _ in parts.links)
    images = sum(bool(src) for src, _ in parts.pictures)
    return EmailStats(len(html_bytes), links, images)
