"""The archive's search (archive/search.py, Pagefind): `briefkit build` indexes the edition pages into web/pagefind/,
a bundle per year of their dates (the newest year's in web/pagefind/ itself, beside the search box, each older
year's in web/pagefind/<year>/), the same bytes at each build, a year made again only when its pages or its place
changed, and not at all with `search: false`; the index page's search box, in headless Chromium from a sub-path,
searches every year's bundle at once, finds the one edition whose summary has a word, loads nothing from elsewhere,
and axe-core finds nothing serious in it; a search box written for one index still searches the newest year."""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefkit.api import build
from briefkit.archive.search import bundles_in, pagefind_files

from conftest import REPO, SAMPLE, SECOND, THIRD, loopback_server

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SUB_PATH = "/publications/sharper/archive/"
WORD = "eschewed"  # in the summary of SECOND only, of the three
NEWEST_WORD = "Nietsche"  # in SAMPLE only, of the three
NEWEST, OLDER = "2021", "2020"  # the years of SAMPLE, and of SECOND and THIRD


def _project(where: Path) -> Path:
    (where / "editions").mkdir(parents=True)
    shutil.copy(REPO / "editions" / "sharper.series.yaml", where / "editions")
    for folder in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, where / folder)
    for manifest in (SAMPLE, SECOND, THIRD):
        shutil.copy(manifest, where / "editions")
        lock = manifest.with_name(manifest.stem + ".lock.json")
        if lock.exists():
            shutil.copy(lock, where / "editions")
    return where


def _years_in(folder: Path) -> list[str]:
    """The years' folders in web/pagefind/ (the newest year's bundle has none)."""
    return sorted(path.name for path in folder.iterdir() if path.is_dir() and path.name.isdigit())


def _page_count(entry: Path) -> int:
    return int(json.loads(entry.read_bytes())["languages"]["en"]["page_count"])


def _index_files(outbox: Path) -> dict[str, tuple[str, int]]:
    """Every file of web/pagefind/: its digest and its modification time."""
    folder = outbox / "web" / "pagefind"
    return {
        path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("search"))
    result = build(root, ["email"], jobs=2)
    assert not result.failed and result.archive == 3
    return root


def test_the_build_indexes_the_edition_pages(project: Path) -> None:
    web = project / "outbox" / "web"
    files = _index_files(project / "outbox")
    assert "pagefind-ui.js" in files and "pagefind-ui.css" in files  # the search box, once
    assert not any(name.startswith(("pagefind-ui", "pagefind-component-ui")) for name in files if "/" in name)
    assert _years_in(web / "pagefind") == [OLDER]  # the newest year's bundle beside the box, the older in a folder
    for place, pages in (("", 1), (f"{OLDER}/", 2)):
        assert f"{place}pagefind.js" in files and any(name.startswith(f"{place}index/en_") for name in files)
        assert _page_count(web / "pagefind" / place / "pagefind-entry.json") == pages
    index = (web / "index.html").read_text(encoding="utf-8")
    assert '<script src="pagefind/pagefind-ui.js"></script>' in index
    assert 'href="pagefind/pagefind-ui.css"' in index
    # The newest year's loaded where Pagefind looks by default, the other merged.
    assert f'const merged = ["pagefind/{OLDER}/"]' in index
    assert 'new PagefindUI({element: "#search", mergeIndex: merged,' in index
    page = (web / SECOND.stem / "index.html").read_text(encoding="utf-8")
    assert "<div data-pagefind-body>" in page and 'class="editions" aria-label="Editions" data-pagefind-ignore' in page


def _fragments(outbox: Path) -> dict[str, dict[str, Any]]:
    """The indexed pages (Pagefind's fragments: gzip, a signature, JSON) by address."""
    return {fragment["url"]: fragment for fragment in _fragments_in(outbox / "web" / "pagefind", "**/fragment/*")}


def _fragments_in(folder: Path, pattern: str = "*") -> list[dict[str, Any]]:
    return [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")) for path in folder.glob(pattern)
    ]


def test_only_the_edition_is_indexed_not_the_links_around_it(project: Path) -> None:
    fragments = _fragments(project / "outbox")
    assert sorted(fragments) == sorted(f"/{manifest.stem}/" for manifest in (SAMPLE, SECOND, THIRD))
    content = fragments[f"/{SECOND.stem}/"]["content"]
    assert WORD in content
    assert "All editions" not in content and "Next:" not in content and "Previous:" not in content


def test_a_build_with_nothing_changed_does_not_index_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build(root, ["email"], jobs=1)
    folder = root / "outbox" / "web" / "pagefind"
    fragment, other = next((folder / OLDER / "fragment").iterdir()), next((folder / "fragment").iterdir())
    fragment.write_bytes(b"left alone")
    other.write_bytes(b"left alone")
    build(root, ["email"], jobs=1)
    assert fragment.read_bytes() == other.read_bytes() == b"left alone"  # Pagefind did not run
    (folder / OLDER / "pagefind-entry.json").unlink()  # that year's bundle is not all there: made again
    build(root, ["email"], jobs=1)
    assert (folder / OLDER / "pagefind-entry.json").is_file() and fragment.read_bytes() != b"left alone"
    assert other.read_bytes() == b"left alone"  # the other year's is left as it is
    (folder / "pagefind-ui.js").unlink()  # the search box alone is missing: made again, the bundles the same
    before = _index_files(root / "outbox")
    build(root, ["email"], jobs=1)
    after = _index_files(root / "outbox")
    assert after.pop("pagefind-ui.js")[0]
    older = {name: made for name, made in before.items() if name.startswith(f"{OLDER}/")}
    assert older and all(after[name] == made for name, made in older.items())


def test_the_list_of_languages_is_in_order(tmp_path: Path) -> None:
    """Pagefind writes its languages in a hash map's order; briefkit puts them in order, the same at every run."""
    for lang in ("en", "fr", "de", "es", "ar"):
        page = tmp_path / f"edition-{lang}" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<html lang="{lang}"><body><main data-pagefind-body>{lang} words</main></body></html>')
    runs = [pagefind_files(tmp_path) for _ in range(4)]
    assert all(run == runs[0] for run in runs)
    assert list(json.loads(runs[0]["pagefind-entry.json"])["languages"]) == ["ar", "de", "en", "es", "fr"]


def test_the_index_is_the_same_bytes_and_made_again_only_when_pages_change(project: Path, tmp_path: Path) -> None:
    first = _index_files(project / "outbox")
    result = build(project, ["email"], jobs=2)
    assert result.count("unchanged") == 3
    assert _index_files(project / "outbox") == first  # not written again: times and all

    again = _project(tmp_path / "again")
    build(again, ["email"], jobs=1)
    assert {name: made[0] for name, made in _index_files(again / "outbox").items()} == {
        name: made[0] for name, made in first.items()
    }

    # A page changes: the index is made again, and the word that is gone is no longer in it.
    manifest = again / "editions" / SECOND.name
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(WORD, "avoided"), encoding="utf-8")
    build(again, ["email"], jobs=1)
    changed = _index_files(again / "outbox")
    assert changed[f"{OLDER}/pagefind-entry.json"][0] != first[f"{OLDER}/pagefind-entry.json"][0]
    assert set(changed) != set(first)  # the changed page's fragment has another name; the old one is removed
    assert all(name.startswith(f"{OLDER}/") for name in set(first) - set(changed))  # only that year's
    # The other year's pages did not change: its bundle is not made again (times and all).
    made_before = _index_files(again / "outbox")
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("avoided", "shunned"), encoding="utf-8")
    build(again, ["email"], jobs=1)
    made_after = _index_files(again / "outbox")
    newest = {name: made for name, made in made_before.items() if not name.startswith(f"{OLDER}/")}
    assert newest and all(made_after[name] == made for name, made in newest.items())


def test_a_year_with_no_edition_left_is_removed_and_so_is_an_older_index(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build(root, ["email"], jobs=1)
    folder = root / "outbox" / "web" / "pagefind"
    (folder / "fragment" / "en_1234567.pf_fragment").write_bytes(b"old")  # what a single index left
    (folder / "pagefind-entry.json").write_bytes(b"{}")
    (folder / NEWEST).mkdir()  # what a bundle a year, each in its folder, left
    (folder / NEWEST / "pagefind-entry.json").write_bytes(b"{}")
    (root / ".briefkit-cache" / "build" / "search.json").write_text("a digest of the whole archive's pages")
    for manifest in (SECOND, THIRD):
        (root / "editions" / manifest.name).unlink()
    result = build(root, ["email"], jobs=1)
    assert not result.failed and result.archive == 1
    assert _years_in(folder) == []
    assert not (folder / "fragment" / "en_1234567.pf_fragment").exists()
    assert (folder / "pagefind-ui.js").is_file() and _page_count(folder / "pagefind-entry.json") == 1
    index = (root / "outbox" / "web" / "index.html").read_text(encoding="utf-8")
    assert "const merged = []" in index and f"pagefind/{OLDER}/" not in index


def test_the_search_box_merges_the_years_that_have_its_language() -> None:
    """Pagefind's box searches the index page's language; a year whose pages are all in another would answer in
    that one (its largest language), so it is left out, as one index of the archive never answered in it."""
    bundles = {"pagefind/": frozenset({"fr"}), "pagefind/2021/": frozenset({"en", "fr"})}
    assert bundles_in(bundles, "en-GB") == ["pagefind/2021/"]
    assert bundles_in(bundles, "fr") == ["pagefind/", "pagefind/2021/"]
    assert bundles_in(bundles, "de") == ["pagefind/", "pagefind/2021/"]


def test_pagefind_runs_to_its_end_and_says_why_when_it_cannot_index(tmp_path: Path) -> None:
    """Pagefind runs as its own program, so every file is whole when it exits (its service could be stopped
    with a file still empty); a folder it cannot index is said in its words, as a located problem."""
    from briefkit.errors import OutputError

    (tmp_path / "web" / "a").mkdir(parents=True)
    with pytest.raises(OutputError) as raised:
        pagefind_files(tmp_path / "web")
    assert "Pagefind could not index the archive" in str(raised.value)
    assert "html files" in str(raised.value)  # Pagefind's own reason
    shutil.copytree(REPO / "tests" / "golden" / "outbox" / "web" / SAMPLE.stem, tmp_path / "web" / SAMPLE.stem)
    files = pagefind_files(tmp_path / "web")
    assert all(data for data in files.values())  # no file left empty
    assert json.loads(files["pagefind-entry.json"])["languages"]


def test_pagefind_is_found_where_its_service_finds_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pagefind.service import get_executable

    from briefkit.archive.search import _executable

    assert _executable() == get_executable() and _executable() is not None
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "pagefind"))
    assert _executable() == get_executable() == tmp_path / "pagefind"


def test_each_year_s_pages_are_kept_for_pagefind_as_the_archive_has_them(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build(root, ["email"], jobs=1)
    pages = root / ".briefkit-cache" / "build" / "search"
    assert sorted(path.relative_to(pages).as_posix() for path in pages.rglob("index.html")) == sorted(
        f"{year}/{manifest.stem}/index.html" for year, manifest in ((NEWEST, SAMPLE), (OLDER, SECOND), (OLDER, THIRD))
    )
    for path in pages.rglob("index.html"):
        assert path.read_bytes() == (root / "outbox" / "web" / path.parent.name / "index.html").read_bytes()
    (root / "editions" / THIRD.name).unlink()
    (pages / OLDER / "stray").mkdir()
    manifest = root / "editions" / SECOND.name
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(WORD, "avoided"), encoding="utf-8")
    build(root, ["email"], jobs=1)
    assert sorted(path.name for path in (pages / OLDER).iterdir()) == [SECOND.stem]
    page = (root / "outbox" / "web" / SECOND.stem / "index.html").read_bytes()
    assert b"avoided" in page and (pages / OLDER / SECOND.stem / "index.html").read_bytes() == page
    series = root / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    build(root, ["email"], jobs=1)
    assert not pages.exists()


def test_search_false_leaves_the_archive_without_an_index(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build(root, ["email"], jobs=1)
    assert (root / "outbox" / "web" / "pagefind" / "pagefind-entry.json").is_file()
    series = root / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    result = build(root, ["email"], jobs=1)
    assert not result.failed, result.failed
    assert not (root / "outbox" / "web" / "pagefind").exists()
    index = (root / "outbox" / "web" / "index.html").read_text(encoding="utf-8")
    assert "pagefind" not in index and "<script" not in index


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(project: Path) -> Iterator[str]:
    site = project / "site"
    shutil.copytree(project / "outbox" / "web", site / SUB_PATH.strip("/"))
    handler = functools.partial(_Quiet, directory=str(site))
    with loopback_server(handler) as port:  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}{SUB_PATH}"


def test_the_search_box_finds_the_one_edition_and_fetches_nothing_elsewhere(browser: Any, served: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served) else route.abort())
    page.goto(served)
    assert page.get_by_role("search", name="Search the archive").count() == 1
    box = page.get_by_role("textbox", name="Search the editions")
    box.fill(WORD)
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for()
    assert page.locator(".pagefind-ui__message").inner_text() == f"1 edition has {WORD}"
    assert results.count() == 1
    href = results.first.get_attribute("href")
    assert href == f"{SUB_PATH}{SECOND.stem}/"
    results.first.click()
    page.wait_for_url(f"**{SUB_PATH}{SECOND.stem}/")

    page.goto(served)
    page.get_by_role("textbox", name="Search the editions").fill(WORD)
    page.locator(".pagefind-ui__result-link").first.wait_for()
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.id, v.impact])")
    assert not [v for v in found if v[1] in ("serious", "critical")], found
    assert requests and all(url.startswith(served) for url in requests), requests
    assert f"{served}pagefind/pagefind-entry.json" in [url.split("?")[0] for url in requests]  # the newest year's
    assert any(url.startswith(f"{served}pagefind/{OLDER}/") for url in requests)
    context.close()


def test_one_search_finds_editions_of_both_years(browser: Any, served: str) -> None:
    """The newest year's bundle and the merged one answer together, each page at its address under the sub-path."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served) else route.abort())
    page.goto(served)
    page.get_by_role("textbox", name="Search the editions").fill("Beijing")
    page.locator(".pagefind-ui__result-link").first.wait_for()
    page.wait_for_function("document.querySelector('.pagefind-ui__message').innerText.startsWith('2 ')")
    hrefs = sorted(link.get_attribute("href") for link in page.locator(".pagefind-ui__result-link").all())
    assert hrefs == sorted(f"{SUB_PATH}{manifest.stem}/" for manifest in (SAMPLE, THIRD))
    assert all(url.startswith(served) for url in requests), requests
    context.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_edition_of_the_first_days_of_january_is_in_its_calendar_year(tmp_path: Path) -> None:
    root = _project(tmp_path)
    manifest = root / "editions" / SAMPLE.name
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("date: 2021-03-31", "date: 2021-01-01"), encoding="utf-8"
    )
    result = build(root, ["email"], jobs=1)
    assert not result.failed, result.failed
    folder = root / "outbox" / "web" / "pagefind"
    assert _years_in(folder) == [OLDER]
    assert _page_count(folder / "pagefind-entry.json") == 1 and _page_count(folder / OLDER / "pagefind-entry.json") == 2


def test_a_page_changed_to_the_same_size_is_indexed_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build(root, ["email"], jobs=1)
    entry = root / "outbox" / "web" / "pagefind" / OLDER / "pagefind-entry.json"
    before = _digest(entry)
    manifest = root / "editions" / SECOND.name
    assert len("forswore") == len(WORD)
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(WORD, "forswore"), encoding="utf-8")
    build(root, ["email"], jobs=1)
    assert _digest(entry) != before


def test_a_year_whose_editions_are_all_removed_goes_with_the_state_file_intact(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build(root, ["email"], jobs=1)
    for manifest in (SECOND, THIRD):
        (root / "editions" / manifest.name).unlink()
    assert not build(root, ["email"], jobs=1).failed
    folder = root / "outbox" / "web" / "pagefind"
    assert _years_in(folder) == [] and _page_count(folder / "pagefind-entry.json") == 1


def test_the_kept_pages_of_a_year_with_no_edition_left_are_removed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build(root, ["email"], jobs=1)
    pages = root / ".briefkit-cache" / "build" / "search"
    assert (pages / OLDER).is_dir()
    for manifest in (SECOND, THIRD):
        (root / "editions" / manifest.name).unlink()
    assert not build(root, ["email"], jobs=1).failed
    assert sorted(path.name for path in pages.iterdir()) == [NEWEST]


def test_a_new_year_moves_the_year_that_was_newest_into_its_folder(tmp_path: Path) -> None:
    """The newest year's bundle lives in web/pagefind/; an edition of a new year takes its place, and the year that
    was newest is indexed once into its own folder, while an older year's bundle is left as it is."""
    root = _project(tmp_path)
    build(root, ["email"], jobs=1)
    folder = root / "outbox" / "web" / "pagefind"
    older = {name: made for name, made in _index_files(root / "outbox").items() if name.startswith(f"{OLDER}/")}
    new = root / "editions" / "2022-01-05-the-arctic-once-more.yaml"
    new.write_text(THIRD.read_text(encoding="utf-8").replace("date: 2020-04-09", "date: 2022-01-05"), encoding="utf-8")
    result = build(root, ["email"], jobs=1)
    assert not result.failed, result.failed
    assert _years_in(folder) == [OLDER, NEWEST]
    fragments = _fragments(root / "outbox")
    assert [fragment["url"] for fragment in _fragments_in(folder / "fragment")] == [f"/{new.stem}/"]
    assert [fragment["url"] for fragment in _fragments_in(folder / NEWEST / "fragment")] == [f"/{SAMPLE.stem}/"]
    assert sorted(fragments) == sorted(f"/{manifest.stem}/" for manifest in (SAMPLE, SECOND, THIRD, new))
    after = _index_files(root / "outbox")
    assert {name: made for name, made in after.items() if name.startswith(f"{OLDER}/")} == older  # not made again
    index = (root / "outbox" / "web" / "index.html").read_text(encoding="utf-8")
    assert f'const merged = ["pagefind/{NEWEST}/", "pagefind/{OLDER}/"]' in index
    build(root, ["email"], jobs=1)  # in its new place, the year is not indexed again
    assert _index_files(root / "outbox") == after


# A project's web-index.html written for a single index, before the bundles a year: Pagefind's box with no bundle
# given, which loads pagefind/pagefind.js beside its script, and nothing merged.
SINGLE_INDEX_BOX = """{% extends "web-page.html" %}
{% block head %}<link rel="stylesheet" href="pagefind/pagefind-ui.css">{% endblock %}
{% block main %}
<h1>{{ page.series }}</h1>
{% if search %}
<div class="search" id="search"></div>
<script src="pagefind/pagefind-ui.js"></script>
<script>
new PagefindUI({element: "#search", showImages: false, resetStyles: false});
</script>
{% endif %}
<ol class="index">{% for row in rows %}<li><a href="{{ row.entry.slug }}/">{{ row.entry.title }}</a></li>{% endfor %}</ol>
{% endblock %}
"""


def test_a_search_box_written_for_one_index_still_searches_the_newest_year(browser: Any, tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "templates" / "sharper").mkdir(parents=True)
    (root / "templates" / "sharper" / "web-index.html").write_text(SINGLE_INDEX_BOX, encoding="utf-8")
    assert not build(root, ["email"], jobs=1).failed
    with_word = [url for url, fragment in _fragments(root / "outbox").items() if NEWEST_WORD in fragment["content"]]
    assert with_word == [f"/{SAMPLE.stem}/"]  # the newest year's one edition has the word
    site = tmp_path / "site"
    shutil.copytree(root / "outbox" / "web", site / SUB_PATH.strip("/"))
    with loopback_server(functools.partial(_Quiet, directory=str(site))) as port:  # type: ignore[arg-type]
        served = f"http://127.0.0.1:{port}{SUB_PATH}"
        context = browser.new_context()
        page = context.new_page()
        requests: list[str] = []
        failing: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("requestfailed", lambda request: failing.append(request.url))
        page.on("response", lambda response: failing.append(response.url) if response.status >= 400 else None)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served) else route.abort())
        page.goto(served)
        page.locator("#search input").fill(NEWEST_WORD)
        results = page.locator(".pagefind-ui__result-link")
        results.first.wait_for()
        assert results.count() == 1 and results.first.get_attribute("href") == f"{SUB_PATH}{SAMPLE.stem}/"
        assert f"{served}pagefind/pagefind.js" in [url.split("?")[0] for url in requests]
        assert not failing, failing
        assert all(url.startswith(served) for url in requests), requests
        context.close()


def test_when_the_newest_year_has_no_page_in_the_index_s_language_the_box_loads_an_older_one(tmp_path: Path) -> None:
    """The bundle in web/pagefind/ would answer in another language: the box is given the newest year that has the
    index page's, and merges the older ones."""
    root = _project(tmp_path)
    french = THIRD.with_name(THIRD.stem + "-fr.yaml")
    (root / "editions" / "2022-01-05-the-arctic-opens-up-fr.yaml").write_text(
        french.read_text(encoding="utf-8").replace("date: 2020-04-09", "date: 2022-01-05"), encoding="utf-8"
    )
    assert not build(root, ["email"], jobs=1).failed
    folder = root / "outbox" / "web" / "pagefind"
    assert _years_in(folder) == [OLDER, NEWEST]
    assert list(json.loads((folder / "pagefind-entry.json").read_bytes())["languages"]) == ["fr"]
    index = (root / "outbox" / "web" / "index.html").read_text(encoding="utf-8")
    assert f'bundlePath: new URL("pagefind/{NEWEST}/", document.baseURI).pathname, mergeIndex: merged,' in index
    assert f'const merged = ["pagefind/{OLDER}/"]' in index
