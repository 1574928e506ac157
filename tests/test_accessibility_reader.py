"""How the accessibility report reads a page (briefkit/accessibility/html_page.py, lxml's HTML parser): crafted pages,
each with what a reader meets written out as Chromium reads it (its language and direction, each visible text with
the elements above it, headings, links, style sheets), checked against the reader and against Chromium itself; the
few pages where libxml2's tree still differs from a browser's, with both readings written out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from briefkit.accessibility.html_page import Page, read_page, words

Facts = dict[str, Any]
_NONE: Facts = {"lang": None, "dir": None, "runs": [], "headings": [], "links": [], "styles": []}

# Each page as Chromium reads it (a doctype first, as briefkit's pages have: the standards mode's tree).
AS_A_BROWSER_READS = [
    ("<p>1 < 2 &amp; 3 > 2</p>", {"runs": [("1 < 2 & 3 > 2", "p")]}),
    ("<p>a\u00a0b&nbsp;c&#x200b;d &eacute;t&eacute;</p>", {"runs": [("a b c d été", "p")]}),
    ("<p>a<!-- one -- two -->b<!--->c</p>", {"runs": [("a", "p"), ("b", "p"), ("c", "p")]}),
    ("<?xml version='1.0' encoding='latin-1'?><meta charset=latin-1><p>é</p>", {"runs": [("é", "p")]}),
    ("<p class=a/>text</p>", {"runs": [("text", "p")]}),
    (
        "<div><style media=print>p { color: red }</ style></style><p>x</p></div>",
        {"runs": [("x", "div>p")], "styles": [("print", "p { color: red }</ style>")]},
    ),
    (
        "<a href=x?a=1&amp;b=2&copy=3 title='&lt;b&gt;'>y</a>",
        {"runs": [("y", "a")], "links": [("x?a=1&b=2&copy=3", "y")]},
    ),
    (
        "<html lang=fr dir=rtl><body><h1>T&eacute;l&eacute;</h1><![if mso]><p>z</p><![endif]></body></html>",
        {"lang": "fr", "dir": "rtl", "runs": [("Télé", "h1"), ("z", "p")], "headings": [(1, "Télé")]},
    ),
    # what follows </body> and </html> is the body's still, and the page has one root, which a later <html> tag
    # gives only the attributes it has not had
    (
        "<html lang=en><body><p>x</p></body></html><!-- end --><html lang=fr dir=rtl><p>y</p>",
        {"lang": "en", "dir": "rtl", "runs": [("x", "p"), ("y", "p")]},
    ),
    # elements closed by the next: a p by a div or a table, a li by the next, an a by the next a, a heading by a heading
    ("<p>one<div>two</div>three</p>", {"runs": [("one", "p"), ("two", "div"), ("three", "")]}),
    ("<p>a<table><tr><td>b</td></tr></table>c</p>", {"runs": [("a", "p"), ("b", "table>tbody>tr>td"), ("c", "")]}),
    ("<ul><li>a<li>b</ul><p>c<p>d", {"runs": [("a", "ul>li"), ("b", "ul>li"), ("c", "p"), ("d", "p")]}),
    (
        "<a href=1>one<a href=2>two</a></a>",
        {"runs": [("one", "a"), ("two", "a")], "links": [("1", "one"), ("2", "two")]},
    ),
    (
        "<table><tr><td><h1>one<h2>two</h2>three</h1></td></tr></table>",
        {
            "runs": [("one", "table>tbody>tr>td>h1"), ("two", "table>tbody>tr>td>h2"), ("three", "table>tbody>tr>td")],
            "headings": [(1, "one"), (2, "two")],
        },
    ),
    (
        "<a href=x><div><h2>title</h2></div></a>",
        {"runs": [("title", "a>div>h2")], "headings": [(2, "title")], "links": [("x", "title")]},
    ),
]

# Where libxml2's tree differs from Chromium's in what the report reads: (page, the reader's facts, Chromium's).
NOT_AS_A_BROWSER_READS = [
    # an <html> tag inside the body: libxml2 drops its attributes, a browser gives them to the root (the report
    # then says the page has no language)
    (
        "<html><body><p>x</p><html lang=fr dir=rtl><p>y</p>",
        {"runs": [("x", "p"), ("y", "p")]},
        {"lang": "fr", "dir": "rtl", "runs": [("x", "p"), ("y", "p")]},
    ),
    # content in a table outside its cells: a browser moves it before the table, libxml2 leaves it in place
    (
        "<table><tr><td>a</td></tr><p>stray</p></table>",
        {"runs": [("a", "table>tbody>tr>td"), ("stray", "table>tbody>p")]},
        {"runs": [("stray", "p"), ("a", "table>tbody>tr>td")]},
    ),
    # a <b> left open across a <p>: a browser opens it again in the p, libxml2 closes it and reads on as one text
    (
        "<b>bold<p>para</b>rest</p>",
        {"runs": [("bold", "b"), ("pararest", "p")]},
        {"runs": [("bold", "b"), ("para", "p>b"), ("rest", "p")]},
    ),
    # a <textarea> before the body: libxml2 puts it in the head, where nothing is read
    (
        "<title>t</title><textarea>x</textarea><p>z</p>",
        {"runs": [("z", "p")]},
        {"runs": [("x", "textarea"), ("z", "p")]},
    ),
]


def _doctype(html: str) -> str:
    return html if html.startswith("<?") else "<!DOCTYPE html>" + html


def _facts(page: Page) -> Facts:
    """What a reader meets on ``page``, each text with the elements above it under the body."""
    above: dict[int, ET.Element] = {id(child): parent for parent in page.root.iter() for child in parent}

    def path(element: ET.Element) -> str:
        tags = []
        while element.tag not in ("body", "#document"):
            tags.append(element.tag)
            element = above[id(element)]
        return ">".join(reversed(tags))

    return {
        "lang": page.lang,
        "dir": page.direction,
        "runs": [(text, path(element)) for text, element in page.runs],
        "headings": [(heading.level, heading.text) for heading in page.headings],
        "links": [(link.href, link.name) for link in page.links],
        "styles": page.styles,
    }


@pytest.mark.parametrize(("html", "facts"), AS_A_BROWSER_READS)
def test_a_crafted_page_is_read_as_a_browser_reads_it(html: str, facts: Facts) -> None:
    assert _facts(read_page(_doctype(html))) == {**_NONE, **facts}


@pytest.mark.parametrize(("html", "ours", "browsers"), NOT_AS_A_BROWSER_READS)
def test_where_libxml2_differs_from_a_browser(html: str, ours: Facts, browsers: Facts) -> None:
    assert _facts(read_page(_doctype(html))) == {**_NONE, **ours}


def test_an_attribute_is_read_whole_with_its_references() -> None:
    page = read_page("<p class=a/ title='&lt;b&gt;' hidden>x</p><p data-x=\"1 &amp; 2\">y</p>")
    first, second = page.root.iter("p")
    assert first.attrib == {"class": "a/", "title": "<b>", "hidden": ""} and second.get("data-x") == "1 & 2"
    assert [text for text, _ in page.runs] == ["y"]  # the hidden p is read by no one


def test_an_empty_page_or_text_alone() -> None:
    assert _facts(read_page("")) == _NONE
    assert _facts(read_page("just words")) == {**_NONE, "runs": [("just words", "")]}


# The written-out facts are Chromium's.

_CHROMIUM = r"""() => {
  const unread = new Set(["head", "style", "script", "title", "template", "noscript"]);
  const words = (text) => text.replace(/[\s\u034f\u200b\u200c\u200d\u2007\u00a0\u00ad\ufeff]+/g, " ").trim();
  const runs = [];
  const walk = (node, path, hidden) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE && !hidden && words(child.data)) runs.push([words(child.data), path]);
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = child.localName;
      const below = tag === "html" || tag === "body" ? "" : path ? `${path}>${tag}` : tag;
      walk(child, below, hidden || unread.has(tag));
    }
  };
  walk(document, "", false);
  const root = document.documentElement;
  return {
    lang: root.getAttribute("lang"), dir: root.getAttribute("dir"), runs,
    headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => [+h.localName[1], words(h.textContent)]),
    links: [...document.querySelectorAll("a[href]")].map((a) => [a.getAttribute("href"), words(a.textContent)]),
    styles: [...document.querySelectorAll("style")].map((s) => [s.getAttribute("media") || "", s.textContent]),
  };
}"""


def _listed(facts: Facts) -> Facts:
    return {name: [list(item) for item in value] if isinstance(value, list) else value for name, value in facts.items()}


def test_chromium_reads_the_crafted_pages_as_written_out(browser: Any) -> None:
    page = browser.new_page()
    try:
        for html, facts in AS_A_BROWSER_READS:
            page.set_content(_doctype(html))
            assert page.evaluate(_CHROMIUM) == _listed({**_NONE, **facts}), html
        for html, _ours, browsers in NOT_AS_A_BROWSER_READS:
            page.set_content(_doctype(html))
            assert page.evaluate(_CHROMIUM) == _listed({**_NONE, **browsers}), html
    finally:
        page.close()


def test_words_are_said_on_one_line() -> None:
    assert words("\u200c a\u00a0\n b \ufeff") == "a b"
