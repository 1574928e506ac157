"""Translated editions: `translation_of:` and `lang:` checked with located messages; the email's "read in ..." links;
the archive's versions linking each other (crawled in Chromium: every alternate resolves, both ways); the sitemap's
xhtml:link alternates; the feeds' entries with their languages, read back with feedparser."""

from __future__ import annotations

import functools
import http.server
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from briefkit.api import build, load_edition, render
from briefkit.errors import BriefkitError

from conftest import REPO, loopback_server, run_cli

ORIGINAL = "2020-04-09-the-arctic-opens-up"
FRENCH, ARABIC = f"{ORIGINAL}-fr", f"{ORIGINAL}-ar"
ARCHIVE = "https://www.cnas.org/sharper/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _project(tmp_path: Path, *names: str) -> Path:
    """A project with the series, its sources and the named sample editions."""
    (tmp_path / "editions").mkdir()
    shutil.copy(REPO / "editions" / "sharper.series.yaml", tmp_path / "editions")
    for folder in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    for name in names:
        shutil.copy(REPO / "editions" / f"{name}.yaml", tmp_path / "editions")
    return tmp_path


def _write(project: Path, name: str, text: str) -> Path:
    path = project / "editions" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _translation(of: str, lang: str | None, title: str = "Une traduction") -> str:
    lang_line = f"lang: {lang}\n" if lang else ""
    return (
        f"series: sharper.series.yaml\ntranslation_of: {of}\n{lang_line}date: 2020-04-09\ntitle: {title}\n"
        "sections:\n  - kind: about\n"
    )


def _problems(path: Path) -> str:
    with pytest.raises(BriefkitError) as raised:
        load_edition(path)
    return raised.value.display()


# -- located mistakes ------------------------------------------------------------------------------------------


def test_an_original_that_is_not_there_is_located_at_translation_of(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL)
    path = _write(project, "t", _translation("2020-04-09-the-arctic-open-up", "fr"))
    said = _problems(path)
    assert f"{path}:2:1: translation_of: no edition '2020-04-09-the-arctic-open-up'" in said
    assert f"did you mean '{ORIGINAL}'?" in said


def test_the_cli_says_it_with_its_place_and_exit_status_2(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL)
    path = _write(project, "t", _translation("nowhere.yaml", "fr"))
    result = run_cli("render", str(path), "--format", "text", "--outbox", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 2
    assert "t.yaml:2:1: translation_of: no edition 'nowhere.yaml'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_translation_of_a_translation_names_the_original(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL, FRENCH)
    path = _write(project, "t", _translation(f"{FRENCH}.yaml", "de"))
    said = _problems(path)
    assert f"{path}:2:1: translation_of: '{FRENCH}.yaml' is itself a translation (of '{ORIGINAL}')" in said
    assert f"name the original edition, '{ORIGINAL}'" in said


def test_two_versions_in_one_language_are_refused_at_lang(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL, FRENCH)
    path = _write(project, "t", _translation(ORIGINAL, "fr"))
    said = _problems(path)
    assert f"{path}:3:1: lang: '{FRENCH}' is the fr version of this edition already" in said


def test_a_translation_without_lang_has_its_originals_and_is_told_so_at_translation_of(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL)
    path = _write(project, "t", _translation(ORIGINAL, None))
    assert f"{path}:2:1: lang: '{ORIGINAL}' is the en version of this edition already" in _problems(path)


def test_a_lang_tag_that_is_no_language_is_located(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL)
    path = _write(project, "t", _translation(ORIGINAL, "xq"))
    assert f"{path}:3:1: lang: 'xq' is not a language tag Babel knows" in _problems(path)


def test_an_edition_cannot_translate_itself(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = _write(project, "t", _translation("t", "fr"))
    assert "translation_of: names this edition itself" in _problems(path)


# -- the email -------------------------------------------------------------------------------------------------


class _ReadInLinks(HTMLParser):
    """The email's links of class bk-read-in: address, hreflang, dir and text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str, str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("class") == "bk-read-in":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            a = self._open
            self.links.append((a["href"] or "", a["hreflang"] or "", a["dir"] or "", "".join(self._text)))
            self._open = None


def _read_in(project: Path, name: str) -> list[tuple[str, str, str, str]]:
    out = project / "out"
    render(project / "editions" / f"{name}.yaml", ["email"], out)
    parser = _ReadInLinks()
    parser.feed((out / name / "email.html").read_text("utf-8"))
    return parser.links


def test_each_email_reads_in_the_other_versions_in_their_own_words(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL, FRENCH, ARABIC)
    assert _read_in(project, ORIGINAL) == [
        (f"{ARCHIVE}{ARABIC}/", "ar", "rtl", "اقرأ باللغة العربية"),
        (f"{ARCHIVE}{FRENCH}/", "fr", "ltr", "Lire en français"),
    ]
    assert _read_in(project, ARABIC) == [
        (f"{ARCHIVE}{ORIGINAL}/", "en", "ltr", "Read in English"),
        (f"{ARCHIVE}{FRENCH}/", "fr", "ltr", "Lire en français"),
    ]


def _text_read_in(project: Path, name: str) -> list[str]:
    """The plain-text email's lines before its first blank line (the read-in lines, then view in browser)."""
    out = project / "out"
    render(project / "editions" / f"{name}.yaml", ["text"], out)
    return (out / name / "email.txt").read_text("utf-8").split("\n\n", 1)[0].splitlines()


def test_the_text_email_reads_in_the_other_versions_too(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL, FRENCH, ARABIC)
    assert _text_read_in(project, FRENCH) == [
        f"Read in English <{ARCHIVE}{ORIGINAL}/>",
        f"اقرأ باللغة العربية <{ARCHIVE}{ARABIC}/>",
        f"Voir dans votre navigateur\u00a0: {ARCHIVE}{FRENCH}/",
    ]
    (project / "editions" / f"{FRENCH}.yaml").unlink()
    (project / "editions" / f"{ARABIC}.yaml").unlink()
    assert _text_read_in(project, ORIGINAL) == [f"View in your browser: {ARCHIVE}{ORIGINAL}/"]


def test_an_edition_alone_has_no_read_in_link_and_a_draft_translation_is_not_linked(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL)
    assert _read_in(project, ORIGINAL) == []
    _write(project, "draft-fr", _translation(ORIGINAL, "fr").replace("date:", "status: draft\ndate:"))
    assert _read_in(project, ORIGINAL) == []


def test_without_an_archive_address_there_is_nothing_to_read_in(tmp_path: Path) -> None:
    project = _project(tmp_path, ORIGINAL, FRENCH)
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text().replace("archive_url: https://www.cnas.org/sharper\n", ""))
    assert _read_in(project, ORIGINAL) == []


# -- words -----------------------------------------------------------------------------------------------------


def test_arabic_wording_writes_the_arabic_comma(tmp_path: Path) -> None:
    """Lists of names, the comma before a quotation's attribution and the footer's publisher before its address:
    the catalogue's ', ' ("، " in Arabic), never the Latin comma."""
    project = _project(tmp_path, ORIGINAL)
    text = (REPO / "editions" / f"{ARABIC}.yaml").read_text("utf-8")
    three = "[جين دو, سام رو, علي حسن]"
    text = text.replace("byline: [جين دو, سام رو]", f"byline: {three}\nbyline_join: ampersand")
    text = text.replace("people: [جين دو, سام رو]", f"people: {three}")
    edition, _, _ = load_edition(_write(project, ARABIC, text))
    assert edition.byline == "بقلم جين دو، سام رو & علي حسن"
    commentaries, news = edition.sections[1], edition.sections[2]
    assert str(commentaries.items[0].quote.text).endswith("الاستثناء،")  # type: ignore[attr-defined]
    assert "جين دو، سام رو وعلي حسن" in news.sentence  # type: ignore[attr-defined]
    assert edition.footer.address.startswith("Center for a New American Security، 1152")


# -- the archive, the sitemap, the feeds -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three samples with the Arctic edition's French and Arabic versions, built."""
    project = _project(
        tmp_path_factory.mktemp("translations"),
        ORIGINAL,
        FRENCH,
        ARABIC,
        "2020-08-10-sino-russian-defense-cooperation",
    )
    result = build(project, ["email"], jobs=1)
    assert not result.failed and result.archive == 4
    return project / "outbox"


def test_the_sitemap_lists_each_versions_alternates_itself_included(built: Path) -> None:
    root = ET.parse(built / "web" / "sitemap.xml").getroot()
    alternates = {
        url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        for url in root.iter(f"{SITEMAP}url")
    }
    group = {"en": f"{ARCHIVE}{ORIGINAL}/", "fr": f"{ARCHIVE}{FRENCH}/", "ar": f"{ARCHIVE}{ARABIC}/"}
    for address in group.values():
        assert alternates[address] == {**group, "x-default": group["en"]}
    assert alternates[f"{ARCHIVE}2020-08-10-sino-russian-defense-cooperation/"] == {}


def test_the_index_lists_originals_and_the_feeds_mark_each_entrys_language(built: Path) -> None:
    index = (built / "web" / "index.html").read_text()
    assert f'href="{ORIGINAL}/"' in index and FRENCH not in index and ARABIC not in index
    atom = feedparser.parse((built / "atom.xml").read_bytes())
    assert atom.feed.language == "en"
    languages = {entry.link: entry.title_detail.language for entry in atom.entries}
    assert languages == {
        f"{ARCHIVE}{ORIGINAL}/": "en",
        f"{ARCHIVE}{FRENCH}/": "fr",
        f"{ARCHIVE}{ARABIC}/": "ar",
        f"{ARCHIVE}2020-08-10-sino-russian-defense-cooperation/": "en",
    }
    rss = feedparser.parse((built / "feed.xml").read_bytes())
    assert rss.feed.language == "en" and len(rss.entries) == 4


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built / "web"))
    with loopback_server(handler) as port:  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}/"


def _versions_on(page: Any, url: str, here: str) -> dict[str, dict[str, str]]:
    """What the page at ``url`` links as its versions: the head's alternates and the switcher's links, by
    hreflang, as local addresses (the archive's own address mapped onto the server's)."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    head = page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "els => els.map(e => [e.hreflang, e.getAttribute('href')])"
    )
    switcher = page.eval_on_selector_all(
        "nav.languages a", "els => els.map(e => [e.hreflang, e.href, e.lang, e.textContent])"
    )
    current = page.eval_on_selector_all("nav.languages [aria-current=page]", "els => els.map(e => e.lang)")
    return {
        "head": {lang: href.replace(ARCHIVE, here) for lang, href in head},
        "switcher": {lang: href for lang, href, _, _ in switcher},
        "names": {lang: name for _, _, lang, name in switcher},
        "current": dict.fromkeys(current, url),
        "lang": {"html": page.evaluate("document.documentElement.lang")},
    }


def test_every_alternate_resolves_both_ways_in_chromium(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    try:
        pages = {lang: f"{served}{slug}/" for lang, slug in (("en", ORIGINAL), ("fr", FRENCH), ("ar", ARABIC))}
        seen = {lang: _versions_on(page, url, served) for lang, url in pages.items()}
        for lang, found in seen.items():
            assert found["lang"]["html"] == lang
            assert found["head"] == {**pages, "x-default": pages["en"]}, lang  # itself among them
            assert found["switcher"] == {k: v for k, v in pages.items() if k != lang}, lang
            assert found["current"] == {lang: pages[lang]}
            for other, target in found["switcher"].items():  # and back: the other page links this one
                assert seen[other]["switcher"][lang] == pages[lang]
                assert page.request.get(target).status == 200
        assert seen["en"]["names"] == {"fr": "Français", "ar": "العربية"}
        assert seen["ar"]["names"] == {"en": "English", "fr": "Français"}
    finally:
        context.close()


def test_the_direction_from_the_script_is_babels_for_every_locale_and_more() -> None:
    """direction() reads a language's script (its tag's, or CLDR's likely one) instead of the locale's whole data:
    it says rtl exactly where Babel's text_direction does, for every locale Babel has and for each of its languages
    with territories an editor may write (pa-PK, ar-MA, ff-GN)."""
    import babel
    from babel.localedata import locale_identifiers

    from briefkit.edition.translations import direction

    identifiers = locale_identifiers()
    territories = ["AF", "BD", "CN", "DZ", "EG", "FR", "GB", "GN", "IL", "IN", "IR", "MA", "MN", "NG", "PK", "SA", "US"]
    tags = [
        *identifiers,
        *(f"{language}_{t}" for language in {i.split("_")[0] for i in identifiers} for t in territories),
    ]
    wrong = []
    for tag in tags:
        try:
            locale = babel.Locale.parse(tag)
        except (babel.UnknownLocaleError, ValueError):
            continue
        expected = "rtl" if locale.text_direction == "rtl" else "ltr"
        if direction(tag.replace("_", "-")) != expected:
            wrong.append(tag)
    assert wrong == []
    assert direction("ar") == direction("he") == direction("fa") == direction("pa-Arab") == "rtl"
    assert direction("en") == direction("pa") == direction("mn-Mong") == "ltr"
