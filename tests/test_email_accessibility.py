"""Text size and picture links in headless Chromium, in every sample edition's email (and the correction message
and the weekly test theme's email) and on its archive page, at phone and desktop widths, light and dark: no
visible text under 14 px, axe-core's link-name and image-alt rules pass, and a picture that is a link is named for
where the link goes, not for what the picture shows. A feature's picture is not a link: its title is the one link
to the item (docs/themes.md, "Text size and pictures that are links")."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from test_email_browser import TEXTS
from test_weekly_theme import WEEKLY, WEEKLY_EDITION, WEEKLY_SERIES

from briefkit.api import build, load_edition, render

from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SMALLEST = 14  # px: the least size of any text a reader sees
MANIFESTS = sorted(path for path in (REPO / "editions").glob("*.yaml") if not path.name.endswith(".series.yaml"))
CORRECTED = "2021-04-14-the-black-sea-balance"  # the sample with a correction, whose message is an email too
WIDTHS = [375, 600]
SCHEMES = ["light", "dark"]

# Every visible picture inside a link: the link's address and the picture's alt.
PICTURE_LINKS = """() => [...document.querySelectorAll("a[href] img")]
  .filter(image => image.checkVisibility())
  .map(image => ({href: image.closest("a").getAttribute("href"), alt: image.getAttribute("alt")}))"""
AXE_RULES = """async () => {
  const result = await axe.run(document, {runOnly: ["link-name", "image-alt"]});
  return {violations: result.violations.map(v => [v.id, v.nodes.map(n => n.html)]),
          passed: result.passes.map(v => v.id)};
}"""


def _place(url: str) -> str:
    """An address without its query and fragment: the link tags a series adds (utm_source=...) left aside."""
    return urlsplit(url)._replace(query="", fragment="").geturl()


def _titles(manifest: Path) -> dict[str, str]:
    """Each address the edition links to a picture from, and the name of what is there: an item's title, the
    publisher's for the logo's link."""
    edition, _, _ = load_edition(manifest)
    titles = {}
    for section in edition.sections:
        for item in getattr(section, "items", ()):
            if getattr(item, "url", None) and getattr(item, "title", None):
                titles[_place(item.url)] = item.title
    if edition.logo and edition.logo.href:
        titles[_place(edition.logo.href)] = edition.publisher
    return titles


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, str]]]:
    """Every page to look at (each sample's email and archive page, the correction message, the weekly theme's
    email): its file and the titles of the places its pictures may link to."""
    project = tmp_path_factory.mktemp("samples")
    for folder in ("editions", "seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, project / folder)
    result = build(project, ["email"], jobs=2)
    assert not result.failed and result.archive == len(MANIFESTS)
    render(project / "editions" / f"{CORRECTED}.yaml", ["correction"])
    weekly = tmp_path_factory.mktemp("weekly")
    shutil.copytree(WEEKLY, weekly / "templates" / "weekly")
    (weekly / "editions").mkdir()
    (weekly / "editions" / "weekly.series.yaml").write_text(WEEKLY_SERIES, encoding="utf-8")
    (weekly / "editions" / "2021-04-16.yaml").write_text(WEEKLY_EDITION, encoding="utf-8")
    render(weekly / "editions" / "2021-04-16.yaml", ["email"])
    found = {
        "weekly theme email": (
            weekly / "outbox" / "2021-04-16" / "email.html",
            _titles(weekly / "editions" / "2021-04-16.yaml"),
        )
    }
    for manifest in MANIFESTS:
        titles = _titles(project / "editions" / manifest.name)
        found[f"{manifest.stem} email"] = (project / "outbox" / manifest.stem / "email.html", titles)
        found[f"{manifest.stem} archive page"] = (project / "outbox" / "web" / manifest.stem / "index.html", titles)
    found["correction message"] = (project / "outbox" / CORRECTED / "correction" / "email.html", {})
    return found


PAGES = (
    ["weekly theme email", "correction message"]
    + [f"{manifest.stem} email" for manifest in MANIFESTS]
    + [f"{manifest.stem} archive page" for manifest in MANIFESTS]
)


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    opened = browser.new_context(viewport={"width": 600, "height": 900})
    yield opened
    opened.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    opened = context.new_page()
    opened.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    yield opened
    opened.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_text_is_14px_or_more_and_picture_links_are_named_for_where_they_go(
    page: Any, made: dict[str, tuple[Path, dict[str, str]]], name: str, scheme: str, width: int
) -> None:
    path, titles = made[name]
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(path.as_uri())
    texts = page.evaluate(TEXTS)
    assert len(texts) > 5
    small = [(text["text"], text["size"]) for text in texts if text["size"] < SMALLEST]
    assert not small, small
    page.add_script_tag(path=str(AXE))
    axe = page.evaluate(AXE_RULES)
    assert axe["violations"] == [], axe["violations"]
    assert "link-name" in axe["passed"]
    for link in page.evaluate(PICTURE_LINKS):
        title = titles.get(_place(link["href"]))
        assert title, f"a picture links to {link['href']}, which is none of the edition's titled places"
        named = page.get_by_role("link", name=title).evaluate_all(
            "links => links.filter(a => a.querySelector('img')).map(a => a.getAttribute('href'))"
        )
        assert link["href"] in named, f"the picture link to {link['href']} is not named for {title!r}"


def test_a_features_picture_is_not_a_second_link_to_its_item(
    page: Any, made: dict[str, tuple[Path, dict[str, str]]]
) -> None:
    """The sample with a feature's picture: the picture, described by its alt, stands above the title, and the
    title is the feature's one link (a screen reader's list of links has it once per section, by its title)."""
    path, titles = made["2020-08-10-sino-russian-defense-cooperation email"]
    page.goto(path.as_uri())
    picture = page.get_by_role("img", name="Two circles, one blue and one grey, joined by curved lines")
    assert picture.count() == 1
    assert picture.evaluate("image => image.closest('a')") is None
    url = "https://warontherocks.com/2020/08/navigating-sino-russian-defense-cooperation/"
    assert titles[url] == "Navigating Sino-Russian Defense Cooperation"
    assert page.locator(f'a[href="{url}"] img').count() == 0
    # Two links to the feature, each named with its title: the feature's and the listing's ("More from CNAS").
    assert page.locator(f'a[href="{url}"]').count() == 2
    assert page.get_by_role("link", name=titles[url]).count() == 2


def test_the_checks_can_fail(page: Any, made: dict[str, tuple[Path, dict[str, str]]]) -> None:
    """The same walks find small text and a picture link named for its picture."""
    path, titles = made["2021-03-31-the-beijing-moscow-partnership email"]
    page.goto(path.as_uri())
    page.evaluate("document.querySelector('.bk-footer div').style.fontSize = '13px'")
    assert any(text["size"] < SMALLEST for text in page.evaluate(TEXTS))
    page.evaluate("document.querySelector('.bk-logo img').alt = 'A blue mark'")
    logo = page.evaluate(PICTURE_LINKS)[0]
    named = page.get_by_role("link", name=titles[_place(logo["href"])]).evaluate_all("links => links.length")
    assert named == 0
