"""The accessibility report (briefkit/accessibility/): each rule passes on the sample edition's email, web page and
PDF, and fails on a crafted bad input (a careless theme from tests/accessibility/, a low-contrast series, a page
without its language, PDFs with their tags taken apart); its summary as HTML; and the page `briefkit build` writes
beside each edition's archive page, linked from its footer, made again only with its edition, the same bytes for
the same input, and clean under axe-core in Chromium."""

from __future__ import annotations

import dataclasses
import functools
import io
import itertools
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject

from briefkit.accessibility.html_page import read_page
from briefkit.accessibility.html_styles import drawing
from briefkit.accessibility.report import Outcome, Report, report
from briefkit.accessibility.rules import RULES
from briefkit.accessibility.summary import summary_html
from briefkit.api import build, load_edition, render_outputs
from briefkit.archive.pages import Neighbours, render_article, render_edition_page
from briefkit.edition.model import Edition
from briefkit.render.feed_entry import archive_entry

from conftest import REPO, SAMPLE, SAMPLES, SECOND, THIRD, loopback_server

CARELESS = REPO / "tests" / "accessibility" / "careless"
LEAKY = REPO / "tests" / "accessibility" / "leaky"
DARK_SMALL = REPO / "tests" / "accessibility" / "dark-small"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGE = "accessibility.html"


def _project(root: Path, manifests: tuple[Path, ...] = (SAMPLE,)) -> Path:
    (root / "editions").mkdir()
    shutil.copy(REPO / "editions" / "sharper.series.yaml", root / "editions")
    for folder in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, root / folder)
    for manifest in manifests:
        shutil.copy(manifest, root / "editions")
        lock = manifest.with_name(manifest.stem + ".lock.json")
        if lock.exists():
            shutil.copy(lock, root / "editions")
    return root


def _png() -> bytes:
    """A 2×2 grey PNG: a picture the PDF draws as an image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Rendered:
    """An edition's outputs as the build makes them: the email's HTML, its archive page, its PDF."""

    def __init__(self, manifest: Path) -> None:
        edition, theme, _root = load_edition(manifest)
        files = render_outputs(edition, theme, ["email", "pdf"]).files
        article = render_article(edition, theme).html
        web = render_edition_page(archive_entry(edition), article, Neighbours(None, None), theme, True, (), True)
        self.edition: Edition = edition
        self.email = files["email.html"].decode("utf-8")
        self.web = web.decode("utf-8")
        self.pdf = files["edition.pdf"]

    def report(self, **changed: Any) -> Report:
        email = changed.pop("email_html", self.email)
        values: dict[str, Any] = {"web_html": self.web, "pdf": self.pdf, "edition": self.edition}
        values.update(changed)
        return report(email, **values)


def _outcome(found: Report, rule: str, output: str) -> Outcome:
    (outcome,) = [o for o in found.outcomes if o.rule.name == rule and o.output == output]
    return outcome


def _failed(found: Report, rule: str, output: str) -> str:
    outcome = _outcome(found, rule, output)
    assert not outcome.passed, outcome
    return "\n".join(outcome.found)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    project = _project(tmp_path_factory.mktemp("sample"))
    return Rendered(project / "editions" / SAMPLE.name)


@pytest.fixture(scope="module")
def careless(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The sample edition with the careless theme's subscribe section over Sharper's."""
    project = _project(tmp_path_factory.mktemp("careless"))
    shutil.copytree(CARELESS, project / "templates" / "sharper")
    (project / "templates" / "sharper" / "badge.png").write_bytes(_png())
    return Rendered(project / "editions" / SAMPLE.name)


# The sample passes every rule in every output.


def test_the_sample_passes_every_rule_in_every_output(sample: Rendered) -> None:
    found = sample.report()
    assert found.failed == (), [(o.rule.name, o.output, o.found) for o in found.failed]
    ran = {(o.rule.name, o.output) for o in found.outcomes}
    assert {rule.name for rule in RULES} == {name for name, _ in ran}
    assert {output for _, output in ran} == {"email", "web", "pdf"}
    assert _outcome(found, "headings", "pdf").found[0].endswith("in order, none inside another")
    assert "Page # of #" in _outcome(found, "pdf-artifacts", "pdf").found[0]


@pytest.mark.parametrize(
    "manifest", sorted(m.name for m in (SAMPLES / "editions").glob("*.yaml") if not m.name.endswith(".series.yaml"))
)
def test_every_sample_edition_passes_every_rule_in_every_output(manifest: str) -> None:
    found = Rendered(SAMPLES / "editions" / manifest).report()
    assert {o.output for o in found.outcomes} == {"email", "web", "pdf"}
    assert found.failed == (), [(o.rule.name, o.output, o.found) for o in found.failed]
    for outcome in found.outcomes:  # in words an approver reads: no PDF keys alone, nothing counted at zero
        for line in outcome.found:
            assert "/MarkInfo" not in line and "/Contents" not in line, line
            assert not re.search(r"(?<![\d.:,])0 [a-z]", line), line


def test_without_a_web_page_or_pdf_the_report_is_of_the_email_alone(sample: Rendered) -> None:
    found = report(sample.email, web_html=None, pdf=None, edition=sample.edition)
    assert {o.output for o in found.outcomes} == {"email"}
    assert found.of("pdf") == ()


def test_a_build_without_pdfs_loads_no_pdf_reader() -> None:
    """The build's worker, with the accessibility report, loads pypdf (0.1 s) only when it reads a PDF."""
    code = (
        "import sys, briefkit.series_build.work, briefkit.accessibility.report\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pypdf', 'pypdfium2', 'weasyprint')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert loaded.stdout.strip() == "[]", loaded.stdout


# Each rule fails on a crafted bad input.


def test_headings_a_skipped_level(careless: Rendered) -> None:
    found = careless.report()
    assert "h4 “Small print” follows h2 “Subscribe”: level 3 is skipped" in _failed(found, "headings", "email")
    assert "H4 “Small print” follows H2 “SUBSCRIBE”: a level is skipped" in _failed(found, "headings", "pdf")


def test_headings_two_h1_and_a_heading_inside_another(sample: Rendered) -> None:
    twice = sample.email.replace("</body>", "<h1>Again</h1></body>")
    assert "2 main headings (h1)" in _failed(sample.report(email_html=twice), "headings", "email")


def test_headings_in_the_pdf_one_inside_another(sample: Rendered) -> None:
    """A section's element made an H2 itself: its heading, an H2, is inside it (as WeasyPrint once tagged them)."""
    writer = PdfWriter(clone_from=io.BytesIO(sample.pdf))
    tree = writer._root_object["/StructTreeRoot"].get_object()
    stack = [tree]
    while stack:
        node = stack.pop().get_object()
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        found = [k.get_object() for k in kids if hasattr(k, "get_object") and hasattr(k.get_object(), "get")]
        if node.get("/S") == "/Sect" and any(k.get("/S") == "/H2" for k in found):
            node[NameObject("/S")] = NameObject("/H2")
            break
        stack += [k for k in kids if hasattr(k, "get_object") and hasattr(k.get_object(), "get")]
    said = _failed(sample.report(pdf=_bytes(writer)), "headings", "pdf")
    assert re.search(r"H2 “[^”]+” is inside H2", said), said


def test_alt_texts_a_picture_without_alt_and_a_picture_link_named_for_the_picture(careless: Rendered) -> None:
    said = _failed(careless.report(), "alt-texts", "email")
    assert "the picture badge.png has no alt attribute" in said
    assert "the linked picture “A blue envelope” is named for the picture, not for where it goes" in said
    assert "a picture (Figure) on page" in _failed(careless.report(), "alt-texts", "pdf")


def test_contrast_a_faint_series_colour_in_light_and_in_dark(tmp_path: Path) -> None:
    project = _project(tmp_path)
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8").replace('muted: "#5c5c5c"', 'muted: "#aaaaaa"')
    series.write_text(text.replace("colors:\n", 'colors:\n  dark:\n    accent: "#333a44"\n'), "utf-8")
    edition, theme, _root = load_edition(project / "editions" / SAMPLE.name)
    email = render_outputs(edition, theme, ["email"]).files["email.html"].decode("utf-8")
    said = _failed(report(email, web_html=None, pdf=None, edition=edition), "contrast", "email")
    assert "light: muted text and labels (dates, bylines, item labels), #aaaaaa on #ffffff, is 2.32:1" in said
    assert "dark: links and accents (section headings), #333a44 on" in said


def test_text_size_13_px(careless: Rendered) -> None:
    said = _failed(careless.report(), "text-size", "email")
    assert "“Terms and conditions apply.” is 13 px" in said


def _themed(root: Path, theme: Path) -> Rendered:
    """The sample edition in a test theme that extends Sharper (tests/accessibility/<theme>/)."""
    project = _project(root)
    shutil.copytree(theme, project / "templates" / theme.name)
    manifest = project / "editions" / SAMPLE.name
    manifest.write_text(manifest.read_text("utf-8") + f"theme: {theme.name}\n", "utf-8")
    return Rendered(manifest)


LEAKY_RULE = "“.bk-text div, .bk-text p, td div”"


def test_text_size_and_contrast_a_style_rule_over_the_inline_styles(tmp_path: Path) -> None:
    """The trial's leaky theme: every text 10 px and light grey by one !important rule in the email's <style>,
    while the inline styles say 16 px and dark: both rules fail, naming the rule."""
    found = _themed(tmp_path, LEAKY).report()
    said = _failed(found, "text-size", "email")
    assert re.search(r"\d+ texts are 10 px, the first “[^”]+”, set by the style rule " + re.escape(LEAKY_RULE), said)
    said = _failed(found, "contrast", "email")
    assert re.search(r"\d+ texts are #dddddd on #ffffff in light mode, 1\.36:1, under 4\.5:1", said), said
    assert f"the colour set by the style rule {LEAKY_RULE}" in said


def test_text_size_a_small_font_in_dark_mode_alone(tmp_path: Path) -> None:
    """A rule under @media (prefers-color-scheme: dark) belongs to the dark scheme: it fails there, and only
    there; Outlook.com's dark mode, which follows no media query, keeps the inline sizes."""
    found = _themed(tmp_path, DARK_SMALL).report()
    lines = _failed(found, "text-size", "email").splitlines()[1:]
    assert lines and all(" 12 px in dark mode" in line for line in lines), lines
    assert all("set by the style rule “.bk-text div”" in line for line in lines), lines
    assert _outcome(found, "contrast", "email").passed


def test_a_style_rule_the_report_cannot_read_is_said_not_checked(sample: Rendered) -> None:
    email = sample.email.replace("</head>", "<style>td:nonsense(1) div { font-size: 10px; }</style></head>", 1)
    found = sample.report(email_html=email)
    for rule in ("text-size", "contrast"):
        outcome = _outcome(found, rule, "email")
        assert outcome.passed and any(line.endswith("not checked: td:nonsense(1) div") for line in outcome.found), (
            outcome.found
        )


def _sizes(html: str) -> dict[str, set[float]]:
    """Each visible text of ``html`` and the sizes it is drawn at, over every view."""
    page = read_page(html)
    sizes: dict[str, set[float]] = {}
    for drawn in drawing(page.runs, page.root, page.styles).texts.values():
        for run in drawn:
            sizes.setdefault(run.text, set()).add(run.size)
    return sizes


def _styled(rule: str, body: str) -> str:
    return f"<html lang=en><head><style>{rule}</style></head><body>{body}</body></html>"


def test_elements_alike_take_the_values_worked_out_for_the_first() -> None:
    """Elements with the same tags and attributes above them take the values worked out once, in one email or
    another; an attribute a selector reads tells them apart, as a sibling does when a selector looks at siblings."""
    attribute = _styled("[data-small] p { font-size: 10px }", "<div data-small><p>A</p></div><div><p>B</p></div>")
    assert _sizes(attribute) == {"A": {10.0}, "B": {16.0}}
    assert _sizes(attribute.replace("<div data-small>", "<div data-big>")) == {"A": {16.0}, "B": {16.0}}
    siblings = _styled("p + p { font-size: 10px }", "<div><p>A</p><p>B</p></div><div><p>C</p></div>")
    assert _sizes(siblings) == {"A": {16.0}, "B": {10.0}, "C": {16.0}}
    first = _styled("p:first-child { font-size: 10px }", "<div><p>A</p><p>B</p></div>")
    assert _sizes(first) == {"A": {10.0}, "B": {16.0}}


def test_a_non_important_style_rule_loses_to_the_inline_styles(sample: Rendered) -> None:
    """As in a browser: an inline style over a rule that is not !important; the same rule !important wins."""
    weak = sample.email.replace("</head>", "<style>.bk-text div { font-size: 10px; }</style></head>", 1)
    assert _outcome(sample.report(email_html=weak), "text-size", "email").passed
    strong = weak.replace("font-size: 10px;", "font-size: 10px !important;")
    assert "10 px" in _failed(sample.report(email_html=strong), "text-size", "email")


def test_language_missing_wrong_and_the_wrong_direction(sample: Rendered) -> None:
    html = sample.email.replace('<html lang="en"', "<html", 1)
    assert 'the page does not say its language (it has no lang); the edition is in "en"' in _failed(
        sample.report(email_html=html), "language", "email"
    )
    french = sample.web.replace('<html lang="en"', '<html lang="fr"', 1)
    said = _failed(sample.report(web_html=french), "language", "web")
    assert 'the page says lang="fr", but the edition is in "en"' in said
    rtl = sample.web.replace('<html lang="en"', '<html lang="en" dir="rtl"', 1)
    assert 'dir="rtl"' in _failed(sample.report(web_html=rtl), "language", "web")
    arabic = dataclasses.replace(sample.edition, direction="rtl")  # an edition that reads right to left
    assert "the edition reads right to left" in _failed(sample.report(edition=arabic), "language", "email")
    writer = PdfWriter(clone_from=io.BytesIO(sample.pdf))
    del writer._root_object[NameObject("/Lang")]
    said = _failed(sample.report(pdf=_bytes(writer)), "language", "pdf")
    assert "the PDF does not say its language (it has no /Lang)" in said


def test_link_texts_click_here_and_the_same_words_for_two_places(careless: Rendered) -> None:
    said = _failed(careless.report(), "link-texts", "email")
    assert "“Click here” (to https://www.cnas.org/support) says nothing out of its sentence" in said
    assert "“Our work” leads to 2 different places" in said


def test_link_texts_a_link_without_a_name(sample: Rendered) -> None:
    html = sample.web.replace("</main>", '<a href="https://example.org/x"><img src="x.png" alt=""></a></main>')
    assert "a link to https://example.org/x has no name" in _failed(sample.report(web_html=html), "link-texts", "web")


def test_link_texts_a_contents_list_leads_to_its_items_not_elsewhere(tmp_path: Path) -> None:
    """The archive page's contents link ("#section-5-1") and the item's own link share their words: one place."""
    manifest = SAMPLE.with_name("2021-05-12-the-indo-pacific-coalition.yaml")
    rendered = Rendered(_project(tmp_path, (manifest,)) / "editions" / manifest.name)
    assert 'href="#section-' in rendered.web
    outcome = _outcome(rendered.report(), "link-texts", "web")
    assert outcome.passed, outcome


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_tags_an_untagged_pdf() -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    found = report("<html lang=en><h1>x</h1></html>", web_html=None, pdf=_bytes(writer), edition=_any_edition())
    said = _failed(found, "pdf-tags", "pdf")
    assert "the PDF does not say it is tagged" in said
    assert "the PDF has no structure tree" in said


def test_pdf_tags_a_link_annotation_without_contents_or_link_element(sample: Rendered) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(sample.pdf))
    annotation = writer.pages[0]["/Annots"][0].get_object()
    del annotation[NameObject("/Contents")]
    said = _failed(sample.report(pdf=_bytes(writer)), "pdf-tags", "pdf")
    assert "a link on page 1 has no description (/Contents)" in said


def test_pdf_tags_link_annotations_that_are_not_printed(sample: Rendered) -> None:
    """The rendered sample's link annotations each printed (/F 4); cleared on page 1, and gone from one on page 2."""
    assert (
        "each marked as a link with a description and kept in print"
        in _outcome(sample.report(), "pdf-tags", "pdf").found[1]
    )
    writer = PdfWriter(clone_from=io.BytesIO(sample.pdf))
    for reference in writer.pages[0]["/Annots"]:
        annotation = reference.get_object()
        assert annotation["/F"] == 4
        annotation[NameObject("/F")] = NumberObject(0)
    del writer.pages[1]["/Annots"][0].get_object()[NameObject("/F")]
    said = _failed(sample.report(pdf=_bytes(writer)), "pdf-tags", "pdf")
    unprinted = [
        line
        for line in said.splitlines()
        if line.endswith("is not kept in print (its print flag, which PDF/UA and PDF/A ask of every link, is not set)")
    ]
    assert len(unprinted) == len(writer.pages[0]["/Annots"]) + 1
    assert unprinted[0].startswith("the link to ") and " on page 1 " in unprinted[0]
    assert " on page 2 " in unprinted[-1]


def test_pdf_tags_a_picture_outside_any_figure(careless: Rendered) -> None:
    """The careless theme's picture drawn, its marked content taken out of the structure tree's Figure."""
    reader = PdfReader(io.BytesIO(careless.pdf))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        data = page.get_contents().get_data()  # type: ignore[union-attr]
        changed = re.sub(rb"/Figure\s*<</MCID \d+>>\s*BDC", b"/Figure BMC", data)
        if changed != data:
            page.replace_contents(_stream(writer, changed))
    said = _failed(careless.report(pdf=_bytes(writer)), "pdf-tags", "pdf")
    assert "a picture on page" in said and "is marked neither as a picture (Figure) nor as decoration" in said


def _stream(writer: PdfWriter, data: bytes) -> Any:
    from pypdf.generic import ContentStream

    stream = ContentStream(None, writer)
    stream.set_data(data)
    return stream


def test_pdf_artifacts_the_running_lines_read_as_content(sample: Rendered) -> None:
    """The running header and footer tagged as content (as WeasyPrint does without briefkit's artifact marking)."""
    writer = PdfWriter(clone_from=io.BytesIO(sample.pdf))
    for page in writer.pages:
        data = page.get_contents().get_data()  # type: ignore[union-attr]
        page.replace_contents(_stream(writer, re.sub(rb"/Artifact\s*BMC", b"/Span <</MCID 900>> BDC", data)))
    said = _failed(sample.report(pdf=_bytes(writer)), "pdf-artifacts", "pdf")
    assert "the running line “Page # of #” is read as content on 4 pages (1, 2, 3, 4)" in said
    assert "tagged but not in the structure tree" in said


def test_an_unreadable_pdf_fails_every_pdf_rule_with_its_cause(sample: Rendered) -> None:
    found = sample.report(pdf=b"%PDF-1.7 not really")
    pdf = found.of("pdf")
    assert pdf and all(not o.passed and o.found[0].startswith("the PDF cannot be read") for o in pdf)


@functools.cache
def _any_edition() -> Edition:
    edition, _theme, _root = load_edition(SAMPLE)
    return edition


# The summary.


def test_the_summary_is_semantic_escaped_html(careless: Rendered) -> None:
    email = careless.email.replace('href="https://www.cnas.org/support"', 'href="https://www.cnas.org/support?<b>"')
    found = careless.report(email_html=email)
    html = str(summary_html(found))
    assert html.startswith('<div class="bk-a11y" lang="en" dir="ltr">')
    assert f"{len(found.passed)} of {len(found.outcomes)} checks passed; {len(found.failed)} failed." in html
    assert [m for m in re.findall(r"<h(\d)", html)][:3] == ["2", "3", "3"]
    assert "<script" not in html and " style=" not in html
    assert set(re.findall(r'class="([^"]+)"', html)) <= {
        "bk-a11y", "bk-a11y-overall", "bk-a11y-output", "bk-a11y-output-title", "bk-a11y-rules",
        "bk-a11y-rule bk-a11y-passed", "bk-a11y-rule bk-a11y-failed", "bk-a11y-rule-title", "bk-a11y-result",
        "bk-a11y-checks", "bk-a11y-found", "bk-a11y-scope",
    }  # fmt: skip
    assert (
        f"These are {len(found.outcomes)} automated checks of the files as they were made (the email, the web page "
        "and the PDF), not a statement that they conform to WCAG 2 or EN 301 549." in html
    )
    for output in html.split('<section class="bk-a11y-output">')[1:]:  # each rule's description once per output
        checks = re.findall(r'<p class="bk-a11y-checks">([^<]+)</p>', output)
        assert len(checks) == len(set(checks)), checks
        if "The email</h2>" in output or "The web page</h2>" in output:
            assert not [c for c in checks if "PDF" in c], checks
    assert "“Click here” (to https://www.cnas.org/support?&lt;b&gt;)" in html  # the found words, escaped
    for rule in RULES:
        assert str(summary_html(found)).count(rule.title) >= 1


def test_every_rule_is_listed_by_name_in_the_docs() -> None:
    docs = (REPO / "docs" / "review.md").read_text("utf-8")
    section = docs.split("## The accessibility report", 1)[1]
    for rule in RULES:
        assert f"`{rule.name}`" in section, rule.name


# The page beside each edition in the archive.


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _project(tmp_path_factory.mktemp("built"), (SAMPLE, SECOND, THIRD))
    result = build(project, ["email", "pdf"], jobs=2)
    assert not result.failed and result.archive == 3
    return project


def test_the_build_writes_the_page_beside_each_edition_linked_from_its_footer(built: Path) -> None:
    web = built / "outbox" / "web"
    for manifest in (SAMPLE, SECOND, THIRD):
        page = (web / manifest.stem / PAGE).read_text("utf-8")
        assert "<h1>Accessibility report: " in page and '<div class="bk-a11y" lang="en" dir="ltr">' in page
        assert '<a href="./">Back to the edition</a>' in page and '<a href="../">All editions</a>' in page
        edition_page = (web / manifest.stem / "index.html").read_text("utf-8")
        footer = edition_page.split('<footer class="site">', 1)[1]
        assert '<a href="accessibility.html">Accessibility report</a>' in footer
    assert "accessibility" not in (web / "index.html").read_text("utf-8")
    assert "accessibility" not in (web / "sitemap.xml").read_text("utf-8")
    for feed in ("feed.xml", "atom.xml"):
        assert "accessibility" not in (built / "outbox" / feed).read_text("utf-8")


def test_the_page_follows_the_build_cache_and_is_the_same_bytes(built: Path, tmp_path: Path) -> None:
    web = built / "outbox" / "web"
    pages = {m.stem: web / m.stem / PAGE for m in (SAMPLE, SECOND, THIRD)}
    before = {slug: (path.read_bytes(), path.stat().st_mtime_ns) for slug, path in pages.items()}
    result = build(built, ["email", "pdf"], jobs=2)
    assert result.count("unchanged") == 3
    assert {slug: (path.read_bytes(), path.stat().st_mtime_ns) for slug, path in pages.items()} == before
    manifest = built / "editions" / SECOND.name
    manifest.write_text(manifest.read_text("utf-8").replace("title: ", "title: Changed ", 1), "utf-8")
    assert build(built, ["email", "pdf"], jobs=2).count("rendered") == 1
    assert b"Changed Sino-Russian" in pages[SECOND.stem].read_bytes()
    for slug in (SAMPLE.stem, THIRD.stem):
        assert pages[slug].stat().st_mtime_ns == before[slug][1]
    again = _project(tmp_path, (SAMPLE, THIRD))
    build(again, ["email", "pdf"], jobs=1)
    for slug in (SAMPLE.stem, THIRD.stem):
        assert (again / "outbox" / "web" / slug / PAGE).read_bytes() == before[slug][0]


def test_a_draft_has_no_page(tmp_path: Path) -> None:
    project = _project(tmp_path)
    manifest = project / "editions" / SAMPLE.name
    manifest.write_text(manifest.read_text("utf-8") + "status: draft\n", "utf-8")
    build(project, ["email"], jobs=1)
    assert not (project / "outbox" / "web" / SAMPLE.stem).exists()


@pytest.fixture
def served(built: Path) -> Iterator[str]:
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(built / "outbox" / "web"))
    with loopback_server(handler) as port:  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}/"


def test_the_page_passes_axe_in_chromium_at_375_px(browser: Any, served: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    elsewhere: list[str] = []
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(served) else (elsewhere.append(r.request.url), r.abort()),
    )
    try:
        page.goto(served + SAMPLE.stem + "/")
        page.click("footer >> text=Accessibility report")
        assert page.url == served + SAMPLE.stem + "/" + PAGE
        assert page.locator("h1").count() == 1
        levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))")
        assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.locator("script").count() == 0
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.id, v.impact])")
        assert not [v for v in found if v[1] in ("serious", "critical")], found
        assert elsewhere == []
    finally:
        context.close()


def test_contrast_a_series_colour_between_3_and_4_5_fails(tmp_path: Path) -> None:
    """Body text's ratio is 4.5:1: a muted colour at 3.54:1 (large text's 3:1 passed, body text's not) fails."""
    project = _project(tmp_path)
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8").replace('muted: "#5c5c5c"', 'muted: "#888888"'), "utf-8")
    edition, theme, _root = load_edition(project / "editions" / SAMPLE.name)
    email = render_outputs(edition, theme, ["email"]).files["email.html"].decode("utf-8")
    said = _failed(report(email, web_html=None, pdf=None, edition=edition), "contrast", "email")
    assert (
        "light: muted text and labels (dates, bylines, item labels), #888888 on #ffffff, is 3.54:1, under 4.5:1" in said
    )


def test_alt_texts_in_the_pdf_an_alt_of_spaces_only_is_none(careless: Rendered) -> None:
    """A Figure whose /Alt is only spaces says nothing to a screen reader: it fails as one without /Alt."""
    from pypdf.generic import TextStringObject

    writer = PdfWriter(clone_from=io.BytesIO(careless.pdf))
    stack = [writer._root_object["/StructTreeRoot"]]
    figures = 0
    while stack:
        node = stack.pop().get_object()
        if not hasattr(node, "get"):
            continue
        if node.get("/S") == "/Figure":
            node[NameObject("/Alt")] = TextStringObject("   ")
            figures += 1
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        stack += [kid for kid in kids if hasattr(kid, "get_object")]
    assert figures
    said = _failed(careless.report(pdf=_bytes(writer)), "alt-texts", "pdf")
    assert said.count("has no alternative text (/Alt)") == figures


def test_text_size_in_points_is_read_as_px_times_4_3(sample: Rendered) -> None:
    """12 pt is 16 px (passes); 10 pt is 13.3 px (fails, said in px)."""
    big = sample.email.replace("</head>", "<style>.bk-text div { font-size: 12pt !important; }</style></head>", 1)
    outcome = _outcome(sample.report(email_html=big), "text-size", "email")
    assert outcome.passed, outcome
    small = big.replace("12pt", "10pt")
    assert "13.3333 px" in _failed(sample.report(email_html=small), "text-size", "email")


def test_a_sheet_that_reads_siblings_keeps_nothing_from_one_page_for_the_next() -> None:
    rule = "p + p { font-size: 10px }"
    together = _styled(rule, "<div><p>A</p><p>B</p></div>")
    apart = _styled(rule, "<div><p>A</p></div><div><p>B</p></div>")
    for _ in range(30):  # pages come and go: an element of the next may take the id of one of the last
        assert _sizes(together) == {"A": {16.0}, "B": {10.0}}
        assert _sizes(apart) == {"A": {16.0}, "B": {16.0}}
