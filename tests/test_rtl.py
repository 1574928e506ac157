"""Right-to-left editions mirror their layout: the email and the archive page in Chromium (element boxes compared
with the left-to-right version's, screenshots of both in test-artifacts/), the PDF's tags (/Lang on the document
and on its structure elements, the direction in the page's HTML)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit.api import build, render

from conftest import ARTIFACTS, REPO

ORIGINAL = "2020-04-09-the-arctic-opens-up"
FRENCH, ARABIC = f"{ORIGINAL}-fr", f"{ORIGINAL}-ar"
WIDTH = 800  # wider than the email's 600 px, so that its side margins show


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Arctic edition in English, French and Arabic, built with their emails, PDFs and archive pages."""
    project = tmp_path_factory.mktemp("rtl")
    (project / "editions").mkdir()
    shutil.copy(REPO / "editions" / "sharper.series.yaml", project / "editions")
    for folder in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, project / folder)
    for name in (ORIGINAL, FRENCH, ARABIC):
        shutil.copy(REPO / "editions" / f"{name}.yaml", project / "editions")
    result = build(project, ["email", "pdf"], jobs=1)
    assert not result.failed
    return project / "outbox"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    opened = context.new_page()
    opened.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    yield opened
    context.close()


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return {"left": box["x"], "right": box["x"] + box["width"], "width": box["width"]}


def _text_box(page: Any, selector: str) -> dict[str, float]:
    """Where the words of the first ``selector`` stand (not the block, which is as wide as its column)."""
    found = page.evaluate(
        """selector => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            const box = range.getBoundingClientRect();
            return {left: box.left, right: box.right, width: box.width};
        }""",
        selector,
    )
    assert found["width"] > 0, selector
    return dict(found)


def _border_sides(page: Any, selector: str) -> tuple[float, float]:
    return tuple(  # type: ignore[return-value]
        page.evaluate(
            """selector => {
                const style = getComputedStyle(document.querySelector(selector));
                return [parseFloat(style.borderLeftWidth), parseFloat(style.borderRightWidth)];
            }""",
            selector,
        )
    )


def _mirrored(ltr: dict[str, float], rtl: dict[str, float], within: dict[str, float]) -> bool:
    """Whether ``rtl`` stands where ``ltr`` would in a mirror of ``within`` (to 2 px)."""
    return abs((ltr["left"] - within["left"]) - (within["right"] - rtl["right"])) <= 2


# -- the email -------------------------------------------------------------------------------------------------


def _email(page: Any, built: Path, name: str) -> dict[str, Any]:
    page.goto((built / name / "email.html").as_uri())
    page.screenshot(path=str(ARTIFACTS / f"rtl-email-{name}.png"), full_page=False)
    return {
        "dir": page.evaluate("document.documentElement.dir"),
        "wrapper_dir": page.evaluate("document.querySelector('[role=article]').dir"),
        "column": _box(page, ".bk-masthead"),
        "rule": _box(page, ".bk-rule p, .bk-rule"),
        "title": _text_box(page, ".bk-title h1"),
        "date": _text_box(page, ".bk-date div"),
        "quote": _border_sides(page, ".bk-quote"),
        "button_align": page.evaluate("getComputedStyle(document.querySelector('.bk-intro div')).textAlign"),
    }


def test_the_arabic_email_is_the_mirror_of_the_french(page: Any, built: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    ltr, rtl = _email(page, built, FRENCH), _email(page, built, ARABIC)
    assert (ltr["dir"], rtl["dir"], rtl["wrapper_dir"]) == ("auto", "rtl", "rtl")
    column = ltr["column"]
    assert ltr["title"]["left"] < column["left"] + 40 < column["right"] - 40 < ltr["title"]["right"] + 300
    assert rtl["title"]["right"] > column["right"] - 40  # the title starts at the right
    assert _mirrored(ltr["rule"], rtl["rule"], column)  # the masthead's short rule: at the left, at the right
    assert _mirrored(ltr["date"], rtl["date"], column) or rtl["date"]["right"] == pytest.approx(
        ltr["date"]["left"] + (column["right"] - column["left"]) - (ltr["date"]["left"] - column["left"]) * 2, abs=2
    )
    assert ltr["quote"][0] > 0 and ltr["quote"][1] == 0  # the quote's rule on the left
    assert rtl["quote"][0] == 0 and rtl["quote"][1] > 0  # and on the right
    assert (ltr["button_align"], rtl["button_align"]) == ("left", "right")


# -- the archive page ------------------------------------------------------------------------------------------


def _archive(page: Any, built: Path, name: str) -> dict[str, Any]:
    page.goto((built / "web" / name / "index.html").as_uri())
    page.screenshot(path=str(ARTIFACTS / f"rtl-archive-{name}.png"), full_page=False)
    return {
        "dir": page.evaluate("getComputedStyle(document.body).direction"),
        "main": _box(page, "main"),
        "title": _text_box(page, "main h1"),
        "heading": _text_box(page, "main h2"),
        "quote": _border_sides(page, "blockquote"),
        "switcher": [_box(page, f"nav.languages li:nth-child({n})") for n in (1, 2, 3)],
    }


def test_the_arabic_archive_page_is_the_mirror_of_the_french(page: Any, built: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    ltr, rtl = _archive(page, built, FRENCH), _archive(page, built, ARABIC)
    assert (ltr["dir"], rtl["dir"]) == ("ltr", "rtl")
    main = ltr["main"]
    assert ltr["title"]["left"] - main["left"] == pytest.approx(main["right"] - rtl["title"]["right"], abs=2)
    assert ltr["heading"]["left"] - main["left"] == pytest.approx(main["right"] - rtl["heading"]["right"], abs=2)
    assert ltr["quote"][0] > 0 and ltr["quote"][1] == 0
    assert rtl["quote"][0] == 0 and rtl["quote"][1] > 0
    # The switcher reads from its first language to its last: left to right, and right to left.
    assert ltr["switcher"][0]["left"] < ltr["switcher"][1]["left"] < ltr["switcher"][2]["left"]
    assert rtl["switcher"][0]["right"] > rtl["switcher"][1]["right"] > rtl["switcher"][2]["right"]
    assert _mirrored(ltr["switcher"][0], rtl["switcher"][0], main)


# -- the PDF ---------------------------------------------------------------------------------------------------


def _structure_langs(reader: PdfReader) -> set[str]:
    """Every /Lang of the structure tree's elements."""
    found: set[str] = set()
    todo = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            todo += node
            continue
        if not hasattr(node, "get"):
            continue
        if "/Lang" in node:
            found.add(str(node["/Lang"]))
        kids = node.get("/K")
        if kids is not None:
            todo.append(kids)
    return found


def test_the_arabic_pdf_says_its_language_on_the_document_and_its_structure(built: Path, tmp_path: Path) -> None:
    reader = PdfReader(built / ARABIC / "edition.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert _structure_langs(reader) <= {"ar"}
    render(built.parent / "editions" / f"{ARABIC}.yaml", ["pdf"], tmp_path)
    assert (tmp_path / ARABIC / "edition.pdf").read_bytes() == (built / ARABIC / "edition.pdf").read_bytes()


def _running_head(page: Any) -> dict[str, str]:
    """The page's words in its top margin (above the text block's 22 mm), by the half of the page they start in."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    found: dict[str, str] = {}

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        if text.strip() and y > height - 22 * 72 / 25.4:
            side = "left" if x < width / 2 else "right"
            found[side] = (found.get(side, "") + " " + text.strip()).strip()

    page.extract_text(visitor_text=seen)
    return found


def _running_heads(pdf: Path) -> list[dict[str, str]]:
    return [_running_head(page) for page in PdfReader(pdf).pages]


def test_the_pdfs_running_heads_are_mirrored(built: Path) -> None:
    """The series name and the date in the page's top corners: series left and date right from left to right, the
    other way round from right to left; none over the title on the first page in either."""
    ltr, rtl = _running_heads(built / FRENCH / "edition.pdf"), _running_heads(built / ARABIC / "edition.pdf")
    assert len(ltr) > 1 and len(rtl) > 1
    assert ltr[0] == rtl[0] == {}
    for ltr_page, rtl_page in zip(ltr[1:], rtl[1:], strict=False):
        assert ltr_page == {"left": "SHARPER", "right": "9 avril 2020"}
        assert rtl_page["right"] == "SHARPER"
        assert set(rtl_page["left"].split()) == {"9", "أبريل", "2020"}  # the runs in the order they are drawn


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _is_pull_quote(box: Any) -> bool:
    return box.element is not None and "pull-quote" in (box.element.get("class") or "").split()


def test_the_pdf_is_laid_out_right_to_left(built: Path) -> None:
    """The PDF's HTML as WeasyPrint lays it out: the root's direction, and the pull-quote's rule on its right."""
    import weasyprint

    from briefkit.api import load_edition
    from briefkit.render.pdf import print_html, print_stylesheet

    for name, side in ((FRENCH, "left"), (ARABIC, "right")):
        edition, theme, _ = load_edition(built.parent / "editions" / f"{name}.yaml")
        stylesheet = print_stylesheet(theme)
        assert stylesheet is not None
        document = weasyprint.HTML(string=print_html(edition, theme), base_url=stylesheet.as_uri()).render()
        quotes = [box for laid in document.pages for box in _boxes(laid._page_box) if _is_pull_quote(box)]
        assert quotes, name
        assert quotes[0].style["direction"] == ("rtl" if side == "right" else "ltr")
        widths = (quotes[0].border_left_width, quotes[0].border_right_width)
        assert (widths[0] > 0, widths[1] > 0) == (side == "left", side == "right"), name
