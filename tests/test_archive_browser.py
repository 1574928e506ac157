"""The web archive in a real browser (headless Chromium): served from a sub-path, crawled from its index, every
internal link found; each page with one h1, headings in order, a language, no sideways scroll at 375 px, no
serious or critical axe-core finding, no script but the index's search box, and nothing loaded from
elsewhere."""

from __future__ import annotations

import functools
import http.server
import itertools
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from briefkit.api import build

from conftest import ARTIFACTS, REPO, SAMPLE, SECOND, THIRD, loopback_server

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SUB_PATH = "/publications/sharper/archive/"  # the folder served somewhere other than the top of a site


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample project built, its web/ folder served at SUB_PATH; yields the index's address."""
    project = tmp_path_factory.mktemp("archive")
    (project / "editions").mkdir()
    shutil.copy(REPO / "editions" / "sharper.series.yaml", project / "editions")
    for folder in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, project / folder)
    for manifest in (SAMPLE, SECOND, THIRD):
        shutil.copy(manifest, project / "editions")
        lock = manifest.with_name(manifest.stem + ".lock.json")
        if lock.exists():
            shutil.copy(lock, project / "editions")
    result = build(project, ["email", "pdf"], jobs=2)
    assert not result.failed and result.archive == 3
    served = project / "site"
    shutil.copytree(project / "outbox" / "web", served / SUB_PATH.strip("/"))
    handler = functools.partial(_Quiet, directory=str(served))
    with loopback_server(handler) as port:  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}{SUB_PATH}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=True)
    opened = context.new_page()
    opened.elsewhere = []  # type: ignore[attr-defined]

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("http://127.0.0.1"):
            request_route.continue_()
        else:
            opened.elsewhere.append(url)  # type: ignore[attr-defined]
            request_route.abort()

    opened.route("**/*", route)
    yield opened
    context.close()


def _crawl(page: Any, start: str) -> dict[str, list[str]]:
    """Every page reachable from ``start`` inside the archive: its internal links, by address."""
    seen: dict[str, list[str]] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        links = page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.getAttribute('href'))")
        inside = []
        for href in links:
            target = urldefrag(urljoin(url, href))[0]
            if target.startswith(start):
                inside.append(target)
        seen[url] = inside
        queue += [t for t in inside if t.endswith("/") and t not in seen]
    return seen


def test_every_internal_link_resolves(page: Any, archive: str) -> None:
    pages = _crawl(page, archive)
    assert len([url for url in pages if url != archive]) == 3  # the index and the three editions
    for url, links in pages.items():
        for target in links:
            response = page.request.get(target)
            assert response.status == 200, f"{url} links to {target}: {response.status}"
    assert all(urlsplit(url).path.startswith(SUB_PATH) for url in pages)


def test_every_page_is_well_formed_accessible_and_self_contained(page: Any, archive: str) -> None:
    pages = _crawl(page, archive)
    ARTIFACTS.mkdir(exist_ok=True)
    for url in pages:
        page.goto(url)
        assert page.evaluate("document.documentElement.lang") == "en", url
        assert page.locator("h1").count() == 1, url
        levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))")
        assert levels[0] == 1, url
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (url, levels)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
        scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
        if url == archive:  # the index's search box, Pagefind's, from the archive's own pagefind/ (test_search.py)
            assert scripts == ["pagefind/pagefind-ui.js"], scripts
        else:
            assert page.locator("script").count() == 0, url
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.id, v.impact])")
        assert not [v for v in found if v[1] in ("serious", "critical")], (url, found)
    assert page.elsewhere == []  # type: ignore[attr-defined]
    page.goto(archive + SAMPLE.stem + "/")
    page.screenshot(path=str(ARTIFACTS / "archive-edition.png"), full_page=False)
    page.goto(archive)
    page.screenshot(path=str(ARTIFACTS / "archive-index.png"), full_page=False)


def test_the_axe_check_can_fail(page: Any, archive: str) -> None:
    """The same check finds a fault when there is one: text too faint to read."""
    page.goto(archive)
    page.evaluate("document.querySelector('h1').style.color = '#eeeeee'")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.id, v.impact])")
    assert ["color-contrast", "serious"] in found
