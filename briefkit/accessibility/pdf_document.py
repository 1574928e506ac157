"""What the accessibility rules read of a PDF, opened once with pypdf: whether it is tagged, its language, its
structure tree (each element with its standard type, alternative text, marked content and annotations), its link
annotations (with their contents and flags), and every text and picture drawn on its pages with the marked content
it is drawn in (an artifact, tagged content with its MCID, or neither: pdf_content.py reads the pages' content)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from briefkit.accessibility.pdf_content import ARTIFACT, Drawn, read_pages

__all__ = ["ARTIFACT", "HEADINGS", "Drawn", "Element", "LinkAnnotation", "PdfDocument", "UnreadablePdf", "read_pdf"]

HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}


class UnreadablePdf(Exception):
    """The bytes are not a PDF pypdf can read."""


@dataclass
class Element:
    kind: str  # its standard structure type, after the tree's RoleMap
    alt: str
    parent: Element | None
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annotations: list[int] = field(default_factory=list)  # object numbers of the annotations it holds (OBJR)
    kids: list[Element] = field(default_factory=list)
    text: str = ""  # the words of its marked content and its kids'

    def ancestors(self) -> Iterator[Element]:
        here = self.parent
        while here is not None:
            yield here
            here = here.parent

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            yield from kid.walk()


@dataclass(frozen=True)
class LinkAnnotation:
    page: int
    number: int  # its object number
    contents: str
    flags: int = 0  # its /F (0 when it has none): the print flag is 4


@dataclass
class PdfDocument:
    pages: int
    marked: bool
    lang: str | None
    root: Element | None  # the structure tree's root; None when it has none
    links: list[LinkAnnotation]
    texts: list[Drawn]
    pictures: list[Drawn]

    @property
    def elements(self) -> list[Element]:
        return list(self.root.walk()) if self.root is not None else []


def _dict(value: Any) -> DictionaryObject | None:
    """``value`` resolved, when it is a dictionary."""
    resolved = value.get_object() if value is not None else None
    return resolved if isinstance(resolved, DictionaryObject) else None


def _number(value: Any) -> int | None:
    return value.idnum if isinstance(value, IndirectObject) else None


class _Tree:
    def __init__(self, reader: PdfReader, tree: DictionaryObject) -> None:
        self.pages = {
            page.indirect_reference.idnum: i for i, page in enumerate(reader.pages) if page.indirect_reference
        }
        roles = tree.get("/RoleMap")
        self.roles = {str(k): str(v) for k, v in roles.get_object().items()} if roles is not None else {}
        self.seen: set[int] = set()

    def standard(self, kind: str) -> str:
        for _ in range(10):  # a role map may chain; never loop for ever
            if kind not in self.roles:
                break
            kind = self.roles[kind]
        return kind.lstrip("/")

    def element(self, ref: Any, parent: Element | None, page: int | None) -> Element | None:
        number = _number(ref)
        if number is not None:
            if number in self.seen:
                return None
            self.seen.add(number)
        node = ref.get_object()
        if not isinstance(node, DictionaryObject):
            return None
        alt = node.get("/Alt") or node.get("/ActualText") or ""
        made = Element(self.standard(str(node.get("/S", "/NonStruct"))), str(alt), parent)
        page = self.pages.get(_number(node.get("/Pg")) or -1, page)
        self.kids(made, node.get("/K"), page)
        return made

    def kids(self, made: Element, value: Any, page: int | None) -> None:
        if value is None:
            return
        value = value.get_object() if isinstance(value, IndirectObject) and not self._is_element(value) else value
        items = list(value) if isinstance(value, ArrayObject) else [value]
        for item in items:
            resolved = item.get_object()
            if isinstance(resolved, int):
                if page is not None:
                    made.marks.append((page, int(resolved)))
            elif isinstance(resolved, DictionaryObject) and resolved.get("/Type") == "/MCR":
                on = self.pages.get(_number(resolved.get("/Pg")) or -1, page)
                mcid = resolved.get("/MCID")
                if on is not None and isinstance(mcid, int):
                    made.marks.append((on, int(mcid)))
            elif isinstance(resolved, DictionaryObject) and resolved.get("/Type") == "/OBJR":
                number = _number(resolved.get("/Obj"))
                if number is not None:
                    made.annotations.append(number)
            elif isinstance(resolved, DictionaryObject):
                kid = self.element(item, made, page)
                if kid is not None:
                    made.kids.append(kid)

    @staticmethod
    def _is_element(ref: IndirectObject) -> bool:
        node = ref.get_object()
        return isinstance(node, DictionaryObject) and "/S" in node


def _content(page: Any) -> bytes:
    """A page's content stream, its parts joined when it has several."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    parts = list(contents) if isinstance(contents, ArrayObject) else [contents] if contents is not None else []
    return b"\n".join(part.get_object().get_data() for part in parts)


def read_pdf(data: bytes) -> PdfDocument:
    try:
        reader = PdfReader(io.BytesIO(data))
        catalog = _dict(reader.trailer["/Root"]) or DictionaryObject()
        info = _dict(catalog.get("/MarkInfo")) or DictionaryObject()
        marked = bool(info.get("/Marked"))
        lang = str(catalog["/Lang"]) if "/Lang" in catalog else None
        tree = _dict(catalog.get("/StructTreeRoot"))
        root = None
        if tree is not None:
            reading = _Tree(reader, tree)
            root = Element("StructTreeRoot", "", None)
            reading.kids(root, tree.get("/K"), None)
        links = [
            LinkAnnotation(i, reference.idnum, str(annotation.get("/Contents", "")), int(annotation.get("/F", 0)))
            for i, page in enumerate(reader.pages)
            for reference in (page.get("/Annots") or [])
            if isinstance(reference, IndirectObject)
            and (annotation := _dict(reference) or DictionaryObject()).get("/Subtype") == "/Link"
        ]
        texts, pictures = read_pages(
            [(_content(page), _dict(page.get("/Resources")) or DictionaryObject()) for page in reader.pages]
        )
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnreadablePdf(str(error) or type(error).__name__) from None
    document = PdfDocument(len(reader.pages), marked, lang, root, links, texts, pictures)
    _words(document)
    return document


def _words(document: PdfDocument) -> None:
    """Each element's text: the words drawn in its marked content, then its kids'."""
    by_mark: dict[tuple[int, int], list[str]] = {}
    for drawn in document.texts:
        if drawn.mcid is not None and drawn.mark != ARTIFACT:
            by_mark.setdefault((drawn.page, drawn.mcid), []).append(drawn.text)

    def fill(element: Element) -> str:
        own = [word for mark in element.marks for word in by_mark.get(mark, [])]
        element.text = " ".join([*own, *(fill(kid) for kid in element.kids)]).strip()
        return element.text

    if document.root is not None:
        fill(document.root)
