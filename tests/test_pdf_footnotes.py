"""Footnotes laid out once each (briefkit/render/pdf_footnotes.py): the same PDF to the byte as WeasyPrint's own
layout, on the samples and on a long listing with many footnotes a page; and the version guard."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
from pypdf import PdfReader

from briefkit.api import load_edition
from briefkit.render import pdf_footnotes
from briefkit.render.outputs import pdf_resources
from briefkit.render.pdf import render_pdf

from conftest import SAMPLE, SAMPLES


def _pdfs(manifest: Path) -> tuple[bytes, bytes]:
    """The edition's PDF with the wrapper, and with WeasyPrint's own footnote layout."""
    edition, theme, _ = load_edition(manifest)
    wrapped = render_pdf(edition, theme, pdf_resources([edition], theme)).data
    with pdf_footnotes.stock_footnotes():
        stock = render_pdf(edition, theme, pdf_resources([edition], theme)).data
    return wrapped, stock


def long_listing(project: Path, count: int) -> Path:
    """The sample with a last section listing ``count`` items, each with a link (a footnote) and a byline."""
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".lock.json"), project / "editions" / "long-listing.lock.json")
    items = "".join(
        f"      - title: Listing item {i} on the state of the partnership and what comes next\n"
        f"        url: https://www.cnas.org/publications/item-{i}\n"
        f"        teaser: A teaser for item {i}, long enough to wrap over two lines in the printed edition.\n"
        f"        authors: Author {i % 40}\n"
        for i in range(count)
    )
    manifest = project / "editions" / "long-listing.yaml"
    text = SAMPLE.read_text("utf-8").rstrip() + "\n  - kind: listing\n    heading: The Archive\n    items:\n"
    manifest.write_text(text + items, "utf-8")
    return manifest


def test_the_wrapper_is_in_place_on_the_pinned_weasyprint() -> None:
    assert pdf_footnotes.weasyprint_version() in pdf_footnotes.WRITTEN_FOR
    assert pdf_footnotes.applies() and pdf_footnotes.install()


@pytest.mark.parametrize("manifest", sorted((SAMPLES / "editions").glob("20*.yaml")), ids=lambda path: path.stem)
def test_the_samples_are_byte_identical_with_and_without_it(manifest: Path) -> None:
    wrapped, stock = _pdfs(manifest)
    assert wrapped == stock


def test_a_long_listing_is_byte_identical_with_and_without_it(project: Path) -> None:
    """200 items, each with a footnote: pages with a dozen footnotes, some moved to the next page."""
    wrapped, stock = _pdfs(long_listing(project, 200))
    assert len(PdfReader(io.BytesIO(wrapped)).pages) > 20
    assert wrapped == stock


def test_each_footnote_is_laid_out_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wrapper does its work: WeasyPrint lays out each footnote (a `.link-note` block) once with it, and again
    and again without it (counted where WeasyPrint lays out a block box)."""
    from weasyprint.layout import block

    laid_out: list[object] = []
    block_box_layout = block.block_box_layout

    def counting(context: object, box: Any, *args: object, **kwargs: object) -> object:
        if "link-note" in (box.element.get("class") or "") if box.element is not None else False:
            laid_out.append(box.element)
        return block_box_layout(context, box, *args, **kwargs)

    monkeypatch.setattr(block, "block_box_layout", counting)
    edition, theme, _ = load_edition(long_listing(project, 30))
    pages = len(PdfReader(io.BytesIO(render_pdf(edition, theme, pdf_resources([edition], theme)).data)).pages)
    once = len(laid_out)
    footnotes = len(set(laid_out))
    laid_out.clear()
    with pdf_footnotes.stock_footnotes():
        render_pdf(edition, theme, pdf_resources([edition], theme))
    assert footnotes > 30
    # once each, and again only on the next page for a footnote moved there (at most one a page)
    assert footnotes <= once <= footnotes + pages
    assert len(laid_out) > 2 * once  # WeasyPrint's own: a footnote again for each one added after it on its page


GUARDED = """
import weasyprint
from weasyprint.layout import LayoutContext, block, page
{change}
stock = (LayoutContext._update_footnote_area, block.block_level_layout, page.block_level_layout)
from briefkit.render import pdf_footnotes
print(pdf_footnotes.install(), stock == (LayoutContext._update_footnote_area, block.block_level_layout,
      page.block_level_layout))
"""


@pytest.mark.parametrize(
    "change",
    [
        "weasyprint.__version__ = '70.0'",
        "weasyprint.__version__ = '69.1'",
        "LayoutContext._update_footnote_area = lambda self, footnote=None: False",
    ],
    ids=["another major version", "another minor version", "another shape"],
)
def test_another_weasyprint_is_left_as_it_is(change: str) -> None:
    """On a WeasyPrint the wrapper was not written against, nothing is wrapped: WeasyPrint lays footnotes out as
    it always does (a fresh process each, as the wrapper is put in place once a process)."""
    found = subprocess.run(
        [sys.executable, "-c", GUARDED.format(change=change)], capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["False", "True"]


def test_the_pinned_weasyprint_is_wrapped_in_a_fresh_process() -> None:
    found = subprocess.run(
        [sys.executable, "-c", GUARDED.format(change="")], capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["True", "False"]


FLOATS_AND_KEPT_BLOCKS = jinja2.Template(
    """<html><head><style>
@page { size: 200px 300px; margin: 20px; }
body { font: 10px/12px sans-serif; margin: 0 }
.aside { background: #ccc; }
.note { float: footnote; }
.aside { float: right; width: 80px; height: 150px; }
.kept { break-inside: avoid; }
</style></head><body>
{% for i in range(40) %}
{% if i % 5 == 3 %}
<div class="kept"><p>Kept block {{ i }} line one<span class="note">Kept note {{ i }} which is long enough to wrap over
lines</span> and two and more words here to fill lines, more, more.</p><p>Second paragraph of {{ i }}<span
class="note">Second kept note {{ i }}</span>.</p></div>
{% elif i % 7 == 2 %}
<p>Text {{ i }}<div class="aside">Float {{ i }}<span class="note">Float note {{ i }}</span></div> with more words that
go on and on.</p>
{% else %}
<p>Paragraph {{ i }} with a note<span class="note">Note number {{ i }} {{ "x" * (i % 9) }}</span> and words after it
to wrap the line.</p>
{% endif %}
{% endfor %}
</body></html>""",
    autoescape=True,
)


def test_footnotes_beside_floats_and_in_kept_blocks_are_byte_identical() -> None:
    """Footnotes called from floats, and lines of the footnote area beside the page's floats; footnotes taken back
    when a block kept whole moves to the next page: WeasyPrint's own layout, to the byte."""
    from weasyprint import HTML

    html = FLOATS_AND_KEPT_BLOCKS.render()
    pdf_footnotes.install()
    wrapped = HTML(string=html).write_pdf()
    with pdf_footnotes.stock_footnotes():
        stock = HTML(string=html).write_pdf()
    assert wrapped == stock


def test_relatively_positioned_footnotes_are_byte_identical() -> None:
    """A relatively positioned footnote is moved by the area that lays it out, after its layout: the kept layout
    is moved once, as WeasyPrint's own."""
    from weasyprint import HTML

    notes = "".join(f"<p>Paragraph {i}<span class='note'>Note {i}</span> and more words.</p>" for i in range(30))
    html = (
        "<style>@page { size: 200px 300px; margin: 20px } body { font: 10px/12px sans-serif; margin: 0 }"
        ".note { float: footnote; position: relative; left: 7px; top: 3px }</style>" + notes
    )
    pdf_footnotes.install()
    wrapped = HTML(string=html).write_pdf()
    with pdf_footnotes.stock_footnotes():
        stock = HTML(string=html).write_pdf()
    assert wrapped == stock
