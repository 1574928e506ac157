"""The PDF's structure tree, read back with pypdf: what a screen reader (and briefkit's accessibility report) finds
in it. One H2 per section heading, none nested; footnote calls tagged apart from the heading's text; every link
annotation printable and named; footnotes as Note elements beside their reference; each section one Sect."""

from __future__ import annotations

import re
import shutil
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

EVENTS = SAMPLE.parent / "2021-04-21-the-spring-events.yaml"  # events, a contents list with internal links
SAMPLES = (SAMPLE, SECOND, THIRD, EVENTS)
IDS = ["sample", "second", "third", "events"]


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
    contents = ["IN THIS EDITION"] if edition.contents else []  # the contents list's heading, before the sections'
    return contents + [section.heading.upper() for section in edition.sections if section.heading]


@pytest.mark.parametrize("manifest", SAMPLES, ids=IDS)
def test_one_h2_per_section_heading_none_nested(rendered: dict[str, Path], manifest: Path) -> None:
    edition = load_edition(manifest)[0]
    tree = structure(rendered[manifest.stem])
    h2 = tree.find("H2")
    assert [element.own_text() for element in h2] == _headings(edition)
    for element in h2:
        assert not [inner for inner in element.walk() if inner is not element and inner.role.startswith("H")]
    for element in tree.walk():  # nor any link in a link (a contents entry's leader and page number are its own)
        if element.role in ("Link", "P", "H3"):
            assert not [inner for inner in element.walk() if inner is not element and inner.role == element.role]


def _annotations(element: Element) -> list[Any]:
    """The link annotations an element's OBJR kids name."""
    kids = element.attributes.get("/K")
    kids = kids if isinstance(kids, list) else [kids]
    return [kid.get_object()["/Obj"].get_object() for kid in kids if _is_objr(kid)]


def _is_objr(kid: Any) -> bool:
    return isinstance(kid, IndirectObject) and kid.get_object().get("/Type") == "/OBJR"


def _items(section: object) -> list[Any]:
    return list(getattr(section, "items", ()))


@pytest.mark.parametrize("manifest", SAMPLES, ids=IDS)
def test_footnote_calls_are_references_outside_the_heading_text(rendered: dict[str, Path], manifest: Path) -> None:
    edition = load_edition(manifest)[0]
    tree = structure(rendered[manifest.stem])
    titles = [item.title for section in edition.sections for item in _items(section)]
    h3 = tree.find("H3")
    assert len(h3) == len(titles)
    for element, title in zip(h3, titles, strict=True):
        assert element.own_text().endswith(" ".join(title.split())), element.own_text()
        assert not element.own_text()[-1].isdigit() or title[-1].isdigit()
        references = [child for child in element.children if child.role == "Reference"]
        assert len(references) == 1 and references[0].text.isdigit(), element
    assert not [e for e in tree.walk() if e.role == "NonStruct" and re.fullmatch(r"\d+", e.text)]


@pytest.mark.parametrize("manifest", SAMPLES, ids=IDS)
def test_footnotes_are_notes_beside_their_reference(rendered: dict[str, Path], manifest: Path) -> None:
    tree = structure(rendered[manifest.stem])
    references = [element.text for element in tree.find("Reference")]
    notes = tree.find("Note")
    assert references == [str(n) for n in range(1, len(references) + 1)]
    assert [note.children[0].role for note in notes] == ["Lbl"] * len(references)
    assert [note.children[0].text.rstrip(". ") for note in notes] == references
    assert len({note.attributes["/ID"] for note in notes}) == len(notes)  # each Note has its own ID (PDF/UA 7.9)
    document = tree.children[0]
    assert not [child for child in document.children if child.role in ("Note", "NonStruct")]  # none between pages
    for parent in tree.walk():
        for index, child in enumerate(parent.children):
            if child.role != "Note":
                continue
            before = index - 1
            while parent.children[before].role == "Note":
                before -= 1
            called_by = [ref.text for ref in parent.children[before].find("Reference")]
            assert child.children[0].text.rstrip(". ") in called_by, f"note {child.text!r} is not beside its call"


@pytest.mark.parametrize("manifest", SAMPLES, ids=IDS)
def test_every_link_annotation_is_printed_and_named(rendered: dict[str, Path], manifest: Path) -> None:
    reader = PdfReader(rendered[manifest.stem])
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    assert links
    for link in links:
        assert link["/F"] == 4, link  # printed (PDF/UA-1 7.18.1, PDF/A)
        assert link["/Contents"], link
    named = 0
    for element in structure(rendered[manifest.stem]).find("Link"):
        text = " ".join(element.text.split())
        if element.find("Figure"):  # a picture link: see the next test
            named += len(_annotations(element))
            continue
        for annotation in _annotations(element):  # named by the link's text, then where it goes
            contents = " ".join(str(annotation["/Contents"]).split())
            if "/A" not in annotation:  # within the PDF: named by its text (a contents entry's, without its leader)
                assert contents and text.startswith(contents), annotation
            else:
                address = annotation["/A"]["/URI"]
                wanted = text if text == address.rstrip("/") else f"{text} ({address})"
                assert contents in (wanted, address), annotation
            named += 1
    assert named == len(links)


def test_a_picture_link_is_named_for_the_item_it_opens(rendered: dict[str, Path]) -> None:
    edition = load_edition(SECOND)[0]
    item = next(item for section in edition.sections for item in _items(section) if getattr(item, "image", None))
    tree = structure(rendered[SECOND.stem])
    picture_links = [link for link in tree.find("Link") if link.find("Figure")]
    assert len(picture_links) == 1
    (annotation,) = _annotations(picture_links[0])
    assert annotation["/Contents"] == f"{item.title} ({item.url})"
    assert picture_links[0].find("Figure")[0].attributes["/Alt"] == item.image.alt  # the picture keeps its own
    assert annotation["/F"] == 4


@pytest.mark.parametrize("manifest", SAMPLES, ids=IDS)
def test_each_section_is_one_sect_with_its_heading_items_and_buttons(rendered: dict[str, Path], manifest: Path) -> None:
    edition = load_edition(manifest)[0]
    tree = structure(rendered[manifest.stem])
    assert len(tree.find("Art")) == 1  # the edition is one article, not one a page
    sects = {sect.find("H2")[0].own_text(): sect for sect in tree.find("Sect") if sect.find("H2")}
    for section in edition.sections:
        if not section.heading:
            continue
        sect = sects[section.heading.upper()]
        assert [e.own_text() for e in sect.find("H2")] == [section.heading.upper()]
        titles = [" ".join(h3.own_text().split()) for h3 in sect.find("H3")]
        assert len(titles) == len(_items(section))
        for item, title in zip(_items(section), titles, strict=True):
            assert title.endswith(" ".join(item.title.split()))
        if isinstance(section, model.SubscribeSection):
            assert section.button in [link.text for link in sect.find("Link")]
    assert len(sects) == len(_headings(edition))


def test_the_book_keeps_one_article_per_edition_with_notes_and_sections(book: Path) -> None:
    tree = structure(book)
    assert len(tree.find("Art")) == 2
    references = tree.find("Reference")
    assert len(tree.find("Note")) == len(references) > 0
    assert [e.text for e in references] == [str(n) for n in range(1, len(references) + 1)]
    for article in tree.find("Art"):
        assert not [h2 for h2 in article.find("H2") if [h for h in h2.walk() if h is not h2 and h.role == "H2"]]


@pytest.mark.parametrize("which", ["sample", "book"])
def test_the_parent_tree_points_into_the_structure_tree(rendered: dict[str, Path], book: Path, which: str) -> None:
    """Every marked-content id and link annotation maps (through /ParentTree) to an element of the tree that holds
    it: nothing points to an element merged away."""
    reader = PdfReader(book if which == "book" else rendered[SAMPLE.stem])
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    reachable: set[int] = set()
    pending = [root.raw_get("/K")]
    while pending:
        kid = pending.pop()
        if isinstance(kid, list):
            pending.extend(kid)
        elif isinstance(kid, IndirectObject) and kid.get_object().get("/Type") not in ("/OBJR", "/MCR"):
            reachable.add(kid.idnum)
            pending.append(kid.get_object().raw_get("/K"))
    nums = root["/ParentTree"]["/Nums"]
    pointed = [ref for index in range(1, len(nums), 2) for ref in _refs(nums[index])]
    assert pointed and {ref.idnum for ref in pointed} <= reachable
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            parent = _parent_of(nums, annotation.get_object()["/StructParent"])
            kids = parent.get_object()["/K"]
            kids = kids if isinstance(kids, list) else [kids]
            assert annotation.idnum in [k.get_object().raw_get("/Obj").idnum for k in kids if _is_objr(k)]


def _refs(value: Any) -> list[IndirectObject]:
    if isinstance(value, IndirectObject):
        return [value]
    return [ref for ref in value if isinstance(ref, IndirectObject)]


def _parent_of(nums: Any, key: int) -> IndirectObject:
    index = list(nums[0::2]).index(key)
    found = nums[2 * index + 1]
    assert isinstance(found, IndirectObject) or hasattr(found, "indirect_reference")
    return found if isinstance(found, IndirectObject) else found.indirect_reference


TWO_LINKS = """\
series: sharper.series.yaml
date: 2021-06-09
title: Two links in a paragraph
intro: An intro.
sections:
  - kind: features
    items:
      - title: An item
        url: https://www.cnas.org/item
        summary: "See [the first report](https://www.cnas.org/first) and [the second](https://www.cnas.org/second), then [a third](https://www.cnas.org/third)."
"""


def test_several_footnotes_called_by_one_paragraph_follow_it_in_order(tmp_path: Path) -> None:
    """A paragraph that calls three footnotes: its three Notes follow it, in the order of their calls."""
    project = tmp_path / "project"
    (project / "editions").mkdir(parents=True)
    shutil.copy(SAMPLE.parent / "sharper.series.yaml", project / "editions")
    for name in ("seeds", "images", "feeds"):
        shutil.copytree(SAMPLE.parent.parent / name, project / name)
    manifest = project / "editions" / "2021-06-09-two-links.yaml"
    manifest.write_text(TWO_LINKS, "utf-8")
    render(manifest, ["pdf"], tmp_path / "outbox")
    tree = structure(tmp_path / "outbox" / manifest.stem / "edition.pdf")
    references = [element.text for element in tree.find("Reference")]
    notes = [note.children[0].text.rstrip(". ") for note in tree.find("Note")]
    assert notes == references == [str(n) for n in range(1, len(references) + 1)]  # each note in the order called
    [(parent, index)] = [
        (parent, index)
        for parent in tree.walk()
        for index, child in enumerate(parent.children)
        if child.role == "P" and len(child.find("Reference")) == 3
    ]
    called = [reference.text for reference in parent.children[index].find("Reference")]
    following = parent.children[index + 1 : index + 4]
    assert [note.role for note in following] == ["Note"] * 3
    assert [note.children[0].text.rstrip(". ") for note in following] == called
    assert [note.text.split()[-1] for note in following] == [
        f"https://www.cnas.org/{n}" for n in ("first", "second", "third")
    ]
