"""Benchmark: a book of editions laid out in parallel (two worker processes) and joined, against the stock book.

Run with `make bench`. Prints figures and a check of what the joined PDF keeps; it asserts nothing.

The stock book (`briefkit pdf`) is one WeasyPrint layout of the whole book. The parallel variant measured here:

1. The editions are split into two runs of consecutive editions; a forked worker process lays each run out as a
   book without its cover and contents (an extra stylesheet hides them), so the run starts on a right-hand page
   as in the stock book, with the running header on its first page and its footnotes numbered on from the
   footnotes of the runs before it (counted in the print HTML).
2. WeasyPrint makes the margin boxes ("Page N of M") only after all pages are laid out. Each worker stops just
   there, tells the parent its page count, and waits for its first page number and the book's total; the
   parent lays out the cover and contents meanwhile (for their page count), sends the numbers, and once the
   workers have written their tagged PDFs (and said where each edition starts) lays the cover and contents out
   again with the editions' page numbers.
3. The parent joins the parts with pypdf: pages in order (a blank page where the stock book would have one, so
   each edition starts on a right-hand page), the structure trees under one Document element (parent-tree keys
   renumbered), the outlines, and the named destinations (the contents' links find the editions).

The check compares the joined PDF with the stock one: pages, structure elements (count and types in order, every
parent-tree key present), outline entries and links one by one, that each internal link's destination exists,
and the text of every page (the "Page N of M", the contents' page numbers, the footnote numbers).

Measured on two shared cores it keeps all of these but is not faster, so briefkit does not use it (docs/pdf.md,
"Books").
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import re
import resource
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench_pdf import book_project

from briefkit.edition.model import Edition
from briefkit.render.templates import Theme

from timing import timings

WORKERS = 2
TITLE = "Book"
HIDE_FRONT = ".book > .cover, .book > .contents { display: none }"
# A run of editions begins on its document's first page, which is `:first`; in the book it is not, so it has the
# running header like any other edition page.
# (The stylesheets given to WeasyPrint are user stylesheets: `!important` where the theme says otherwise.)
RUN_HEADER = (
    "@page :first { @top-left { content: string(series) !important } @top-right { content: string(date) !important } }"
)
# The cover and contents alone: the editions are kept (their ids are the contents' link targets) but take no page.
FRONT_ONLY = (
    ".book > .edition { break-before: auto; position: absolute; width: 0; height: 0; overflow: hidden }"
    ".book > .edition > * { display: none }"
)
PAGE_TEXT = re.compile(r"Page (\d+) of (\d+)")


# Layout ------------------------------------------------------------------------------------------------------------


def _numbers_from(ask: Callable[[int], tuple[int, int]]) -> Callable[[], None]:
    """Make WeasyPrint number the pages ``offset + n`` of ``total``, where ``ask(page_count)`` gives both once the
    pages are laid out (before the first margin box is made); returns what puts WeasyPrint back."""
    import weasyprint.layout as layout

    original = layout.make_margin_boxes
    told: list[tuple[int, int]] = []

    def make_margin_boxes(context: Any, page: Any, state: Any) -> Any:
        if not told:
            told.append(ask(len(context.page_maker) - 1))
        offset, total = told[0]
        values = dict(state[1])
        values["page"] = [values["page"][-1] + offset]
        values["pages"] = [total]
        return original(context, page, (state[0], values, *state[2:]))

    layout.make_margin_boxes = make_margin_boxes

    def restore() -> None:
        layout.make_margin_boxes = original

    return restore


def _document(
    html: str, theme: Theme, editions: Sequence[Edition], css: str, ask: Callable[[int], tuple[int, int]]
) -> Any:
    """The laid-out document of ``html`` with the extra stylesheet ``css``, numbered as ``ask`` says (as briefkit renders)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcherResponse

    from briefkit.render import pdf_artifacts, pdf_footnotes
    from briefkit.render.outputs import pdf_resources
    from briefkit.render.pdf_resources import THEME_URL, Refused

    pdf_artifacts.install()
    pdf_footnotes.install()
    resources = pdf_resources(editions, theme)

    def fetch(url: str) -> Any:
        try:
            data, media_type = resources.load(url)
        except Refused:
            raise ValueError("refused") from None
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})

    restore = _numbers_from(ask)
    try:
        document = HTML(string=html, base_url=THEME_URL, url_fetcher=fetch).render(stylesheets=[CSS(string=css)])
    finally:
        restore()
    return document


def _write(document: Any, editions: Sequence[Edition]) -> bytes:
    settings = editions[0].print
    return document.write_pdf(pdf_variant=settings.standard, pdf_tags=True, pdf_identifier=True)  # type: ignore[no-any-return]


class _Notes(HTMLParser):
    """Counts the link notes (each a footnote in the Sharper theme's print.css) in a print page."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and "link-note" in (dict(attrs).get("class") or "").split():
            self.count += 1


def _footnotes(html: str) -> int:
    notes = _Notes()
    notes.feed(html)
    return notes.count


def _run(pipe: Connection, html: str, editions: Sequence[Edition], theme: Theme, notes_before: int) -> None:
    """A worker: lay out a run of editions, say its page count, wait for its numbers, send its PDF."""

    def ask(count: int) -> tuple[int, int]:
        pipe.send(count)
        offset, total = pipe.recv()
        return offset, total

    notes = f"body {{ counter-reset: footnote {notes_before} }}"  # footnotes are numbered through the book
    document = _document(html, theme, editions, HIDE_FRONT + RUN_HEADER + notes, ask)
    firsts = {e.slug: min(i for i, page in enumerate(document.pages) if e.slug in page.anchors) for e in editions}
    pipe.send((_write(document, editions), [firsts[e.slug] for e in editions]))
    pipe.close()


def _front(editions: Sequence[Edition], theme: Theme, starts: Sequence[int], total: int) -> tuple[bytes, int]:
    """The cover and contents, the contents giving each edition's first page; and its page count."""
    from briefkit.render.pdf import book_html

    numbers = "".join(
        f'.contents li:nth-child({i + 1}) a::after {{ content: leader(". ") "{start}" !important }}'
        for i, start in enumerate(starts)
    )
    counted: list[int] = []

    def ask(count: int) -> tuple[int, int]:
        counted.append(count)
        return 0, total

    # The editions without their sections: the contents need only their titles, dates and ids.
    light = [dataclasses.replace(e, sections=()) for e in editions]
    document = _document(book_html(light, theme, TITLE), theme, editions, FRONT_ONLY + numbers, ask)
    return _write(document, editions), counted[0]


def _runs(editions: Sequence[Edition], count: int) -> list[Sequence[Edition]]:
    """``editions`` in ``count`` runs of consecutive editions, as even as can be."""
    size, extra = divmod(len(editions), count)
    runs, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        runs.append(editions[start:end])
        start = end
    return runs


def _odd(n: int) -> int:
    return n + n % 2  # pages taken when the next part must begin on a right-hand (odd) page


def parallel_book(editions: Sequence[Edition], theme: Theme, workers: int = WORKERS) -> bytes:
    """The book of ``editions``: runs laid out in worker processes, the cover and contents here, joined."""
    from briefkit.render.pdf import book_html

    forking = multiprocessing.get_context("fork")
    pipes, processes = [], []
    notes_before = 0
    for run in _runs(editions, min(workers, len(editions))):
        html = book_html(run, theme, TITLE)
        ours, theirs = forking.Pipe()
        process = forking.Process(target=_run, args=(theirs, html, run, theme, notes_before))
        notes_before += _footnotes(html)
        process.start()
        pipes.append(ours)
        processes.append(process)
    # The cover and contents laid out once while the workers lay out the editions, for their page count; again at
    # the end with each edition's first page (the numbers' width does not change the contents' page count).
    _, front_pages = _front(editions, theme, [0] * len(editions), 0)
    counts = [pipe.recv() for pipe in pipes]
    offsets, at = [], _odd(front_pages)
    for count in counts:
        offsets.append(at)
        at += _odd(count)
    total = at - (_odd(counts[-1]) - counts[-1])  # no blank page after the last edition
    for pipe, offset in zip(pipes, offsets, strict=True):
        pipe.send((offset, total))
    received = [pipe.recv() for pipe in pipes]
    for process in processes:
        process.join()
    parts = [data for data, _ in received]
    starts = [offset + first + 1 for (_, firsts), offset in zip(received, offsets, strict=True) for first in firsts]
    front, pages = _front(editions, theme, starts, total)
    assert pages == front_pages, "the contents' page count changed with its numbers"
    return join([front, *parts], [0, *offsets], total)


# Join --------------------------------------------------------------------------------------------------------------


def join(parts: Sequence[bytes], offsets: Sequence[int], total: int) -> bytes:
    """The parts as one PDF: pages (blank ones between where a part must begin on a right-hand page), one
    structure tree, one outline, one name tree of destinations; the first part's metadata."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter()
    readers = [PdfReader(BytesIO(data)) for data in parts]
    width, height = readers[0].pages[0].mediabox.width, readers[0].pages[0].mediabox.height
    document: DictionaryObject | None = None
    nums = ArrayObject()
    next_key = 0
    dests: dict[str, Any] = {}
    page_maps: list[dict[int, Any]] = []
    for reader, offset in zip(readers, offsets, strict=True):
        while len(writer.pages) < offset:
            writer.add_blank_page(width, height)
        root = reader.trailer["/Root"]
        tree = root["/StructTreeRoot"]
        base = next_key
        old_nums = tree["/ParentTree"]["/Nums"]
        keys = [int(old_nums[i]) for i in range(0, len(old_nums), 2)]
        next_key = base + max(keys) + 1
        page_map = {}
        for page in reader.pages:
            added = writer.add_page(page)
            page_map[page.indirect_reference.idnum] = added.indirect_reference  # type: ignore[union-attr]
            if "/StructParents" in added:
                added[NameObject("/StructParents")] = NumberObject(base + int(added["/StructParents"]))
            for annot in added.get("/Annots", []):
                annot = annot.get_object()
                if "/StructParent" in annot:
                    annot[NameObject("/StructParent")] = NumberObject(base + int(annot["/StructParent"]))
        page_maps.append(page_map)
        for i in range(0, len(old_nums), 2):
            nums.append(NumberObject(base + int(old_nums[i])))
            nums.append(old_nums[i + 1].clone(writer))
        kid = tree["/K"]
        kid = kid[0] if isinstance(kid.get_object(), list) else kid
        cloned = kid.get_object().clone(writer)
        # The contents' link targets (the editions kept empty in the front part) are empty elements: not kept.
        cloned[NameObject("/K")] = ArrayObject(c for c in cloned["/K"] if c.get_object().get("/K") not in (None, []))
        if document is None:
            document = cloned
        else:
            for child in cloned["/K"]:
                child.get_object()[NameObject("/P")] = document.indirect_reference
                document["/K"].append(child)
        for name, dest in reader.named_destinations.items():
            if name not in dests or offset > 0:
                dests[name] = (dest, page_map)
    assert document is not None
    assert len(writer.pages) == total, f"{len(writer.pages)} pages joined, {total} numbered"
    struct_root = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): ArrayObject([document.indirect_reference]),
            NameObject("/ParentTree"): writer._add_object(DictionaryObject({NameObject("/Nums"): nums})),
        }
    )
    struct_ref = writer._add_object(struct_root)
    document[NameObject("/P")] = struct_ref
    first_root = readers[0].trailer["/Root"]
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in first_root:
            writer._root_object[NameObject(key)] = first_root[key].clone(writer)
    writer._root_object[NameObject("/StructTreeRoot")] = struct_ref
    names = ArrayObject()
    for name in sorted(dests, key=lambda n: n.encode("utf-16-be" if not n.isascii() else "latin-1")):
        dest, page_map = dests[name]
        names.append(TextStringObject(name))
        names.append(
            ArrayObject(
                [
                    page_map[dest.page.idnum],
                    NameObject("/XYZ"),
                    *(NumberObject(0) if v is None else v for v in (dest.left, dest.top)),
                    NumberObject(0),
                ]
            )
        )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): writer._add_object(DictionaryObject({NameObject("/Names"): names}))}
    )
    for reader, page_map in zip(readers, page_maps, strict=True):
        _copy_outline(writer, reader.outline, page_map, None)
    if readers[0].metadata:
        writer.add_metadata({k: v for k, v in readers[0].metadata.items()})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_outline(writer: Any, items: list[Any], page_map: dict[int, Any], parent: Any) -> None:
    from pypdf.generic import Fit

    last = None
    for item in items:
        if isinstance(item, list):
            _copy_outline(writer, item, page_map, last)
            continue
        fit = Fit.xyz(item.left, item.top, 0)
        last = writer.add_outline_item(
            title=item.title, page_number=page_map[item.page.idnum], parent=parent, fit=fit, is_open=True
        )


# Check -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    pages: int
    struct_elements: int
    parent_tree_ok: bool  # every page's and link's key in the parent tree, every element's page in the document
    outline: int
    links: int
    outline_items: tuple[tuple[str, int], ...]  # each entry's title and page
    link_items: tuple[tuple[int, str], ...]  # each link's page and where it goes
    internal_links_ok: bool  # every internal link's destination exists
    page_text: tuple[str, ...]  # the "Page N of M" of each page ('' where none)
    text: tuple[str, ...]  # each page's whole text (the running header, the contents' page numbers)


def _elements(node: Any) -> Iterator[Any]:
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            yield from _elements(kid)
    elif hasattr(node, "get") and node.get("/S") is not None:
        yield node
        if "/K" in node:
            yield from _elements(node["/K"])


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K", []) if hasattr(element, "get") else []
    return list(kids) if isinstance(kids.get_object(), list) else [kids]


def _refers_to(kid: Any, annot: Any) -> bool:
    """Whether ``kid`` of a structure element is an object reference to the annotation ``annot``."""
    kid = kid.get_object()
    return (
        hasattr(kid, "get")
        and kid.get("/Type") == "/OBJR"
        and kid.raw_get("/Obj").idnum == annot.indirect_reference.idnum
    )


def kept(data: bytes) -> Kept:
    """What a book PDF holds of its tags, outline, links and page numbers."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    root = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"]
    elements = list(_elements(tree["/K"]))
    page_ids = {page.indirect_reference.idnum for page in reader.pages}  # type: ignore[union-attr]
    nums = tree["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    ok = len(parents) * 2 == len(nums)  # each key once
    ok = ok and all(e.raw_get("/Pg").idnum in page_ids for e in elements if "/Pg" in e)
    links, internal_ok = 0, True
    names = set(reader.named_destinations)
    texts: list[str] = []
    link_items: list[tuple[int, str]] = []
    whole: list[str] = []
    for page in reader.pages:
        if "/StructParents" in page:  # the page's key gives elements on that page
            marked = parents.get(int(page["/StructParents"]), [])
            ok = ok and all(e.get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum for e in marked)  # type: ignore[union-attr]
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            links += 1
            goes = annot.get("/Dest") or annot.get("/A", {}).get("/URI", "")
            link_items.append((len(whole), str(goes)))
            owner = parents.get(int(annot.get("/StructParent", -1)), {})  # the link's key gives the element holding it
            ok = ok and any(_refers_to(kid, annot) for kid in _kids(owner))
            if "/Dest" in annot:
                internal_ok = internal_ok and str(annot["/Dest"]) in names
        whole.append(page.extract_text())
        found = PAGE_TEXT.search(whole[-1])
        texts.append(found.group(0) if found else "")

    def entries(items: list[Any]) -> Iterator[tuple[str, int]]:
        for item in items:
            if isinstance(item, list):
                yield from entries(item)
            else:
                yield str(item.title), reader.get_destination_page_number(item)

    outline_items = tuple(entries(reader.outline))
    return Kept(
        len(reader.pages),
        len(elements),
        ok,
        len(outline_items),
        links,
        outline_items,
        tuple(link_items),
        internal_ok,
        tuple(texts),
        tuple(whole),
    )


# Main --------------------------------------------------------------------------------------------------------------


def compare(size: int, runs: int) -> None:
    """The stock book of ``size`` editions and the parallel one, in turn ``runs`` times; what the join keeps."""
    from briefkit.api import load_edition
    from briefkit.render.outputs import pdf_resources
    from briefkit.render.pdf import render_book

    with tempfile.TemporaryDirectory() as scratch:
        manifests = book_project(Path(scratch), size)
        loaded = [load_edition(m) for m in manifests]
        editions, theme = [e for e, _, _ in loaded], loaded[0][1]
        output = Path(scratch) / "book.pdf"

        def stock_book() -> bytes:
            return render_book(editions, theme, pdf_resources(editions, theme), TITLE, output).data

        stock, joined = stock_book(), parallel_book(editions, theme)  # warm up
        ours, theirs, our_cpu, their_cpu = [], [], [], []
        for _ in range(runs):  # the two in turn, so that a drift of the shared machine's speed hits both
            before = _cpu()
            ours += timings(1, stock_book)
            middle = _cpu()
            theirs += timings(1, lambda: parallel_book(editions, theme))
            our_cpu.append(middle - before)
            their_cpu.append(_cpu() - middle)
    ratios = [b / a for a, b in zip(ours, theirs, strict=True)]
    a, b = kept(stock), kept(joined)
    print(
        f"Book of {size} editions, {a.pages} pages (in-process, {runs} runs each in turn; {WORKERS} worker processes)"
    )
    for name, wall, cpu, data in (
        ("stock (one layout)", ours, our_cpu, stock),
        ("parallel, joined", theirs, their_cpu, joined),
    ):
        print(
            f"  {name:24s}  {statistics.median(wall) / 1000:7.2f} s median  "
            f"(CPU {statistics.median(cpu):6.2f} s, all processes)  {len(data):9d} bytes"
        )
    print(
        f"  ratio parallel/stock      {statistics.median(ratios):7.2f}x median of the pairs "
        f"({min(ratios):.2f}-{max(ratios):.2f})"
    )
    print("  kept                        stock    joined")
    for field in ("pages", "struct_elements", "parent_tree_ok", "outline", "links", "internal_links_ok"):
        print(f"    {field:22s}  {getattr(a, field)!s:>7}  {getattr(b, field)!s:>8}")
    same = sum(x == y for x, y in zip(a.page_text, b.page_text, strict=False))
    print(f"    'Page N of M' the same  {same:7d} of {a.pages} pages")
    same = sum(x == y for x, y in zip(a.text, b.text, strict=False))
    print(f"    whole text the same     {same:7d} of {a.pages} pages")
    print(f"    outline entries (title, page) the same: {a.outline_items == b.outline_items}")
    print(f"    links (page, target) the same: {a.link_items == b.link_items}")
    print(f"    structure types in order the same: {_types(stock) == _types(joined)}")


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _types(data: bytes) -> list[str]:
    from pypdf import PdfReader

    tree = PdfReader(BytesIO(data)).trailer["/Root"]["/StructTreeRoot"]
    return [str(element["/S"]) for element in _elements(tree["/K"])]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for size in (20, 50):
        compare(size, runs)


if __name__ == "__main__":
    main()
