"""What the accessibility rules read of an HTML page (the email, the archive's page), read as the standard
library's HTML parser reads it: the root's language and direction, the headings, pictures and links a reader meets, every
visible text with its element (in a tree of the page's elements, for html_styles.py to work out the size and colour
it is drawn in) and the page's ``<style>`` elements. Inline styles that hide an element are read with tinycss2, the
CSS parser WeasyPrint uses.

A page written as briefkit's templates write it (tags with their attributes quoted or plain, end tags, comments, a
doctype, style and script elements) is read by a few regular expressions, in a fifth of the parser's time; one with
anything else, from a stray ``<`` to a processing instruction, is read by the parser itself. Both give the same
page (tests/test_accessibility.py compares them)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

import tinycss2  # WeasyPrint's CSS parser, a dependency of briefkit's own too

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
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


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[_Open] = [_Open("", self.page.root, False, None, None)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        present = {name for name, _ in attrs}
        above = self.open[-1]
        if tag == "html":
            self.page.lang = values.get("lang") if "lang" in present else None
            self.page.direction = values.get("dir")
        element = ET.SubElement(above.element, tag, values)
        hidden = above.hidden or tag in UNREAD or _hidden_by(values.get("style", "")) or "hidden" in present
        aria_hidden = values.get("aria-hidden") == "true"
        link, heading = above.link, above.heading
        if tag == "a" and "href" in present and not hidden:
            link = Link(values.get("href", ""), values.get("aria-label"))
            link.hidden = (
                aria_hidden or values.get("tabindex") == "-1" or (above.link is not None and above.link.hidden)
            )
            self.page.links.append(link)
        if tag in _HEADINGS and not hidden:
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
            self.open.append(_Open(tag, element, hidden, link, heading))

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


_WS = "[ \t\n\r\f]"
_VALUE = rf"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`/]+(?={_WS}|>|\Z))"""  # quoted, or plain up to a space or the tag's end
_START = re.compile(
    rf"<([a-zA-Z][-a-zA-Z0-9]*)((?:{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_WS}*={_WS}*{_VALUE})?)*){_WS}*(/?)>"
)
_ATTRIBUTE = re.compile(rf"{_WS}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:{_WS}*={_WS}*({_VALUE}))?")
_END = re.compile(rf"</([a-zA-Z][-a-zA-Z0-9]*){_WS}*>")
_DOCTYPE = re.compile(r"<![dD][oO][cC][tT][yY][pP][eE][^<>]*>")
_RAW = ("script", "style")  # what the parser reads as text up to its end tag
# The elements the installed parser reads as text of their own, beyond those two (newer Pythons have some).
_OTHER_RAW = {
    *getattr(HTMLParser, "CDATA_CONTENT_ELEMENTS", ()),
    *getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ()),
} - set(_RAW)


def _value(written: str) -> str | None:
    """An attribute's value as the parser gives it: None when it has none, unquoted, its references replaced."""
    if not written:
        return None
    if written[0] in "'\"":
        written = written[1:-1]
    return unescape(written) if written else written


def _read_plain(html: str, reader: _Reader) -> bool:
    """``html`` read into ``reader`` as the parser would, when it has nothing but text, tags with plain
    attributes, comments, a doctype and style and script elements; False as soon as it has anything else."""
    at, end = 0, len(html)
    while at < end:
        opening = html.find("<", at)
        if opening < 0:
            opening = end
        if opening > at:
            reader.handle_data(unescape(html[at:opening]))
        if opening == end:
            break
        if (start := _START.match(html, opening)) is not None:
            tag = start[1].lower()
            if tag in _OTHER_RAW:
                return False
            attrs = [(name.lower(), _value(value)) for name, value in _ATTRIBUTE.findall(start[2])]
            at = start.end()
            if start[3]:
                reader.handle_startendtag(tag, attrs)
                continue
            reader.handle_starttag(tag, attrs)
            if tag in _RAW:  # its text up to its end tag, with no other "</" in it
                close = html.find("</", at)
                if close < 0 or html[close : close + len(tag) + 3].lower() != f"</{tag}>":
                    return False
                if close > at:
                    reader.handle_data(html[at:close])
                reader.handle_endtag(tag)
                at = close + len(tag) + 3
        elif (ending := _END.match(html, opening)) is not None:
            reader.handle_endtag(ending[1].lower())
            at = ending.end()
        elif html.startswith("<!--", opening):
            close = html.find("-->", opening + 4)
            said = html[opening + 4 : close]
            if close < 0 or "--" in said or said.startswith((">", "->")):
                return False
            at = close + 3
        elif (doctype := _DOCTYPE.match(html, opening)) is not None:
            at = doctype.end()
        else:
            return False
    return True


def read_page(html: str) -> Page:
    """The page as a reader meets it."""
    reader = _Reader()
    if not _read_plain(html, reader):
        reader = _Reader()
        reader.feed(html)
        reader.close()
    return reader.page
