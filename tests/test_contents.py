"""The "In this edition" list (`contents: true`, a series default an edition overrides): after the intro, the
sections' headings (and the items of a section longer than `contents_items_over`), linked to their headings in the
archive page and the PDF (internal links, beside the PDF's bookmarks), a plain list in the email and the text."""

from __future__ import annotations

import functools
import http.server
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit.api import build, render

from conftest import REPO, loopback_server

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

NEWS = "".join(
    f"      - {{person: Expert {n}, outlet: Outlet {n}, date: 2021-05-0{n}, title: Appearance {n}, "
    f"url: 'https://example.org/news/{n}'}}\n"
    for n in range(1, 6)
)
EDITION = f"""\
series: sharper.series.yaml
date: 2021-05-12
title: Contents
contents: true
intro: The words before the list.
sections:
  - kind: features
    items:
      - {{title: First Feature, url: "https://example.org/one", summary: One.}}
      - {{title: Second Feature, url: "https://example.org/two", summary: Two.}}
  - kind: in_the_news
    items:
{NEWS}  - kind: listing
    heading: ''
    items:
      - {{title: Without a Heading, url: "https://example.org/three"}}
  - kind: about
  - kind: commentaries
    heading: Last Words
    items:
      - {{title: A Commentary, url: "https://example.org/four", summary: Four.}}
"""
SECTIONS = ["Features", "In the News", "Last Words"]  # not the section without a heading, nor About
ITEMS = [f"Appearance {n}" for n in range(1, 6)]  # the one section with more than 4 items


def _write(project: Path, text: str = EDITION) -> Path:
    manifest = project / "editions" / "2021-05-12-contents.yaml"
    manifest.write_text(text, "utf-8")
    return manifest


def _render(project: Path, text: str = EDITION, formats: tuple[str, ...] = ("email", "text")) -> Path:
    manifest = _write(project, text)
    render(manifest, list(formats), project / "outbox")
    return project / "outbox" / manifest.stem


def _contents_text(text: str) -> list[str]:
    """The lines of the plain text's list, between its heading and the first section's."""
    block = text.split("In this edition\n---------------\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_the_text_lists_the_sections_and_a_long_sections_items(project: Path) -> None:
    text = (_render(project) / "email.txt").read_text("utf-8")
    assert text.index("The words before the list.") < text.index("In this edition") < text.index("First Feature")
    assert _contents_text(text) == [
        "* Features",
        "* In the News",
        *[f"  - {item}" for item in ITEMS],
        "* Last Words",
    ]


def test_a_section_of_exactly_contents_items_over_items_lists_none(project: Path) -> None:
    text = _render(project, EDITION.replace("contents: true", "contents: true\ncontents_items_over: 5")) / "email.txt"
    assert _contents_text(text.read_text("utf-8")) == ["* Features", "* In the News", "* Last Words"]


def test_the_email_lists_them_without_links(project: Path) -> None:
    email = (_render(project) / "email.html").read_text("utf-8")
    block = email.split(">In this edition</h2>", 1)[1].split("</ul></div>", 1)[0]
    assert re.findall(r"<li>([^<]+)", block) == ["Features", "In the News", *ITEMS, "Last Words"]
    assert "<a " not in block and 'href="#' not in email  # a plain list: many mail apps break links to anchors
    assert email.index("The words before the list.") < email.index("In this edition") < email.index("First Feature")


def test_off_unless_asked_and_the_edition_overrides_the_series(project: Path) -> None:
    quiet = EDITION.replace("contents: true\n", "")
    assert "In this edition" not in (_render(project, quiet) / "email.txt").read_text("utf-8")
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + "contents: true\ncontents_items_over: 0\n", "utf-8")
    text = (_render(project, quiet) / "email.txt").read_text("utf-8")
    assert _contents_text(text)[:3] == ["* Features", "  - First Feature", "  - Second Feature"]
    assert "  - A Commentary" in _contents_text(text)  # 0: every section's items
    off = EDITION.replace("contents: true", "contents: false")
    assert "In this edition" not in (_render(project, off) / "email.txt").read_text("utf-8")


def test_a_contents_value_that_is_not_true_or_false_is_located(project: Path) -> None:
    from conftest import run_cli

    _write(project, EDITION.replace("contents: true", "contents: yes"))
    result = run_cli("render", "editions/2021-05-12-contents.yaml", "--format", "text", cwd=project)
    assert result.returncode == 2
    assert "2021-05-12-contents.yaml:4:11: contents: 'yes' is not allowed; write true or false" in result.stderr


@pytest.fixture
def archive_page(project: Path) -> str:
    _write(project)
    result = build(project, ["email"], jobs=1)
    assert not result.failed
    return (project / "outbox" / "web" / "2021-05-12-contents" / "index.html").read_text("utf-8")


def test_the_archive_page_links_each_entry_to_its_heading(archive_page: str) -> None:
    nav = archive_page.split('<nav class="contents"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)
    assert [text for _, text in links] == ["Features", "In the News", *ITEMS, "Last Words"]
    for anchor, text in links:
        target = re.search(rf'<(h2|h3|li)\b[^>]*\bid="{anchor}"[^>]*>(.*?)</\1>', archive_page, re.DOTALL)
        assert target, anchor
        assert text in target.group(2), (anchor, target.group(2))
    assert len(set(re.findall(r'\bid="([^"]+)"', archive_page))) == len(re.findall(r'\bid="', archive_page))
    assert archive_page.index("The words before the list.") < archive_page.index('<nav class="contents"')


def test_the_archive_page_without_contents_has_no_ids(project: Path) -> None:
    _write(project, EDITION.replace("contents: true\n", ""))
    build(project, ["email"], jobs=1)
    page = (project / "outbox" / "web" / "2021-05-12-contents" / "index.html").read_text("utf-8")
    assert 'id="section-' not in page and "In this edition" not in page


def _outline(reader: PdfReader) -> list[tuple[int, str]]:
    entries: list[tuple[int, str]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, str(item.title)))

    walk(reader.outline, 1)
    return entries


def test_the_pdf_links_each_entry_to_its_page_and_bookmarks_the_list(project: Path) -> None:
    folder = _render(project, EDITION.replace("Four.", "Four. " + "Words to fill pages. " * 400), ("pdf",))
    reader = PdfReader(folder / "edition.pdf")
    assert len(reader.pages) > 1
    destinations = reader.named_destinations
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    internal = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            action = link.get("/A")
            name = link.get("/Dest") or (action.get("/D") if action and action.get("/S") == "/GoTo" else None)
            if name is not None and (number, str(name)) not in internal:  # a link on two lines has two areas
                internal.append((number, str(name)))
    slug = "2021-05-12-contents"
    expected = [f"{slug}-section-1", f"{slug}-section-2"]
    expected += [f"{slug}-section-2-{n}" for n in range(1, 6)] + [f"{slug}-section-5"]
    assert [name for _, name in internal] == expected
    assert all(number == 0 for number, _ in internal)  # the list is on the first page
    words = dict(zip(expected, ["FEATURES", "IN THE NEWS", *ITEMS, "LAST WORDS"], strict=True))
    for name in expected:
        target = reader.get_destination_page_number(destinations[name])
        assert words[name] in pages[target], (name, target)
    last = reader.get_destination_page_number(destinations[f"{slug}-section-5"])
    assert last > 0  # the commentary was pushed onto a later page, and its link leads there
    assert pages[0].count(f". {last + 1}") >= 1  # and the list prints that page number
    outline = _outline(reader)
    assert outline[:3] == [(1, "In this edition"), (1, "Features"), (2, "First Feature")]
    assert (1, "Last Words") in outline


def test_the_pdf_without_contents_has_no_internal_links(project: Path) -> None:
    folder = _render(project, EDITION.replace("contents: true\n", ""), ("pdf",))
    reader = PdfReader(folder / "edition.pdf")
    assert not any(
        "/Dest" in annotation.get_object() for page in reader.pages for annotation in page.get("/Annots") or []
    )
    assert "In this edition" not in [title for _, title in _outline(reader)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(project: Path) -> Iterator[str]:
    _write(project)
    assert not build(project, ["email"], jobs=1).failed
    handler = functools.partial(_Quiet, directory=str(project / "outbox" / "web"))
    with loopback_server(handler) as port:  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}/2021-05-12-contents/"


def test_the_archive_page_is_accessible_with_headings_in_order(browser: Any, served: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(served)
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))")
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    page.click("nav.contents >> text=Last Words")
    assert page.evaluate("location.hash") == "#section-5"
    assert page.evaluate("document.querySelector(':target').textContent") == "Last Words"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.id, v.impact])")
    assert not [v for v in found if v[1] in ("serious", "critical")], found
    context.close()
