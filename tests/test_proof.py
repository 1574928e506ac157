"""`briefkit proof`: one HTML file an approver opens anywhere. Opened in Chromium with every request outside the file
aborted and recorded: it asks for nothing, shows every part (the inbox's headers, four email frames, the text part,
each PDF page, the feed entry, check's findings, the accessibility summary), its dark frames are dark; it holds no
script, an editor's hostile words stay words, the same edition gives the same bytes, and a bad manifest is located."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit.api import proof, render
from briefkit.check.printed import print_run
from briefkit.check.run import check
from briefkit.edition.palette import contrast, hex_of
from briefkit.edition.prepare import prepare
from briefkit.render.pdf import print_html
from briefkit.render.templates import load_theme
from briefkit.review.frames import FRAME_CAP, FRAME_FLOOR, email_height, frame_height
from briefkit.review.proof import make_proof
from briefkit.sources.feeds_in.items import FeedOptions

from conftest import REPO, SAMPLE, SECOND, run_cli

PARTS = ("headers", "email", "text", "pdf", "feed", "findings", "accessibility")
HOSTILE_TITLE = "</iframe><script>alert('title')</script> & <b>bold</b>"
HOSTED_ONLY = "https://pictures.example.org/hosted-only.png"
HOSTILE = f"""\
series: sharper.series.yaml
date: 2021-06-02
title: "{HOSTILE_TITLE}"
intro: "Words and a tag: <script>alert('intro')</script> \\"</textarea>\\""
sections:
  - kind: features
    items:
      - title: "An item </pre><script>alert('item')</script>"
        url: https://www.cnas.org/item
        summary: A summary.
        image:
          src: {HOSTED_ONLY}
          alt: A picture only its host has
"""


LONG, LONG_TITLE = "2021-06-04-long", "2021-06-05-long-title"  # an unbroken word in the intro; in the title too
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis-" + "A" * 240
LONG_EDITION = f"""\
series: sharper.series.yaml
date: 2021-06-04
title: A long word
intro: "{LONG_WORD} and then words follow."
sections:
  - kind: features
    items:
      - title: "Item with https://www.example.com/a/very/long/address/that/has/no/spaces/at/all/in/it/and/goes/on/and/on"
        url: https://www.cnas.org/item
        summary: A summary.
"""
NETWORK_CUT = "network cut: only the proof's own file loads"


def _hex(css: str) -> str:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css)[:3])
    return hex_of(red / 255, green / 255, blue / 255)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, with an edition whose words try to break out of the page."""
    folder = tmp_path_factory.mktemp("proofs")
    for name in ("editions", "seeds", "images", "feeds"):
        shutil.copytree(REPO / name, folder / name)
    (folder / "editions" / "2021-06-02-hostile.yaml").write_text(HOSTILE, "utf-8")
    (folder / "editions" / f"{LONG}.yaml").write_text(LONG_EDITION, "utf-8")
    titled = LONG_EDITION.replace("date: 2021-06-04", "date: 2021-06-05").replace("A long word", f"A {LONG_WORD}")
    (folder / "editions" / f"{LONG_TITLE}.yaml").write_text(titled, "utf-8")
    return folder


@pytest.fixture(scope="module")
def proofs(project: Path) -> dict[str, Path]:
    """Each edition's proof, made as an editor makes it: `briefkit proof EDITION`, into its outbox folder."""
    made = {}
    for stem in (SAMPLE.stem, SECOND.stem, "2021-06-02-hostile", LONG, LONG_TITLE):
        done = run_cli("proof", f"editions/{stem}.yaml", cwd=project)
        assert done.returncode == 0, done.stderr
        path = project / "outbox" / stem / "proof.html"
        assert f"wrote outbox/{stem}/proof.html" in done.stdout
        made[stem] = path
    return made


@pytest.fixture(scope="module")
def pdf_pages(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """How many pages each edition's PDF has, rendered as `briefkit render` makes it."""
    outbox = tmp_path_factory.mktemp("pdfs")
    counts = {}
    for stem in (SAMPLE.stem, SECOND.stem):
        render(project / "editions" / f"{stem}.yaml", ["pdf"], outbox)
        counts[stem] = len(PdfReader(outbox / stem / "edition.pdf").pages)
    return counts


@pytest.fixture
def opened(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page that lets the proof's own file load and aborts, and records, any other request."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme="light")
    page = context.new_page()
    asked: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("file:") and url.endswith("/proof.html"):
            request_route.continue_()
        else:
            asked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: None if request.url.endswith("/proof.html") else asked.append(request.url))
    yield page, asked
    context.close()


def _frames(page: Any) -> list[tuple[dict[str, str], Any]]:
    found = []
    for element in page.query_selector_all("iframe.email"):
        attributes = element.evaluate("e => ({scheme: e.dataset.scheme, device: e.dataset.device})")
        found.append((attributes, element))
    return found


@pytest.mark.parametrize("stem", [SAMPLE.stem, SECOND.stem])
def test_the_proof_asks_for_nothing_and_shows_every_part(
    opened: tuple[Any, list[str]], proofs: dict[str, Path], pdf_pages: dict[str, int], stem: str
) -> None:
    page, asked = opened
    page.goto(proofs[stem].as_uri())
    page.wait_for_load_state("load")
    for part in PARTS:
        assert page.locator(f'[data-part="{part}"]').is_visible(), part
    headers = page.locator('[data-part="headers"]')
    assert headers.locator('[data-field="from"]').inner_text() == "CNAS Sharper <sharper@cnas.org>"
    assert headers.locator('[data-field="subject"]').inner_text().startswith("Sharper: ")
    assert headers.locator('[data-field="preheader"]').inner_text()
    assert headers.locator('[data-field="date"] time').get_attribute("datetime") == stem[:10]
    frames = _frames(page)
    assert [(f["scheme"], f["device"]) for f, _ in frames] == [
        ("light", "phone"),
        ("light", "desktop"),
        ("dark", "phone"),
        ("dark", "desktop"),
    ]
    for attributes, element in frames:
        assert element.is_visible()
        box = element.evaluate("e => [e.clientWidth, e.clientHeight]")
        inside = element.content_frame()
        seen = inside.evaluate(
            """() => ({width: document.documentElement.clientWidth,
                       wide: document.documentElement.scrollWidth,
                       tall: Math.ceil(document.body.getBoundingClientRect().bottom),
                       pictures: [...document.images].filter(i => i.checkVisibility())
                                   .map(i => i.complete && i.naturalWidth > 0),
                       scripts: document.scripts.length})"""
        )
        assert seen["width"] == {"phone": 375, "desktop": 600}[attributes["device"]]
        assert seen["wide"] <= seen["width"], attributes  # nothing cut at the side
        assert seen["tall"] <= box[1], (attributes, seen["tall"], box)  # nor at the foot
        assert seen["pictures"] and all(seen["pictures"]), attributes  # the logo and pictures, from data: addresses
        assert seen["scripts"] == 0
    text = page.locator("pre.text").inner_text()
    assert "Beijing" in text or "Russian" in text
    pages = page.locator("img.pdf-page")
    assert pages.count() == pdf_pages[stem] > 1  # each page of the PDF the edition renders
    for index in range(pages.count()):
        picture = pages.nth(index)
        assert picture.is_visible()
        assert picture.evaluate("i => i.complete && i.naturalWidth > 0")
    feed = page.locator('[data-part="feed"] article')
    assert feed.locator(".entry-title").inner_text()
    assert (
        feed.locator(".entry-title a").get_attribute("href", timeout=1000).startswith("https://www.cnas.org/sharper/")
    )
    assert feed.locator(".entry-content").inner_text().strip()
    findings = page.locator('[data-part="findings"]')
    assert findings.locator("tr.finding, .finding-none").first.is_visible()
    for place in findings.locator("td.place").all_inner_texts():
        assert re.fullmatch(r"editions/[\w.-]+\.yaml(:\d+:\d+)?", place), place
    summary = page.locator('[data-part="accessibility"]')
    assert re.fullmatch(r"\d+ of \d+ checks passed(; \d+ failed)?\.", summary.locator(".bk-a11y-overall").inner_text())
    assert summary.locator(".bk-a11y-output-title").all_inner_texts() == ["The email", "The web page", "The PDF"]
    assert summary.locator(".bk-a11y-rule").count() >= 8
    assert asked == []


def test_a_finding_is_shown_with_its_file_line_and_column(
    opened: tuple[Any, list[str]], proofs: dict[str, Path]
) -> None:
    """The sample's repeated link (sent in an earlier edition too) is where check says it is."""
    page, _ = opened
    page.goto(proofs[SAMPLE.stem].as_uri())
    places = page.locator('[data-part="findings"] td.place').all_inner_texts()
    assert any(re.fullmatch(rf"editions/{SAMPLE.stem}\.yaml:\d+:\d+", place) for place in places), places


def test_the_dark_frames_are_dark_whatever_the_browser_asks(
    opened: tuple[Any, list[str]], proofs: dict[str, Path]
) -> None:
    page, _ = opened
    page.goto(proofs[SAMPLE.stem].as_uri())  # the page is opened in a light browser
    for attributes, element in _frames(page):
        inside = element.content_frame()
        body = _hex(inside.evaluate("getComputedStyle(document.body).backgroundColor"))
        heading = _hex(inside.evaluate("getComputedStyle(document.querySelector('.bk-title div')).color"))
        if attributes["scheme"] == "dark":
            assert contrast(body, "#000000") < 2, body
            assert contrast(heading, "#ffffff") < 2, heading
        else:
            assert contrast(body, "#ffffff") < 1.2, body
            assert contrast(heading, "#000000") < 2, heading


def test_the_proof_holds_no_script_and_forbids_any_request(proofs: dict[str, Path]) -> None:
    for path in proofs.values():
        html = path.read_text("utf-8")
        assert not re.search(r"<script", html, re.IGNORECASE)
        found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert found is not None
        policy = unescape(found.group(1))
        assert "default-src 'none'" in policy
        assert "img-src data:;" in policy
        assert html.count("<iframe ") == 4
        assert html.count('sandbox="allow-popups allow-popups-to-escape-sandbox"') == 4  # still no allow-scripts


def test_hostile_words_stay_words(opened: tuple[Any, list[str]], proofs: dict[str, Path]) -> None:
    page, asked = opened
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(proofs["2021-06-02-hostile"].as_uri())
    assert page.locator("h1").inner_text() == f"Proof: Sharper: {HOSTILE_TITLE}"
    assert page.locator('[data-field="subject"]').inner_text() == f"Sharper: {HOSTILE_TITLE}"
    assert page.locator("iframe").count() == 4
    assert page.locator("script").count() == 0
    for _, element in _frames(page):
        inside = element.content_frame()
        assert inside.evaluate("document.querySelector('h1').textContent") == f"Sharper: {HOSTILE_TITLE}"
        assert inside.evaluate("document.scripts.length") == 0
    assert "</pre><script>alert('item')</script>" in page.locator("pre.text").inner_text()
    assert HOSTED_ONLY in page.locator('[data-part="email"] .missing').inner_text()  # said, and never asked for
    assert dialogs == []
    assert asked == []


def test_the_same_edition_gives_the_same_bytes(project: Path, tmp_path: Path) -> None:
    manifest = project / "editions" / SECOND.name
    first, second = tmp_path / "first.html", tmp_path / "again" / "proof.html"
    assert proof(manifest, first).written == [first]
    proof(manifest, second)
    assert first.read_bytes() == second.read_bytes()
    assert not [path for path in tmp_path.rglob("*") if path.is_file() and path not in (first, second)]


def test_a_bad_manifest_is_located_and_nothing_is_written(project: Path) -> None:
    bad = project / "editions" / "2021-06-09-bad.yaml"
    bad.write_text("series: sharper.series.yaml\ndate: 2021-06-09\ntitel: A Title\nintro: Words.\n", "utf-8")
    done = run_cli("proof", "editions/2021-06-09-bad.yaml", "-o", "bad-proof.html", cwd=project)
    assert done.returncode == 2
    assert re.search(r"^editions/2021-06-09-bad\.yaml:3:1: .*'titel'.*did you mean 'title'", done.stderr, re.M)
    assert "Traceback" not in done.stderr
    assert not (project / "bad-proof.html").exists()
    assert not (project / "outbox" / "2021-06-09-bad").exists()


@pytest.fixture
def screen(browser: Any) -> Iterator[Any]:
    """Open a proof at a screen's width, the network cut: yields open(path, width) -> (page, context, asked)."""
    contexts: list[Any] = []

    def open_at(path: Path, width: int) -> tuple[Any, Any, list[str]]:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme="light")
        contexts.append(context)
        asked: list[str] = []

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url == path.as_uri():
                request_route.continue_()
            else:
                asked.append(url)
                request_route.abort()

        context.route("**/*", route)  # the popups' requests too
        page = context.new_page()
        page.goto(path.as_uri())
        return page, context, asked

    yield open_at
    for context in contexts:
        context.close()


END_OF_EMAIL = """() => {
    const footer = document.querySelector('.bk-footer').getBoundingClientRect();
    return {end: getComputedStyle(document.body, '::after').content,
            footerTop: footer.top, footerBottom: footer.bottom,
            bodyBottom: Math.round(document.body.getBoundingClientRect().bottom), seen: innerHeight};
}"""


@pytest.mark.parametrize("stem", [LONG, SAMPLE.stem, LONG_TITLE])
def test_no_frame_cuts_the_email_and_each_says_where_it_ends(screen: Any, proofs: dict[str, Path], stem: str) -> None:
    """The long word breaks where Chromium breaks it: each frame holds the whole email and its "End of the email"
    line with little empty space under it (but under a long title at a phone's width: WeasyPrint does not know the
    email's @media rule for phones, which sets the title smaller); and when a frame is shorter than the email (the
    approver's wider fonts), the footer and the line are reached by scrolling inside it, and the frame can be made
    taller."""
    page, _, asked = screen(proofs[stem], 1280)
    for attributes, element in _frames(page):
        inside = element.content_frame()
        whole = inside.evaluate(END_OF_EMAIL)
        assert whole["end"] == '"End of the email"', attributes
        assert whole["bodyBottom"] <= whole["seen"], (attributes, whole)  # the whole email, and its end line
        if stem != LONG_TITLE:
            assert whole["seen"] - whole["bodyBottom"] <= whole["bodyBottom"] * 0.02 + 24, (attributes, whole)
        assert element.evaluate("e => getComputedStyle(e.parentElement).resize") == "vertical"
        element.evaluate("e => { e.parentElement.style.height = '400px'; }")  # as a frame a wider font outgrows
        inside.wait_for_function("() => innerHeight <= 400")
        element.scroll_into_view_if_needed()
        for _ in range(20):  # as the approver scrolls inside the frame (a wheel just after another's may not)
            element.hover()
            page.mouse.wheel(0, whole["bodyBottom"])
            page.wait_for_timeout(150)
            if inside.evaluate("scrollY + innerHeight >= document.scrollingElement.scrollHeight - 1"):
                break
        short = inside.evaluate(END_OF_EMAIL)
        assert short["seen"] <= 400 < whole["bodyBottom"]
        assert 0 <= short["footerTop"] < short["footerBottom"] <= short["seen"], (attributes, short)
        assert short["bodyBottom"] <= short["seen"], (attributes, short)  # the end line scrolled into view
    assert asked == []


def test_a_link_in_an_email_opens_a_new_window_and_the_frame_keeps_the_email(
    screen: Any, proofs: dict[str, Path]
) -> None:
    page, context, asked = screen(proofs[SAMPLE.stem], 1400)
    for attributes, element in _frames(page)[::3]:  # light at a phone's width, dark at a desktop's
        inside = element.content_frame()
        link = inside.locator(".bk-item-title a").first
        address = link.get_attribute("href")
        assert address is not None and address.startswith("https://"), attributes
        refused = context.expect_event("requestfailed", predicate=lambda request, wanted=address: request.url == wanted)
        # A loaded machine can take long to open a window: the wait is for the window, not a measure of time.
        with refused as failed, context.expect_page(timeout=90_000) as opened_page:
            link.click()
        popup = opened_page.value
        assert failed.value.frame.page == popup  # asked for in the new window (and refused: the network is cut)
        assert address in asked, (attributes, asked)
        assert inside.url == "about:srcdoc"  # the frame still shows the email
        assert inside.evaluate("document.querySelector('h1').textContent").startswith("Sharper: ")
        popup.close()
        asked.clear()
    assert page.evaluate("document.scripts.length") == 0


@pytest.mark.parametrize("stem", [SAMPLE.stem, LONG_TITLE, "2021-06-02-hostile"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_fits_a_phone_and_a_long_word(screen: Any, proofs: dict[str, Path], stem: str, width: int) -> None:
    """The document never scrolls sideways (long titles, paths and addresses wrap); the email frames keep their
    widths, in a part that scrolls sideways when it must."""
    page, _, asked = screen(proofs[stem], width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for part in PARTS:
        assert page.locator(f'[data-part="{part}"]').evaluate("e => e.getBoundingClientRect().right") <= width, part
    for attributes, element in _frames(page):
        assert element.evaluate("e => e.clientWidth") == {"phone": 375, "desktop": 600}[attributes["device"]]
    if width == 390:  # the phone frame and its "View in browser" fit whole
        phone = page.locator('iframe[data-device="phone"]').first
        assert phone.evaluate("e => e.getBoundingClientRect().right") <= width
    assert asked == []


def test_each_pdf_page_is_shown_at_its_full_size_on_a_wide_screen(screen: Any, proofs: dict[str, Path]) -> None:
    for width in (1280, 390):
        page, _, _ = screen(proofs[SAMPLE.stem], width)
        pictures = page.locator("img.pdf-page")
        assert pictures.count() > 1
        for index in range(pictures.count()):
            shown, natural = pictures.nth(index).evaluate("i => [i.clientWidth, i.naturalWidth]")
            if width == 1280:
                assert shown == natural, (index, shown, natural)  # every pixel drawn: the footnotes readable
            else:
                assert 300 < shown <= width, (index, shown)  # scaled to the phone's width


def test_a_series_file_is_refused_as_check_refuses_it(project: Path) -> None:
    done = run_cli("proof", "editions/sharper.series.yaml", "-o", "series-proof.html", cwd=project)
    assert done.returncode == 2
    assert re.match(r"editions/sharper\.series\.yaml: a series file, not an edition manifest", done.stderr)
    assert "Traceback" not in done.stderr
    assert not (project / "series-proof.html").exists()
    checked = run_cli("check", "editions/sharper.series.yaml", cwd=project)
    assert checked.returncode == 2 and "a series file, not an edition manifest" in checked.stderr + checked.stdout


@pytest.fixture
def pdfs_written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every PDF WeasyPrint writes, counted (its own Document.write_pdf, still run)."""
    import weasyprint

    written: list[int] = []
    original = weasyprint.Document.write_pdf

    def counted(document: Any, *args: Any, **kwargs: Any) -> Any:
        written.append(len(document.pages))
        return original(document, *args, **kwargs)

    monkeypatch.setattr(weasyprint.Document, "write_pdf", counted)
    return written


def test_check_given_the_proofs_pdf_renders_none_and_finds_the_same(project: Path, pdfs_written: list[int]) -> None:
    """The hostile edition's hosted picture is refused by the PDF: a finding check places from the PDF's render."""
    manifest = project / "editions" / "2021-06-02-hostile.yaml"
    alone = check([manifest])[0]
    assert len(pdfs_written) == 1
    assert [f.check for f in alone.findings].count("picture") == 1
    prepared = prepare(manifest, FeedOptions(offline=True))
    theme = load_theme(prepared.theme, prepared.root)
    made = print_run(prepared.edition, theme, print_html(prepared.edition, theme))
    assert len(pdfs_written) == 2
    given = check([manifest], pdf=made)[0]
    assert len(pdfs_written) == 2  # none more
    assert given.findings == alone.findings
    make_proof(manifest)
    assert len(pdfs_written) == 3  # one PDF for the whole proof, its pages and check's findings
    with pytest.raises(ValueError):
        check([manifest, manifest], pdf=made)


def test_the_frames_estimate_has_a_floor_and_a_cap(proofs: dict[str, Path]) -> None:
    """A layout without the email's fonts can make an email of a few screens a million pixels tall: no frame is
    taller than the cap, and only the cap's height of the email is laid out."""
    assert frame_height(0) == FRAME_FLOOR
    assert frame_height(1_800_000) == FRAME_CAP
    html = (proofs[SAMPLE.stem].parent / "proof.html").read_text("utf-8")
    assert html  # the sample's email, from the proof's own frame
    email = unescape(re.search(r'srcdoc="([^"]*)"', html).group(1))  # type: ignore[union-attr]
    tall = email_height(email, 375)
    assert 3000 < tall < FRAME_CAP
    assert email_height(email, 375, cap=1000) == 1000  # taller than the cap: the cap


DARK_LOGO = "https://www.cnas.org/images/cnas-logo-dark.png"


def test_a_dark_logo_only_its_host_has_is_listed_and_never_asked_for(project: Path, tmp_path: Path) -> None:
    """The series' dark logo has no local file: the dark frames show the light one (from its file), and the dark
    logo's address is only listed among the pictures not in the proof, not put in any frame."""
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("outbox"))
    series = copy / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8")
    series.write_text(text.replace("  width: 180\n", f"  width: 180\n  dark_src: {DARK_LOGO}\n", 1), "utf-8")
    html = make_proof(copy / "editions" / SAMPLE.name).html.decode("utf-8")
    assert html.count(DARK_LOGO) == 1
    missing = re.search(r'<p class="note missing">.*?</p>', html, re.DOTALL)
    assert missing is not None and DARK_LOGO in missing.group(0)


def test_a_pdf_that_was_not_made_is_said_in_the_pdf_part(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the PDF runs past its time limit, the proof is made without its pages and says why."""
    from briefkit.errors import Location, ThemeError
    from briefkit.review import proof as proof_module

    def too_long(*_: Any, **__: Any) -> Any:
        raise ThemeError.at(Location(project / "templates"), "the PDF took longer than its time limit")

    monkeypatch.setattr(proof_module, "print_run", too_long)
    made = make_proof(project / "editions" / f"{SAMPLE.stem}.yaml")
    html = made.html.decode("utf-8")
    assert len(made.failures) == 1
    part = html[html.index('data-part="pdf"') : html.index('data-part="feed"')]
    assert "The PDF was not made: " in part and "the PDF took longer than its time limit" in part
    assert "pdf-page" not in part
