"""What the accessibility rules read of an HTML page (the email, the archive's page), read with lxml (libxml2's HTML
parser, whose tokenizer follows HTML5's): the root's language and direction, the headings, pictures and links a
reader meets, every visible text with its element (in a tree of the page's elements, for html_styles.py to work out
the size and colour it is drawn in) and the page's ``<style>`` elements. Inline styles that hide an element are read
with tinycss2, the CSS parser WeasyPrint uses.

libxml2 builds the elements a browser implies (html, body, head when there is something for it) and closes those a
browser closes (a ``<p>`` before a ``<div>``, a ``<li>`` before the next); where its tree still differs from a
browser's in what the report reads, the reader follows the browser: one root for the whole page, a ``<tbody>`` around
rows written straight in their table, a heading started in another closing it. docs/review.md lists what is left
(tests/test_accessibility_reader.py reads crafted pages)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache

import tinycss2  # WeasyPrint's CSS parser, a dependency of briefkit's own too
from lxml import etree

UNREAD = {"head", "style", "script", "title", "template", "noscript"}  # nothing a reader meets in the body
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
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
class Page:
    lang: str | None = None
    direction: str | None = None
    headings: list[Heading] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    runs: list[tuple[str, ET.Element]] = field(default_factory=list)  # each visible text and its element
    styles: list[tuple[str, str]] = field(default_factory=list)  # each <style>'s media attribute and its text
    root: ET.Element = field(default_factory=lambda: ET.Element("#document"))  # the page's elements, as a tree

    @property
    def texts(self) -> int:
        """How many visible runs of text the page has."""
        return len(self.runs)


@dataclass
class _Open:
    tag: str
    element: ET.Element
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


def _hides(style: dict[str, list[tinycss2.ast.Node]]) -> bool:
    """Whether an inline style keeps the element from every reader (the email's preheader, say)."""

    def ident(name: str) -> str:
        value = style.get(name, [])
        return value[0].lower_value if value and isinstance(value[0], tinycss2.ast.IdentToken) else ""

    return ident("display") == "none" or ident("visibility") == "hidden" or ident("mso-hide") == "all"


_READ = ("display", "visibility", "mso-hide")


@lru_cache(maxsize=4096)
def _hidden_by(style: str) -> bool:
    """Whether an inline style hides its element. An email repeats its styles hundreds of times: each is read
    once."""
    lowered = style.lower()
    return any(name in lowered for name in _READ) and _hides(declarations(style))


class _Reader:
    """lxml's parser target: libxml2's HTML parser reports the page's elements and texts here, in the order a
    browser meets them (its implied and implicitly closed elements included), and they make the page."""

    def __init__(self) -> None:
        self.page = Page()
        self.open: list[_Open] = [_Open("", self.page.root, False, None, None)]
        self.root = ET.SubElement(self.page.root, "html")
        self.text: list[str] = []  # the text read since the last tag or comment, which libxml2 gives in pieces

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self._text()
        attrib = attrib or {}  # lxml gives an element without attributes a read-only mapping, slower to look in
        if tag == "html":
            self._root(attrib)
            return
        if tag in _HEADINGS and self.open[-1].tag in _HEADINGS:
            self.open.pop()  # a heading opened in another closes it, where libxml2 would nest them
        if tag == "tr" and self.open[-1].tag == "table":
            self.start("tbody", {})  # the row group a browser makes for a row written straight in its table
        above = self.open[-1]
        element = ET.SubElement(above.element, tag, attrib)
        hidden = above.hidden or tag in UNREAD or "hidden" in attrib or _hidden_by(attrib.get("style", ""))
        aria_hidden = attrib.get("aria-hidden") == "true"
        link, heading = above.link, above.heading
        if tag == "a" and "href" in attrib and not hidden:
            link = Link(attrib["href"], attrib.get("aria-label"))
            link.hidden = (
                aria_hidden or attrib.get("tabindex") == "-1" or (above.link is not None and above.link.hidden)
            )
            self.page.links.append(link)
        if tag in _HEADINGS and not hidden:
            heading = Heading(int(tag[1]))
            self.page.headings.append(heading)
        if tag == "img" and not hidden:
            alt = attrib.get("alt")
            decorative = attrib.get("role") in ("presentation", "none") or aria_hidden
            self.page.pictures.append(Picture(attrib.get("src", ""), alt, decorative, link))
            if link is not None:
                link.pictures += 1
                if alt and not decorative:
                    link.alts.append(alt)
        self.open.append(_Open(tag, element, hidden, link, heading))

    def end(self, tag: str) -> None:
        self._text()
        for depth in range(len(self.open) - 1, 0, -1):  # the elements opened above it (a tbody) close with it
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def _root(self, attrib: dict[str, str]) -> None:
        """The page's one root element: libxml2 starts another for what follows ``</html>``, where a browser
        keeps to the first and gives it the attributes it has not had yet."""
        for name, value in attrib.items():
            self.root.attrib.setdefault(name, value)
        self.page.lang, self.page.direction = self.root.get("lang"), self.root.get("dir")
        body = self.root.find("body")
        here = body if body is not None else self.root
        hidden = "hidden" in self.root.attrib or _hidden_by(self.root.get("style", ""))
        self.open = [*self.open[:1], _Open(here.tag, here, hidden, None, None)]

    def data(self, data: str) -> None:
        self.text.append(data)

    def comment(self, text: str) -> None:
        self._text()  # a comment ends a run of text, as in the browser's tree

    def close(self) -> Page:
        self._text()
        return self.page

    def _text(self) -> None:
        if not self.text:
            return
        data = "".join(self.text)
        self.text.clear()
        here = self.open[-1]
        if here.tag == "style" and not any(o.tag in ("svg", "template", "noscript") for o in self.open):
            self.page.styles.append((here.element.get("media", ""), data))
        if here.hidden:
            return
        text = words(data)
        if not text:
            return
        if here.link is not None:
            here.link.text += " " + text
        if here.heading is not None:
            here.heading.text = words(here.heading.text + " " + text)
        self.page.runs.append((text, here.element))


def read_page(html: str) -> Page:
    """The page as a reader meets it."""
    # as UTF-8 bytes, so that an XML declaration naming an encoding is read past (lxml refuses it in a str), and
    # the parser's encoding said, so that a <meta charset> does not change it
    parser = etree.HTMLParser(target=_Reader(), encoding="utf-8", no_network=True)
    page: Page = etree.fromstring(html.encode("utf-8", "replace"), parser)
    return page
