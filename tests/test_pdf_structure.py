"""The PDF's structure tree, read back with pypdf: what a screen reader (and briefkit's accessibility report) finds
in it. One H2 per section heading, none nested; footnote calls tagged apart from the heading's text; every link
annotation printable and named; footnotes as Note elements beside their reference; each section one Sect."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from briefkit.api import load_edition, render, render_book_pdf
from briefkit.edition import model

from conftest import SAMPLE, SECOND, THIRD

SAMPLES = (SAMPLE, SECOND, THIRD)


@dataclass
class Element:
    """One structure element: its role (H2, P, Link...), the text of its marked content, its children."""

    role: str
    text: str
    children: list[Element] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, role: str) -> list[Element]:
        return [element for element in self.walk() if element.role == role]

    def own_text(self, leave_out: tuple[str, ...] = ("Reference", "Note", "Lbl")) -> str:
        """The element's text without what its ``leave_out`` children hold (a footnote call, a note)."""
        return " ".join(_own_parts(self, leave_out)).strip()


def _own_parts(element: Element, leave_out: tuple[str, ...]) -> Iterator[str]:
    if not element.children:
        yield " ".join(element.text.split())
    for child in element.children:
        if child.role not in leave_out:
            yield from _own_parts(child, leave_out)


def _page_texts(page: Any, number: int, found: dict[tuple[int, int], str]) -> None:
    """Add the text of each marked-content sequence of ``page`` to ``found``, by (page number, MCID)."""
    stack: list[int | None] = []

    def before(operator: bytes, operands: Any, *_: Any) -> None:
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else None
            stack.append(properties.get("/MCID") if isinstance(properties, dict) else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(words: str, *_: Any) -> None:
        mcid = next((m for m in reversed(stack) if m is not None), None)
        if mcid is not None and words:
            found[(number, int(mcid))] = found.get((number, int(mcid)), "") + words

    page.extract_text(visitor_operand_before=before, visitor_text=text)


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page, MCID)."""
    found: dict[tuple[int, int], str] = {}
    for number, page in enumerate(reader.pages):
        _page_texts(page, number, found)
    return found


def structure(path: Path) -> Element:
    """The PDF's structure tree, from /StructTreeRoot down, as Elements."""
    reader = PdfReader(path)
    texts = _marked_texts(reader)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages) if page.indirect_reference}

    def walk(reference: Any, page: int | None) -> Element:
        node = reference.get_object()
        if "/Pg" in node:
            page = pages[node.raw_get("/Pg").idnum]
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else ([] if kids is None else [kids])
        element = Element(str(node.get("/S", "/StructTreeRoot"))[1:], "", [], dict(node))
        parts = []
        for kid in kids:
            if isinstance(kid, int) and not isinstance(kid, IndirectObject):
                parts.append(texts.get((page or 0, int(kid)), ""))
                continue
            content = kid.get_object()
            if content.get("/Type") == "/MCR":
                on = pages[content.raw_get("/Pg").idnum] if "/Pg" in content else page
                parts.append(texts.get((on or 0, int(content["/MCID"])), ""))
            elif content.get("/Type") != "/OBJR":
                child = walk(kid, page)
                element.children.append(child)
                parts.append(child.text)
        element.text = " ".join(" ".join(parts).split())
        return element

    return walk(reader.trailer["/Root"]["/StructTreeRoot"], None)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outbox = tmp_path_factory.mktemp("outbox")
    for manifest in SAMPLES:
        render(manifest, ["pdf"], outbox)
    return {manifest.stem: outbox / manifest.stem / "edition.pdf" for manifest in SAMPLES}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("book") / "book.pdf"
    render_book_pdf([SECOND, SAMPLE], output, title="Sharper: a book")
    return output


def _headings(edition: model.Edition) -> list[str]:
    return [section.heading.upper() for section in edition.sections if section.heading]


@pytest.mark.parametrize("manifest", SAMPLES, ids=["sample", "second", "third"])
def test_one_h2_per_section_heading_none_nested(rendered: dict[str, Path], manifest: Path) -> None:
    edition = load_edition(manifest)[0]
    tree = structure(rendered[manifest.stem])
    h2 = tree.find("H2")
    assert [element.own_text() for element in h2] == _headings(edition)
    for element in h2:
        assert not [inner for inner in element.walk() if inner is not element and inner.role.startswith("H")]
