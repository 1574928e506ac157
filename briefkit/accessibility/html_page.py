"""What the accessibility rules read of an HTML page (the email, the archive's page), read with the standard
library's HTML parser: the root's language and direction, the headings, pictures and links a reader meets, and the
size of every visible text (inline styles, read with tinycss2, the CSS parser WeasyPrint uses)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

import tinycss2  # WeasyPrint's CSS parser, a dependency of briefkit's own too

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNREAD = {"head", "style", "script", "title", "template", "noscript"}  # nothing a reader meets in the body
ROOT_SIZE = 16.0  # px: what a browser starts from
_KEYWORD_SIZES = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0, "x-large": 24.0}
_INVISIBLE = re.compile(r"[\s\u034f\u200b\u200c\u200d\u2007\u00a0\u00ad\ufeff]+")


def words(text: str) -> str:
    """``text`` on one line, without the invisible characters mail templates pad with."""
    return _INVISIBLE.sub(" ", text).strip()


@dataclass
class Heading:
    level: int
    text: str = ""


@dataclass
class Link:
    href: str
    label: str | None  # aria-label
    text: str = ""  # its own words
    alts: list[str] = field(default_factory=list)  # its pictures' alternative texts
    pictures: int = 0
    hidden: bool = False  # aria-hidden or tabindex=-1: left out of what a screen reader lists

    @property
    def name(self) -> str:
        """What a screen reader says for the link."""
        if self.label and words(self.label):
            return words(self.label)
        return words(" ".join([self.text, *self.alts]))

    @property
    def picture_only(self) -> bool:
        return self.pictures > 0 and not words(self.text)


@dataclass
class Picture:
    src: str
    alt: str | None  # None: no alt attribute at all
    decorative: bool  # role=presentation or none, or aria-hidden
    link: Link | None


@dataclass
class SmallText:
    text: str
    size: float  # px


@dataclass
class Page:
    lang: str | None = None
    direction: str | None = None
    headings: list[Heading] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    texts: int = 0  # visible runs of text
    small: list[SmallText] = field(default_factory=list)  # those under the least size asked for


@dataclass
class _Open:
    tag: str
    size: float
    hidden: bool
    link: Link | None
    heading: Heading | None


def declarations(style: str) -> dict[str, list[tinycss2.ast.Node]]:
    """An inline style's declarations by property name (the last one wins, as in CSS)."""
    found: dict[str, list[tinycss2.ast.Node]] = {}
    for node in tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True):
        if isinstance(node, tinycss2.ast.Declaration):
            found[node.lower_name] = [part for part in node.value if part.type not in ("whitespace", "comment")]
    return found


def _size(value: list[tinycss2.ast.Node], parent: float) -> float:
    """A font-size value in px, from the parent's; the parent's when it cannot be read."""
    if len(value) != 1:
        return parent
    part = value[0]
    if isinstance(part, tinycss2.ast.DimensionToken):
        unit = part.lower_unit
        scale = {"px": 1.0, "pt": 4 / 3, "em": parent, "rem": ROOT_SIZE}.get(unit)
        return float(part.value) * scale if scale is not None else parent
    if isinstance(part, tinycss2.ast.PercentageToken):
        return float(part.value) * parent / 100
    if isinstance(part, tinycss2.ast.NumberToken) and part.value == 0:
        return 0.0
    if isinstance(part, tinycss2.ast.IdentToken):
        return _KEYWORD_SIZES.get(part.lower_value, parent)
    return parent


def _hides(style: dict[str, list[tinycss2.ast.Node]]) -> bool:
    """Whether an inline style keeps the element from every reader (the email's preheader, say)."""

    def ident(name: str) -> str:
        value = style.get(name, [])
        return value[0].lower_value if value and isinstance(value[0], tinycss2.ast.IdentToken) else ""

    return ident("display") == "none" or ident("visibility") == "hidden" or ident("mso-hide") == "all"


_READ = ("font-size", "display", "visibility", "mso-hide")


@lru_cache(maxsize=4096)
def _style(style: str) -> tuple[tuple[tinycss2.ast.Node, ...] | None, bool]:
    """What an inline style says of its element's text: its font-size's value (None: none given), and whether it
    hides the element. An email repeats its styles hundreds of times: each is read once."""
    lowered = style.lower()
    if not any(name in lowered for name in _READ):
        return None, False
    found = declarations(style)
    size = found.get("font-size")
    return (tuple(size) if size is not None else None), _hides(found)


class _Reader(HTMLParser):
    def __init__(self, least_size: float) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.least = least_size
        self.open: list[_Open] = [_Open("", ROOT_SIZE, False, None, None)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        present = {name for name, _ in attrs}
        above = self.open[-1]
        if tag == "html":
            self.page.lang = values.get("lang") if "lang" in present else None
            self.page.direction = values.get("dir")
        given, hides = _style(values.get("style", ""))
        size = _size(list(given), above.size) if given is not None else above.size
        hidden = above.hidden or tag in UNREAD or hides or "hidden" in present
        aria_hidden = values.get("aria-hidden") == "true"
        link, heading = above.link, above.heading
        if tag == "a" and "href" in present and not hidden:
            link = Link(values.get("href", ""), values.get("aria-label"))
            link.hidden = (
                aria_hidden or values.get("tabindex") == "-1" or (above.link is not None and above.link.hidden)
            )
            self.page.links.append(link)
        if re.fullmatch(r"h[1-6]", tag) and not hidden:
            heading = Heading(int(tag[1]))
            self.page.headings.append(heading)
        if tag == "img" and not hidden:
            alt = values.get("alt") if "alt" in present else None
            decorative = values.get("role") in ("presentation", "none") or aria_hidden
            self.page.pictures.append(Picture(values.get("src", ""), alt, decorative, link))
            if link is not None:
                link.pictures += 1
                if alt and not decorative:
                    link.alts.append(alt)
        if tag not in VOID:
            self.open.append(_Open(tag, size, hidden, link, heading))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        here = self.open[-1]
        text = words(data)
        if not text or here.hidden:
            return
        if here.link is not None:
            here.link.text += " " + text
        if here.heading is not None:
            here.heading.text = words(here.heading.text + " " + text)
        self.page.texts += 1
        if here.size < self.least:
            self.page.small.append(SmallText(text, here.size))


def read_page(html: str, least_size: float = 14.0) -> Page:
    """The page as a reader meets it; texts under ``least_size`` px are listed in ``small``."""
    reader = _Reader(least_size)
    reader.feed(html)
    reader.close()
    return reader.page
