"""The preview in a real browser (headless Chromium): mobile layout, live reload, errors, and parity with the reference."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pixelmatch.contrib.PIL import pixelmatch

from briefkit.api import load_edition
from briefkit.preview.server import PreviewServer
from briefkit.render.email_html import render_email_html, render_mjml

from conftest import ARTIFACTS, REPO, SAMPLE, SECOND, local_only, smtp_serving

MJML_CLI = REPO / "node_modules" / ".bin" / "mjml"


@pytest.fixture
def served(project: Path) -> Iterator[tuple[PreviewServer, Path]]:
    manifest = project / "editions" / SAMPLE.name
    shutil.copy(SAMPLE, manifest)
    shutil.copy(SECOND, project / "editions")
    server = PreviewServer(manifest)
    server.start()
    yield server, manifest
    server.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    local_only(opened)
    yield opened
    context.close()


def _email_frame(page: Any) -> Any:
    return page.frame_locator("#email")


def _open(page: Any, server: PreviewServer) -> None:
    """The edition's preview, once its first render is on the page."""
    page.goto(server.url)
    page.wait_for_selector("body[data-version]")


def test_mobile_view_has_no_horizontal_scroll_and_readable_body_text(
    served: tuple[PreviewServer, Path], page: Any
) -> None:
    server, _ = served
    _open(page, server)
    frame = page.frame(url=re.compile(r"email\.html"))
    assert frame is not None
    frame.wait_for_load_state()
    width = frame.evaluate("document.documentElement.clientWidth")
    assert width == 375
    assert frame.evaluate("document.documentElement.scrollWidth") <= width
    sizes = frame.evaluate(
        """[...document.querySelectorAll('.bk-text p, .bk-text li, .bk-teaser div, .bk-pullquote p')]
             .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert len(sizes) > 10
    assert min(sizes) >= 14
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview-mobile.png"))
    page.get_by_role("button", name="Desktop 600").click()
    assert frame.evaluate("document.documentElement.clientWidth") == 600
    page.screenshot(path=str(ARTIFACTS / "preview-desktop.png"))


def test_header_strip_shows_subject_sender_size_and_counts(served: tuple[PreviewServer, Path], page: Any) -> None:
    server, _ = served
    _open(page, server)
    assert page.locator("#subject").inner_text() == "Sharper: The Beijing-Moscow Partnership"
    assert page.locator("#sender").inner_text() == "CNAS Sharper <sharper@cnas.org>"
    assert re.fullmatch(r"HTML \d+\.\d KB of Gmail's 102\.0 KB", page.locator("#size").inner_text())
    assert page.locator("#links").inner_text() == "18 links"
    assert page.locator("#images").inner_text() == "1 images"
    page.get_by_role("button", name="Text").click()
    assert "Sharper: The Beijing-Moscow Partnership" in page.locator("#text").inner_text()
    assert page.get_by_role("button", name="PDF").is_visible()
    assert page.locator("#preheader").inner_text().startswith("Cooperation between Russia and China")
    assert page.locator("#list-unsubscribe").inner_text() == "<https://www.cnas.org/newsletters/unsubscribe>"


def test_send_test_from_the_page(served: tuple[PreviewServer, Path], page: Any) -> None:
    """The form posts to the same code as `briefkit send`: the message reaches a real SMTP server on loopback."""
    server, manifest = served
    _open(page, server)
    page.get_by_label("Send a test to").fill("me@example.org")
    page.get_by_role("button", name="Send test").click()  # no smtp: settings yet: the page says where to add them
    page.wait_for_selector("#send-result.failed")
    assert "there are no smtp: settings to send through" in page.locator("#send-result").inner_text()
    with smtp_serving() as smtp:
        series = manifest.parent / "sharper.series.yaml"
        series.write_text(
            series.read_text("utf-8") + f"smtp:\n  host: 127.0.0.1\n  port: {smtp.port}\n  security: none\n",
            "utf-8",
        )
        page.get_by_role("button", name="Send test").click()
        page.wait_for_function("document.querySelector('#send-result').textContent.startsWith('Sent <')")
        assert page.locator("#send-result").inner_text().endswith(" to me@example.org")
        ((_, recipients, received),) = smtp.inbox.messages
        assert recipients == ["me@example.org"] and b"Subject: [Test] Sharper:" in received


def test_saving_the_manifest_updates_the_page_without_reloading(served: tuple[PreviewServer, Path], page: Any) -> None:
    server, manifest = served
    _open(page, server)
    page.evaluate("window.notReloaded = true")
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "title: The Beijing-Moscow Partnership", "title: A Partnership Retitled"
        ),
        encoding="utf-8",
    )
    page.wait_for_function(
        "document.getElementById('subject').textContent === 'Sharper: A Partnership Retitled'", timeout=10_000
    )
    _email_frame(page).locator("h1", has_text="Sharper: A Partnership Retitled").wait_for(timeout=10_000)
    assert page.evaluate("window.notReloaded") is True


def test_a_broken_manifest_shows_its_errors_and_fixing_it_brings_the_preview_back(
    served: tuple[PreviewServer, Path], page: Any
) -> None:
    server, manifest = served
    _open(page, server)
    good = manifest.read_text(encoding="utf-8")
    manifest.write_text(good.replace("date: 2021-03-31", "date: 2021-31-03\ntitel: typo"), encoding="utf-8")
    errors = page.locator("#errors")
    errors.wait_for(state="visible", timeout=10_000)
    text = errors.inner_text()
    assert f"editions/{SAMPLE.name}:" in text
    assert "date: '2021-31-03' is not a date" in text
    assert "unknown key 'titel'; did you mean 'title'?" in text
    assert _email_frame(page).locator("h1").inner_text() == "Sharper: The Beijing-Moscow Partnership"  # last good
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview-error.png"))
    manifest.write_text(good, encoding="utf-8")
    errors.wait_for(state="hidden", timeout=10_000)


def test_index_lists_editions_newest_first(served: tuple[PreviewServer, Path], page: Any) -> None:
    server, _ = served
    page.goto(server.url.split("/edition/")[0] + "/")
    links = page.locator("ol.editions a")
    assert links.all_inner_texts() == ["The Beijing-Moscow Partnership", "Sino-Russian Defense Cooperation"]
    links.nth(1).click()
    page.wait_for_function(
        "document.getElementById('subject').textContent === 'Sharper: Sino-Russian Defense Cooperation'", timeout=15_000
    )


def _without_styles(html: str) -> str:
    return re.sub(r"<style\b[^>]*>.*?</style>", "", html, flags=re.DOTALL | re.IGNORECASE)


def _shot(browser: Any, html: str, width: int, path: Path) -> Image.Image:
    page = browser.new_page(viewport={"width": width, "height": 800})
    local_only(page)
    page.set_content(html, wait_until="load")
    page.screenshot(path=str(path), full_page=True)
    page.close()
    return Image.open(path).convert("RGBA")


@pytest.mark.parametrize("manifest", [SAMPLE, SECOND], ids=["sample", "second"])
def test_email_looks_the_same_as_the_reference_mjml_output(browser: Any, tmp_path: Path, manifest: Path) -> None:
    edition, theme, _ = load_edition(manifest)
    ours = render_email_html(edition, theme)
    source = tmp_path / "email.mjml"
    source.write_text(render_mjml(edition, theme), encoding="utf-8")
    subprocess.run([str(MJML_CLI), str(source), "-o", str(tmp_path / "reference.html")], check=True)
    reference = (tmp_path / "reference.html").read_text(encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    for styled in (True, False):
        for width in (375, 600, 800):
            name = f"{manifest.stem[:10]}-{width}{'' if styled else '-no-style'}"
            pair = [
                _shot(browser, html if styled else _without_styles(html), width, tmp_path / f"{who}-{name}.png")
                for who, html in (("briefkit", ours), ("reference", reference))
            ]
            assert pair[0].size == pair[1].size, f"{name}: page sizes differ {pair[0].size} {pair[1].size}"
            difference = Image.new("RGBA", pair[0].size)
            differing = pixelmatch(pair[0], pair[1], difference, threshold=0.1, includeAA=False)
            if differing:
                difference.save(ARTIFACTS / f"difference-{name}.png")
            assert differing == 0, f"{name}: {differing} pixels differ beyond antialiasing"


def test_the_comparison_can_fail(browser: Any, tmp_path: Path) -> None:
    edition, theme, _ = load_edition(SECOND)
    html = render_email_html(edition, theme)
    changed = html.replace("padding:28px 24px 4px", "padding:30px 24px 4px", 1)
    assert changed != html
    first = _shot(browser, html, 600, tmp_path / "a.png")
    second = _shot(browser, changed, 600, tmp_path / "b.png")
    size = (min(first.width, second.width), min(first.height, second.height))
    assert pixelmatch(first.crop((0, 0, *size)), second.crop((0, 0, *size)), threshold=0.1, includeAA=False) > 0


# The email's frame shows the address asked for, loaded (`location` is the frame's address).
LOADED = """(() => {
  const frame = document.querySelector('#email');
  const location = frame.contentWindow.location.href;
  return frame.contentDocument.readyState === 'complete' && location.%s;
})()"""


def test_the_two_dark_views(served: tuple[PreviewServer, Path], page: Any) -> None:
    """Dark (authored) shows the email's own dark palette, nothing inverted; Dark (forced) inverts the email but
    not its pictures, as the mail apps that force dark mode do."""
    server, _ = served
    _open(page, server)
    page.get_by_role("button", name="Dark (authored)").click()
    page.wait_for_function(LOADED % "includes('scheme=dark')")
    frame = page.frame(url=re.compile(r"scheme=dark"))
    assert frame is not None
    frame.wait_for_load_state()
    assert frame.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(15, 18, 20)"
    assert page.evaluate("getComputedStyle(document.querySelector('#email')).filter") == "none"
    assert set(frame.evaluate("[...document.images].map(i => getComputedStyle(i).filter)")) == {"none"}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview-dark-authored.png"))

    page.get_by_role("button", name="Dark (forced)").click()
    page.wait_for_function(LOADED % "includes('email.html') && !location.includes('scheme=dark')")
    page.wait_for_function("document.querySelector('#email').contentDocument?.getElementById('bk-forced') !== null")
    assert page.evaluate("getComputedStyle(document.querySelector('#email')).filter").startswith("invert(1)")
    frame = page.frame(url=re.compile(r"email\.html"))
    assert frame is not None
    assert set(frame.evaluate("[...document.images].map(i => getComputedStyle(i).filter)")) == {
        "invert(1) hue-rotate(180deg)"
    }  # inverted twice: as they are
    assert frame.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(238, 240, 242)"
    page.screenshot(path=str(ARTIFACTS / "preview-dark-forced.png"))


def test_the_pdf_is_made_when_the_pdf_view_opens(served: tuple[PreviewServer, Path], page: Any) -> None:
    """With the email view open the PDF is not made; opening the PDF view makes it, and while that view is open each
    save makes it again, after the email and text are on the page."""
    server, manifest = served
    _open(page, server)
    preview = server.preview(SAMPLE.stem)
    assert preview is not None
    _email_frame(page).locator("h1").wait_for()
    assert page.evaluate("document.body.dataset.pdf") == "not made"
    assert preview.pdf_made() is None
    page.get_by_role("button", name="PDF").click()
    page.wait_for_selector("body[data-pdf='made']", timeout=30_000)
    first = preview.pdf_made()
    assert first is not None and first.data is not None and first.data.startswith(b"%PDF")
    manifest.write_text(
        manifest.read_text("utf-8").replace("title: The Beijing-Moscow Partnership", "title: Retitled"), "utf-8"
    )
    page.wait_for_function("document.getElementById('subject').textContent === 'Sharper: Retitled'", timeout=10_000)
    page.wait_for_function(
        f"document.body.dataset.pdf === 'made' && Number(document.body.dataset.version) > {first.made}",
        timeout=30_000,
    )
    again = preview.pdf_made()
    assert again is not None and again.made > first.made and again.data != first.data
