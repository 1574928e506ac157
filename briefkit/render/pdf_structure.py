"""The PDF's structure tree by the document, not by its pages: what WeasyPrint 69 tags, put in order.

What WeasyPrint 69.0 does (weasyprint/pdf/tags.py). ``add_tags`` builds the structure tree one page at a time,
from each page's boxes (``_build_box_tree``): an element that runs over a page break (the edition's <article>, a
<section>, an item) becomes one structure element per page, so a section's items and its sign-up button on the
next page fall outside the Sect its heading is in. The page's footnote area is tagged after the page's content,
as a NonStruct of Spans, so the footnotes read between pages in mid-content, away from what calls them; the
footnote call is a NonStruct inside the text that calls it (so a heading reads "Dangerous Synergies2"), and the
footnote's marker another. Link annotations get /Contents set to their target address only, and no /F (flags):
they are not printed (PDF/UA-1, ISO 14289-1, 7.18.1 and 7.18.5, with PDF/A's 6.3.2).

What this module changes, after ``add_tags`` has built the tree (one wrapper around ``_build_box_tree`` notes the
box each element was made for; one around ``add_tags`` changes the tree it built):

- the elements made for the same HTML element on several pages become one: the later ones' children move to the
  first, in order, and an element made for the same HTML element in the same role as its parent (a link's
  ``::after``, a block split by a block child) is folded into the parent (a marked-content id that moves to an element of another page becomes a marked-content
  reference naming its page), and the parent tree and link annotations point to the one kept;
- a footnote call is a Reference; a footnote is a Note (with an /ID, PDF/UA-1 7.9) whose marker is its Lbl, placed
  right after the block (paragraph, heading) that calls it, or at the end of the list item or table cell;
- an empty NonStruct (a pseudo-element that draws only a rule) is left out;
- every link annotation is printed (/F 4) and its /Contents names where it goes: the link's accessible name
  (aria-label, else its text and its pictures' alt, else its title) and, for an address outside the document,
  the address.

Only the structure tree and the annotations change: the pages' content and layout are WeasyPrint's. It reaches
into WeasyPrint's internals, so ``install`` runs after ``pdf_artifacts.check_version`` (the same version guard).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer (no type hints); imported with the PDF's code

from briefkit.render import pdf_artifacts

# Roles a Note can follow as a sibling; in the containers below it goes inside, at the end (an L holds only LIs).
_BLOCKS = frozenset(
    {"P", "H1", "H2", "H3", "H4", "H5", "H6", "BlockQuote", "Div", "Sect", "Art", "Part", "Caption", "Figure"}
)
_CONTAINERS = frozenset({"LI", "LBody", "TD", "TH", "Document"})

_made: ContextVar[dict[int, tuple[Any, Any]] | None] = ContextVar("briefkit_structure_boxes", default=None)
_installed = False


@dataclass
class _Tree:
    """The PDF's objects by reference, and the boxes its structure elements were made for."""

    objects: dict[bytes, Any]
    boxes: dict[int, Any]  # id(structure element) -> its box

    def get(self, reference: Any) -> Any:
        return self.objects.get(reference) if isinstance(reference, bytes) else None

    def box(self, element: Any) -> Any:
        return self.boxes.get(id(element))

    def role(self, element: Any) -> str:
        return str(element["S"])[1:]


def install() -> None:
    """Put the wrappers in place (once per process), after pdf_artifacts' version check."""
    global _installed
    pdf_artifacts.check_version()
    if _installed:
        return
    from weasyprint import pdf
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree  # pdf_artifacts' wrapper, when installed first
    add_tags = pdf.add_tags

    def build_noting_boxes(box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        made = _made.get()
        for element in build_box_tree(box, *args, **kwargs):
            if made is not None:  # the innermost box (html, body and page boxes hand their children's up)
                made.setdefault(id(element), (element, getattr(box, "_box", box)))  # a placeholder's own box
            yield element

    def add_tags_by_document(pdf_: Any, document: Any, *args: Any, **kwargs: Any) -> None:
        made: dict[int, tuple[Any, Any]] = {}
        token = _made.set(made)
        try:
            add_tags(pdf_, document, *args, **kwargs)
        finally:
            _made.reset(token)
        restructure(pdf_, {key: box for key, (_, box) in made.items()})

    tags._build_box_tree = build_noting_boxes
    pdf.add_tags = add_tags_by_document
    _installed = True


def restructure(pdf: Any, boxes: dict[int, Any]) -> None:
    """Change the structure tree ``add_tags`` built in ``pdf`` (see the module's docstring)."""
    objects = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Object) and obj.number}
    tree = _Tree(objects, boxes)
    root = tree.get(pdf.catalog["StructTreeRoot"])
    document = tree.get(root["K"][0])
    _notes_beside_their_calls(tree, document)
    moved: dict[bytes, bytes] = {}
    _one_element_per_html_element(tree, document, moved)
    _without_empty_nonstruct(tree, document)
    parent_tree = tree.get(root["ParentTree"])
    nums = parent_tree["Nums"]
    for index in range(1, len(nums), 2):
        if isinstance(nums[index], list):
            nums[index] = pydyf.Array([moved.get(ref, ref) for ref in nums[index]])
        else:
            nums[index] = moved.get(nums[index], nums[index])
    _name_links(tree, pdf)


def _kids(tree: _Tree, element: Any) -> list[Any]:
    """The structure elements among ``element``'s kids."""
    return [kid for kid in element["K"] if (found := tree.get(kid)) is not None and found.get("Type") == "/StructElem"]


def _walk(tree: _Tree, element: Any) -> Iterator[Any]:
    yield element
    for kid in _kids(tree, element):
        yield from _walk(tree, tree.get(kid))


def _notes_beside_their_calls(tree: _Tree, document: Any) -> None:
    """Footnotes out of each page's footnote area, as Notes after the block that calls them."""
    from weasyprint.formatting_structure import boxes

    calls: dict[int, Any] = {}  # id(HTML element) -> its footnote call's Reference
    for element in _walk(tree, document):
        box = tree.box(element)
        tag = getattr(box, "element_tag", None) or ""
        if tag.endswith("::footnote-call"):
            element["S"] = "/Reference"
            calls[id(box.element)] = element
        elif tag.endswith("::footnote-marker"):
            element["S"] = "/Lbl"
    after: dict[bytes, int] = {}  # reference of a block -> how many notes follow it already
    number = 0
    for area in [tree.get(kid) for kid in _kids(tree, document)]:
        if not isinstance(tree.box(area), boxes.FootnoteAreaBox):
            continue
        document["K"].remove(area.reference)
        for kid in _kids(tree, area):
            note = tree.get(kid)
            call = calls.get(id(getattr(tree.box(note), "element", None)))
            if call is None:  # a footnote with no call found stays where WeasyPrint put it
                document["K"].append(kid)
                note["P"] = document.reference
                continue
            number += 1
            note["S"] = "/Note"
            note["ID"] = pydyf.String(f"note-{number}")
            block = tree.get(call["P"])
            while tree.role(block) not in _BLOCKS | _CONTAINERS:
                block = tree.get(block["P"])
            if tree.role(block) in _CONTAINERS:
                block["K"].append(kid)
                note["P"] = block.reference
                continue
            parent = tree.get(block["P"])
            position = parent["K"].index(block.reference) + 1 + after.get(block.reference, 0)
            parent["K"].insert(position, kid)
            after[block.reference] = after.get(block.reference, 0) + 1
            note["P"] = parent.reference
        area.clear()


def _key(tree: _Tree, element: Any) -> tuple[int, str] | None:
    box = tree.box(element)
    if box is None or getattr(box, "element", None) is None:
        return None
    return id(box.element), f"{box.element_tag}/{tree.role(element)}"


def _one_element_per_html_element(tree: _Tree, element: Any, moved: dict[bytes, bytes]) -> None:
    """Merge the siblings made for one HTML element on several pages into the first, and a child made for the
    same HTML element in the same role as its parent (a link's ::after, an anonymous box) into the parent; from
    the top down."""
    first: dict[tuple[int, str], Any] = {}
    own = _html_and_role(tree, element)
    kept = pydyf.Array()
    queue = list(element["K"])
    while queue:
        kid = queue.pop(0)
        child = tree.get(kid)
        if child is None or child.get("Type") != "/StructElem":
            kept.append(kid)
            continue
        if own is not None and _html_and_role(tree, child) == own:  # folded into this element, where it stands
            queue[:0] = [_moved_kid(tree, child, element, inner) for inner in child["K"]]
            moved[child.reference] = element.reference
            child.clear()
            continue
        key = _key(tree, child)
        if key is None or key not in first:
            if key is not None:
                first[key] = child
            kept.append(kid)
            continue
        into = first[key]
        into["K"].extend(_moved_kid(tree, child, into, inner) for inner in child["K"])
        moved[child.reference] = into.reference
        child.clear()
    element["K"] = kept
    for kid in _kids(tree, element):
        _one_element_per_html_element(tree, tree.get(kid), moved)


def _html_and_role(tree: _Tree, element: Any) -> tuple[int, str] | None:
    box = tree.box(element)
    return None if getattr(box, "element", None) is None else (id(box.element), tree.role(element))


def _moved_kid(tree: _Tree, source: Any, into: Any, kid: Any) -> Any:
    """``kid`` of ``source``, to go into ``into``: a marked-content id from another page becomes a marked-content
    reference naming its page; a structure element's parent is ``into``."""
    if isinstance(kid, int) and source.get("Pg") != into.get("Pg"):
        return pydyf.Dictionary({"Type": "/MCR", "Pg": source["Pg"], "MCID": kid})
    if (found := tree.get(kid)) is not None and found.get("Type") == "/StructElem":
        found["P"] = into.reference
    return kid


def _without_empty_nonstruct(tree: _Tree, element: Any) -> None:
    for kid in _kids(tree, element):
        child = tree.get(kid)
        if tree.role(child) == "NonStruct" and not child["K"]:
            element["K"].remove(kid)
            child.clear()
        else:
            _without_empty_nonstruct(tree, child)


def accessible_name(html: Any) -> str:
    """A link's name as HTML computes it, simplified: its aria-label, else its text with its pictures' alt, else
    its title."""
    label = " ".join((html.get("aria-label") or "").split())
    if label:
        return label
    parts: list[str] = []
    _text_and_alt(html, parts.append)
    return " ".join(" ".join(parts).split()) or " ".join((html.get("title") or "").split())


def _text_and_alt(html: Any, add: Callable[[str], None]) -> None:
    if html.text:
        add(html.text)
    for child in html:
        if child.tag == "img":
            add(child.get("alt") or "")
        elif "link-note" not in (child.get("class") or "").split():
            _text_and_alt(child, add)
        if child.tail:
            add(child.tail)


def _name_links(tree: _Tree, pdf: Any) -> None:
    """Every link annotation printed (/F 4), its /Contents naming where it goes."""
    for box in tree.boxes.values():
        annotation = getattr(box, "link_annotation", None)
        if annotation is None or getattr(box, "element", None) is None:
            continue
        link = box.element  # the <a> itself, or the <a> a picture or pseudo-element inside it belongs to
        while link is not None and link.tag != "a":
            link = link.getparent()
        name = accessible_name(box.element if link is None else link)
        action = annotation.get("A")
        address = str(getattr(action["URI"], "string", "")) if action is not None and "URI" in action else ""
        if name and address and name != address:
            annotation["Contents"] = pydyf.String(f"{name} ({address})")
        elif name or address:
            annotation["Contents"] = pydyf.String(name or address)
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Annot" and obj.get("Subtype") == "/Link":
            obj["F"] = 4
