"""The email in a real browser (headless Chromium), as a mail app that honours prefers-color-scheme shows it:
every visible text readable in light and in dark mode, the logo left as it is, and an outline of headings."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefkit.api import render
from briefkit.edition.palette import BODY_CONTRAST, LARGE_CONTRAST, contrast, hex_of

from conftest import ARTIFACTS, SAMPLE, SECOND, THIRD

# Every visible piece of text: its colour, the colour behind it (the nearest box that paints one), its size.
TEXTS = """() => {
  const behind = (element) => {
    for (; element; element = element.parentElement) {
      const color = getComputedStyle(element).backgroundColor;
      if (color !== "rgba(0, 0, 0, 0)" && color !== "transparent") return color;
    }
    return "rgb(255, 255, 255)";
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.replace(/[\\s\\u034f\\u200c\\u2007]+/g, " ").trim();
    const element = walker.currentNode.parentElement;
    if (!text || !element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(element);
    found.push({text: text.slice(0, 50), color: style.color, behind: behind(element),
                size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight)});
  }
  return found;
}"""


def _hex(css: str) -> str:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css)[:3])
    return hex_of(red / 255, green / 255, blue / 255)


@pytest.fixture(scope="module")
def emails(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The samples' emails, and one of a series whose dark logo and dark accent are its own."""
    from conftest import REPO

    project = tmp_path_factory.mktemp("emails")
    shutil.copytree(REPO / "editions", project / "editions")
    for folder in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, project / folder)
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8").replace("  file: ../images/sharper-mark.svg\n", "  file: ../images/sharper-mark.svg\n"
                                             "  dark_src: https://www.cnas.org/images/cnas-logo-light.png\n")  # fmt: skip
    series.write_text(text, "utf-8")
    found = {}
    for manifest in (SAMPLE, SECOND, THIRD):
        render(project / "editions" / manifest.name, ["email"])
        found[manifest.stem] = project / "outbox" / manifest.stem / "email.html"
    return found


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 600, "height": 900})
    opened = context.new_page()
    opened.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    yield opened
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("slug", [SAMPLE.stem, SECOND.stem, THIRD.stem])
def test_every_text_is_readable(page: Any, emails: dict[str, Path], scheme: str, slug: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(emails[slug].as_uri())
    texts = page.evaluate(TEXTS)
    assert len(texts) > 25
    low = []
    for text in texts:
        large = text["size"] >= 24 or (text["size"] >= 18.66 and text["weight"] >= 700)
        ratio = contrast(_hex(text["color"]), _hex(text["behind"]))
        if ratio < (LARGE_CONTRAST if large else BODY_CONTRAST):
            low.append((text["text"], text["color"], text["behind"], round(ratio, 2)))
    assert not low, low
    if scheme == "dark":  # a designed palette, not the light one: dark behind the text, light text
        body = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert contrast(_hex(body), "#000000") < 2
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"email-dark-{slug}.png"))


def test_the_check_can_fail(page: Any, emails: dict[str, Path]) -> None:
    """The same walk finds text that is too faint."""
    page.goto(emails[SAMPLE.stem].as_uri())
    page.evaluate("document.querySelector('.bk-intro div').style.color = '#dddddd'")
    texts = page.evaluate(TEXTS)
    assert any(contrast(_hex(t["color"]), _hex(t["behind"])) < BODY_CONTRAST for t in texts)


def test_in_dark_mode_the_logo_is_its_dark_variant_and_pictures_are_not_inverted(
    page: Any, emails: dict[str, Path]
) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(emails[SAMPLE.stem].as_uri())
    shown = "[...document.images].filter(i => i.checkVisibility()).map(i => i.getAttribute('src'))"
    assert "https://www.cnas.org/images/cnas-logo.png" in page.evaluate(shown)
    assert "https://www.cnas.org/images/cnas-logo-light.png" not in page.evaluate(shown)
    page.emulate_media(color_scheme="dark")
    assert "https://www.cnas.org/images/cnas-logo-light.png" in page.evaluate(shown)
    assert "https://www.cnas.org/images/cnas-logo.png" not in page.evaluate(shown)
    filters = page.evaluate("[...document.querySelectorAll('img, body, body *')].map(e => getComputedStyle(e).filter)")
    assert set(filters) == {"none"}


def test_headings_give_the_outline(page: Any, emails: dict[str, Path]) -> None:
    page.goto(emails[SAMPLE.stem].as_uri())
    outline = page.eval_on_selector_all("h1, h2, h3, h4", "els => els.map(e => [e.tagName, e.textContent.trim()])")
    assert outline[0] == ["H1", "Sharper: The Beijing-Moscow Partnership"]
    assert [name for name, _ in outline].count("H1") == 1
    assert ["H2", "Features"] in outline and ["H2", "In the News"] in outline
    assert ["H3", "Navigating the Deepening Russia-China Partnership"] in outline
    levels = [int(name[1]) for name, _ in outline]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # Styled as before: a heading is the size and weight of its box.
    sizes = page.eval_on_selector_all("h2", "els => els.map(e => getComputedStyle(e).fontSize)")
    assert set(sizes) == {"14px"}
