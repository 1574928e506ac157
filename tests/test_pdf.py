"""The PDF: text and order, pages, live links, metadata, outline, tagging, reproducibility, the book."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.api import load_edition, render, render_book_pdf
from briefkit.edition import model

from conftest import MINIMAL, REPO, SAMPLE, SECOND, run_cli

EXPECTED_PAGES = {SAMPLE.stem: 4, SECOND.stem: 2}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _titles_in_order(edition: model.Edition) -> list[str]:
    """Every heading and item title the PDF must show, in reading order."""
    wanted = [edition.title]
    for section in edition.sections:
        if section.heading:
            wanted.append(section.heading.upper())  # the theme sets section headings in capitals
        for item in getattr(section, "items", ()):
            wanted.append(item.title)
    return wanted


def _outline(reader: PdfReader) -> list[tuple[int, str]]:
    entries: list[tuple[int, str]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, str(item.title)))  # type: ignore[attr-defined]

    walk(reader.outline, 1)
    return entries


def _links(reader: PdfReader) -> set[str]:
    found = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/URI"):
                found.add(str(action["/URI"]))
    return found


def _edition_links(edition: model.Edition) -> set[str]:
    from briefkit.manifest.markdown import link_targets

    urls = {edition.web_url} if edition.web_url else set()
    if edition.call_to_action and edition.call_to_action.url:
        urls.add(edition.call_to_action.url)
    urls.update(link_targets(edition.intro.source))
    for section in edition.sections:
        for item in getattr(section, "items", ()):
            urls.add(item.url)
            summary = getattr(item, "summary", None)
            if summary is not None:
                urls.update(link_targets(summary.source))
        if isinstance(section, model.SubscribeSection):
            urls.add(section.url)
        if isinstance(section, model.AboutSection | model.SubscribeSection):
            urls.update(link_targets(section.text.source))
    return urls


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outbox = tmp_path_factory.mktemp("outbox")
    for manifest in (SAMPLE, SECOND):
        render(manifest, ["pdf"], outbox)
    return {manifest.stem: outbox / manifest.stem / "edition.pdf" for manifest in (SAMPLE, SECOND)}


@pytest.mark.parametrize("manifest", [SAMPLE, SECOND], ids=["sample", "second"])
def test_every_heading_and_title_appears_in_order(rendered: dict[str, Path], manifest: Path) -> None:
    edition = load_edition(manifest)[0]
    reader = PdfReader(rendered[manifest.stem])
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    position = 0
    for title in _titles_in_order(edition):
        found = text.find(_flat(title), position)
        assert found >= 0, f"{title!r} missing or out of order"
        position = found + len(title)
    assert len(reader.pages) == EXPECTED_PAGES[manifest.stem]
    assert f"Page 1 of {len(reader.pages)}" in text


@pytest.mark.parametrize("manifest", [SAMPLE, SECOND], ids=["sample", "second"])
def test_links_are_live_and_their_addresses_printed(rendered: dict[str, Path], manifest: Path) -> None:
    edition = load_edition(manifest)[0]
    reader = PdfReader(rendered[manifest.stem])
    expected = _edition_links(edition)
    assert _links(reader) == expected
    text = _flat(" ".join(page.extract_text() for page in reader.pages)).replace(" ", "")
    for url in expected:  # printed as footnotes (they may wrap, so compare without spaces)
        assert url in text


def test_metadata_outline_and_tags(rendered: dict[str, Path]) -> None:
    edition = load_edition(SECOND)[0]
    reader = PdfReader(rendered[SECOND.stem])
    info = reader.metadata
    assert info is not None
    assert info.title == "Sharper: Sino-Russian Defense Cooperation"
    assert info.author == "Center for a New American Security"
    assert info.subject == edition.preheader
    assert info["/Keywords"] == "Sharper, Russia, China, defense cooperation"
    assert info["/CreationDate"].startswith("D:20200810")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    outline = _outline(reader)
    headings = [(1, s.heading or "") for s in edition.sections]
    assert [entry for entry in outline if entry[0] == 1] == headings
    items = [(2, item.title) for s in edition.sections for item in getattr(s, "items", ())]
    assert [entry for entry in outline if entry[0] == 2] == items


def test_fonts_are_embedded_and_subset(rendered: dict[str, Path]) -> None:
    reader = PdfReader(rendered[SAMPLE.stem])
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in fonts), "subset fonts carry a six-letter prefix"


def test_a_section_without_heading_still_has_an_outline_entry(project: Path) -> None:
    (project / "editions" / "x.yaml").write_text(
        "series: sharper.series.yaml\ndate: 2021-03-31\ntitle: T\nintro: Words.\nsections:\n"
        "  - kind: in_the_news\n    heading: ''\n    people: [A. Person]\n",
        encoding="utf-8",
    )
    render(project / "editions" / "x.yaml", ["pdf"])
    assert _outline(PdfReader(project / "outbox" / "x" / "edition.pdf")) == [(1, "In the News")]


def test_pdf_is_byte_identical_and_honours_source_date_epoch(
    project: Path, monkeypatch: pytest.MonkeyPatch, rendered: dict[str, Path]
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    manifest = project / "editions" / SAMPLE.name
    shutil.copy(SAMPLE, manifest)
    render(manifest, ["pdf"], project / "a")
    render(manifest, ["pdf"], project / "b")
    first = (project / "a" / SAMPLE.stem / "edition.pdf").read_bytes()
    assert first == (project / "b" / SAMPLE.stem / "edition.pdf").read_bytes()
    assert first == rendered[SAMPLE.stem].read_bytes()  # another project folder, same bytes
    assert PdfReader(project / "a" / SAMPLE.stem / "edition.pdf").metadata["/ModDate"].startswith("D:20210331")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    render(manifest, ["pdf"], project / "c")
    stamped = PdfReader(project / "c" / SAMPLE.stem / "edition.pdf").metadata
    assert stamped["/ModDate"].startswith("D:20231114221320")
    assert stamped["/CreationDate"].startswith("D:20210331")


def test_a4_and_pdfa_on_request(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8").replace("  page_size: letter\n", "  page_size: a4\n  standard: pdf/a-3u\n"),
        encoding="utf-8",
    )
    shutil.copy(SECOND, project / "editions")
    render(project / "editions" / SECOND.name, ["pdf"])
    reader = PdfReader(project / "outbox" / SECOND.stem / "edition.pdf")
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)


def test_pictures_come_from_local_files_and_fit_the_text_block(rendered: dict[str, Path]) -> None:
    import weasyprint
    from weasyprint.formatting_structure import boxes
    from weasyprint.urls import URLFetcherResponse

    from briefkit.render.pdf import print_html
    from briefkit.render.pdf_resources import THEME_URL, Resources

    edition, theme, _ = load_edition(SECOND)
    assert edition.sections[0].items[0].image.file is not None  # type: ignore[union-attr]
    page = PdfReader(rendered[SECOND.stem]).pages[0]
    assert "/x0" in page["/Resources"]["/XObject"]  # the picture is drawn on the first page
    resources = Resources(theme.folders, edition.assets())

    def fetch(url: str) -> URLFetcherResponse:
        data, media_type = resources.load(url)
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})

    document = weasyprint.HTML(string=print_html(edition, theme), base_url=THEME_URL, url_fetcher=fetch).render()
    first = document.pages[0]._page_box
    pictures = [box for box in _walk(first) if isinstance(box, boxes.ReplacedBox) and box.element_tag == "img"]
    assert len(pictures) == 2  # the logo and the feature's picture (1600 px wide in the file)
    for picture in pictures:
        assert picture.margin_width() <= first.children[0].width + 0.01


def _walk(box: object) -> list[object]:
    return [box] + [d for child in getattr(box, "children", []) for d in _walk(child)]


def test_book_binds_editions_with_cover_contents_and_right_hand_starts(tmp_path: Path) -> None:
    output = tmp_path / "book.pdf"
    result = render_book_pdf([SECOND, SAMPLE], output)
    assert result.written == [output]
    reader = PdfReader(output)
    pages = [_flat(page.extract_text()) for page in reader.pages]
    assert "Sharper: Collected Editions" in pages[0]
    contents = next(i for i, text in enumerate(pages) if "CONTENTS" in text)
    for manifest in (SECOND, SAMPLE):
        edition = load_edition(manifest)[0]
        start = int(re.search(re.escape(edition.title) + r"[ .]*(\d+)", pages[contents]).group(1))  # type: ignore[union-attr]
        assert start % 2 == 1, "each edition starts on a right-hand (odd) page"
        assert edition.title in pages[start - 1]
        assert edition.tagline is not None and edition.tagline in pages[start - 1]
    top = [title for depth, title in _outline(reader) if depth == 1]
    assert top == ["Contents", "Sharper: Sino-Russian Defense Cooperation", "Sharper: The Beijing-Moscow Partnership"]
    assert len(reader.pages) == 10  # cover, blank, contents, blank, 2 pages, 4 pages


def test_pdf_command_binds_a_book(project: Path) -> None:
    for manifest in (SAMPLE, SECOND):
        shutil.copy(manifest, project / "editions")
    result = run_cli(
        "pdf",
        f"editions/{SAMPLE.name}",
        f"editions/{SECOND.name}",
        "-o",
        "outbox/book.pdf",
        "--title",
        "A Year",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote outbox/book.pdf\n"
    assert "A Year" in PdfReader(project / "outbox" / "book.pdf").pages[0].extract_text()


def test_pinned_weasyprint_keeps_justified_lines_full() -> None:
    """WeasyPrint 70.0 leaves 'Moscow' alone on a justified line in this layout; the pinned version must not."""
    spec = importlib.util.spec_from_file_location("weasyprint_justify", REPO / "bench" / "weasyprint_justify.py")
    assert spec is not None and spec.loader is not None
    justify = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(justify)
    lines = justify.lines_of("DejaVu Serif", 12, 2.0)
    assert len(lines) > 40
    assert justify.lone_words(lines) == []


FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
{dirs}
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def _pdf_with_fonts(project: Path, tmp_path: Path, name: str, dirs: list[Path]) -> bytes:
    """The sample's PDF, rendered by a briefkit that sees only the system fonts in ``dirs``."""
    config = tmp_path / f"{name}.conf"
    entries = "\n".join(f"  <dir>{folder}</dir>" for folder in dirs)
    config.write_text(FONTCONFIG.format(dirs=entries, cache=tmp_path / f"{name}-cache"), "utf-8")
    outbox = tmp_path / name
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "briefkit",
            "render",
            f"editions/{SAMPLE.name}",
            "--format",
            "pdf",
            "--outbox",
            str(outbox),
        ],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return (outbox / SAMPLE.stem / "edition.pdf").read_bytes()


def test_the_pdf_is_the_same_whatever_fonts_the_machine_has(project: Path, tmp_path: Path) -> None:
    """The theme's fonts travel with it: no system fonts at all, the usual ones, or another font besides them."""
    shutil.copy(SAMPLE, project / "editions")
    extra = tmp_path / "extra-fonts"
    extra.mkdir()
    shutil.copy(REPO / "templates" / "sharper" / "fonts" / "LiberationSans-Regular.ttf", extra / "Impostor.ttf")
    none = _pdf_with_fonts(project, tmp_path, "none", [])
    usual = _pdf_with_fonts(project, tmp_path, "usual", [Path("/usr/share/fonts")])
    more = _pdf_with_fonts(project, tmp_path, "more", [Path("/usr/share/fonts"), extra])
    assert none == usual == more


def test_the_running_header_and_footer_are_artifacts(rendered: dict[str, Path]) -> None:
    """Page furniture is /Artifact marked content (PDF/UA 7.8): a screen reader skips it; the content keeps its
    structure."""
    reader = PdfReader(rendered[SAMPLE.stem])
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        data = page.get_contents().get_data().decode("latin-1")
        furniture = [block for block in re.findall(r"/Artifact\nBMC\n(.*?)\nEMC", data, flags=re.S) if " Tf" in block]
        tagged = re.findall(r"/\w+\n<</MCID \d+>>\nBDC\n(.*?)\nEMC", data, flags=re.S)
        assert len(furniture) == (1 if number == 1 else 3), number  # the footer; the header from page 2
        assert tagged, number
        for block in furniture:
            assert block not in "".join(tagged)
    text = page.extract_text()
    assert f"Page {pages} of {pages}" in text


def test_a_character_the_fonts_lack_is_a_warning(project: Path) -> None:
    manifest = project / "editions" / "emoji.yaml"
    manifest.write_text(MINIMAL.replace("title: A Test Edition", 'title: "Ships 🚢 in the Arctic"'), "utf-8")
    result = render(manifest, ["pdf"])
    missing = [w for w in result.warnings if w.check == "pdf-glyphs"]
    assert any("the PDF's fonts have no '🚢' (U+1F6A2), which prints as an empty box" in w.message for w in missing)
    assert not [w for w in missing if "🚢" not in w.message]  # nothing else is missing
    assert {w.where.display() for w in missing} == {"emoji/edition.pdf"}
