"""The build's records and its writers: an edition set back to draft leaves everything public on the next build; an
edited template the project overrides remakes what uses it; previous and next point the right way; descriptions
are cut between words; pictures of one name in two editions each keep their own bytes; one store serves the build
and a render's feeds."""

from __future__ import annotations

import ast
import datetime as dt
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefkit.api import build, render
from briefkit.archive.pages import description, linked
from briefkit.edition.model import ArchiveEntry
from briefkit.series_feeds.record import Standing, is_outbox_path, newest_first
from briefkit.series_feeds.store import Store

from conftest import SAMPLE, SECOND, THIRD, own_theme

PUBLIC = ("feed.xml", "atom.xml", "web/feed.xml", "web/atom.xml", "web/index.html", "web/sitemap.xml")


def _text(outbox: Path, name: str) -> str:
    return (outbox / name).read_text("utf-8")


def test_an_edition_set_back_to_draft_leaves_the_archive_feeds_index_and_sitemap(series: Path) -> None:
    build(series, ["email"], jobs=1)
    outbox = series / "outbox"
    for name in PUBLIC:
        assert SAMPLE.stem in _text(outbox, name), name
    assert (outbox / "web" / SAMPLE.stem / "index.html").is_file()
    manifest = series / "editions" / SAMPLE.name
    manifest.write_text(manifest.read_text("utf-8").replace("\ntitle:", "\nstatus: draft\ntitle:", 1), "utf-8")
    result = build(series, ["email"], jobs=1)
    assert result.drafts == 1 and result.archive == 2
    for name in PUBLIC:
        assert SAMPLE.stem not in _text(outbox, name), name
    assert not (outbox / "web" / SAMPLE.stem).exists()
    assert (outbox / SAMPLE.stem / "email.html").is_file()  # still rendered, for review
    # The edition before it no longer links to it.
    assert SAMPLE.stem not in _text(outbox, f"web/{SECOND.stem}/index.html")


def test_an_edited_template_the_project_overrides_remakes_what_uses_it(series: Path) -> None:
    theme = own_theme(series)
    build(series, ["email", "text"], jobs=1)
    outbox = series / "outbox"
    article = theme / "web-article.html"
    assert "</article>" in article.read_text("utf-8")
    article.write_text(article.read_text("utf-8").replace("</article>", "<p>Edited.</p></article>", 1), "utf-8")
    email = theme / "email.txt"
    email.write_text(email.read_text("utf-8") + "Edited.\n", "utf-8")
    result = build(series, ["email", "text"], jobs=1)
    assert result.count("rendered") == 3
    for slug in (SAMPLE.stem, SECOND.stem, THIRD.stem):
        assert "<p>Edited.</p>" in _text(outbox, f"web/{slug}/index.html"), slug
        assert _text(outbox, f"{slug}/email.txt").rstrip().endswith("Edited."), slug


def test_a_page_template_edit_alone_remakes_every_page(series: Path) -> None:
    """The archive's own template is in no edition's output: the archive sees the theme's files changed."""
    theme = own_theme(series)
    build(series, ["email"], jobs=1)
    page = theme / "web-index.html"
    page.write_text(page.read_text("utf-8") + "\n", "utf-8")
    build(series, ["email"], jobs=1)
    edition = theme / "web-edition.html"
    edition.write_text(edition.read_text("utf-8").replace('rel="prev"', 'rel="prev" class="x"'), "utf-8")
    build(series, ["email"], jobs=1)
    assert 'class="x"' in _text(series / "outbox", f"web/{SECOND.stem}/index.html")


def test_previous_is_older_and_next_is_newer(series: Path) -> None:
    build(series, ["email"], jobs=1)
    web = series / "outbox" / "web"
    middle = _text(web, f"{SECOND.stem}/index.html")  # 2020-08-10, between 2020-04-09 and 2021-03-31
    assert re.search(rf'href="\.\./{THIRD.stem}/" rel="prev"', middle)
    assert re.search(rf'href="\.\./{SAMPLE.stem}/" rel="next"', middle)
    oldest, newest = _text(web, f"{THIRD.stem}/index.html"), _text(web, f"{SAMPLE.stem}/index.html")
    assert 'rel="prev"' not in oldest and re.search(rf'href="\.\./{SECOND.stem}/" rel="next"', oldest)
    assert 'rel="next"' not in newest and re.search(rf'href="\.\./{SECOND.stem}/" rel="prev"', newest)
    index = _text(web, "index.html")  # newest first
    assert index.index(SAMPLE.stem) < index.index(SECOND.stem) < index.index(THIRD.stem)


def _entry(summary: str, slug: str = "x", date: dt.date = dt.date(2021, 3, 31)) -> ArchiveEntry:
    return ArchiveEntry(slug, date, "T", None, summary, "S", None, "P", "en", None, 20, "UTC")


def test_a_slug_goes_into_links_percent_encoded_and_a_plain_one_as_it_is() -> None:
    plain = _entry("S.", slug="2021-03-31-plain")
    assert linked(plain) is plain
    odd = linked(_entry("S.", slug="a b/c?"))
    assert odd.slug == "a%20b%2Fc%3F" and odd.summary == "S."


def test_descriptions_are_cut_between_words() -> None:
    words = "word " * 60  # 300 characters
    for sentence in (words.strip() + ".", "a" + words.strip() + ".", "ab " + words.strip() + "."):
        cut = description(_entry(sentence))
        assert cut.endswith("…") and len(cut) <= 201
        kept = cut.removesuffix("…")
        assert sentence.startswith(kept) and sentence[len(kept)] == " ", cut  # a whole word ends where it is cut
    assert description(_entry("word " * 39 + "wordy.")) == "word " * 39 + "wordy."  # exactly 200: whole
    long_word = "x" * 250 + " y."
    assert description(_entry(long_word)) == "x" * 250 + "…"  # one word longer than the limit: kept whole


def test_the_built_page_description_and_the_feed_summary_end_on_a_word(series: Path) -> None:
    manifest = series / "editions" / THIRD.name
    intro = " ".join(["Arctic"] + ["shipping lanes open wider"] * 15) + " every year."
    text = manifest.read_text("utf-8")
    text = re.sub(r"\nintro: [^\n]*(\n  [^\n]*)*", "\nintro: " + intro, text, count=1)
    manifest.write_text(text, "utf-8")
    build(series, ["email"], jobs=1)
    outbox = series / "outbox"
    page = _text(outbox, f"web/{THIRD.stem}/index.html")
    said = html.unescape(re.search(r'<meta name="description" content="([^"]*)"', page).group(1))  # type: ignore[union-attr]
    kept = said.removesuffix("…")
    assert said.endswith("…") and intro.startswith(kept) and intro[len(kept)] == " "
    feed = html.unescape(_text(outbox, "feed.xml"))
    assert intro in feed  # the feed's summary is the whole intro, never cut


def test_pictures_of_one_name_in_two_editions_keep_their_own_bytes(series: Path) -> None:
    other = series / "images" / "other"
    other.mkdir()
    (other / "eurasia-banner.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', "utf-8")
    copy = series / "editions" / "2020-09-01-another-banner.yaml"
    text = (series / "editions" / SECOND.name).read_text("utf-8")
    copy.write_text(text.replace("2020-08-10", "2020-09-01").replace("../images/", "../images/other/"), "utf-8")
    result = build(series, ["email"], jobs=1)
    assert not result.failed, [o.problem for o in result.failed]
    web = series / "outbox" / "web"
    pictures = {path.name: path.read_bytes() for path in (web / "pictures").iterdir()}
    banners = {name: data for name, data in pictures.items() if name.startswith("eurasia-banner-")}
    assert sorted(banners.values()) == sorted(
        [(series / "images" / "eurasia-banner.svg").read_bytes(), (other / "eurasia-banner.svg").read_bytes()]
    )
    page = _text(web, f"{copy.stem}/index.html")
    (mine,) = [name for name, data in banners.items() if data == (other / "eurasia-banner.svg").read_bytes()]
    assert f'src="../pictures/{mine}"' in page


def test_a_picture_two_editions_show_is_published_once_and_kept_while_one_shows_it(series: Path) -> None:
    """The series' logo, which every edition shows: one file in web/pictures/, under a name that holds its
    content's digest; it stays while an edition shows it; a changed picture gets a new name, the old one goes."""
    build(series, ["email"], jobs=1)
    pictures = series / "outbox" / "web" / "pictures"
    (logo,) = [path.name for path in pictures.iterdir() if path.name.startswith("sharper-mark-")]
    for edition in (SAMPLE, THIRD):
        (series / "editions" / edition.name).unlink()
    build(series, ["email"], jobs=1)
    assert (pictures / logo).is_file()  # the edition left still shows it
    (series / "images" / "sharper-mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" id="new"/>\n')
    build(series, ["email"], jobs=1)
    now = [path.name for path in pictures.iterdir() if path.name.startswith("sharper-mark-")]
    assert now and logo not in now


def test_one_store_serves_the_build_and_a_render(series: Path) -> None:
    build(series, ["email"], jobs=1)
    store = Store.load(series)
    assert {record.standing for record in store.records.values()} == {Standing.BUILT}
    before = _text(series / "outbox", "feed.xml")
    shutil.rmtree(series / "outbox")
    render(series / "editions" / SAMPLE.name, ["feed"])  # every entry from the build's records
    assert _text(series / "outbox", "feed.xml") == before
    again = build(series, ["email"], jobs=1)  # the render left the build's records as they were
    assert again.count("rendered") == 3  # the outbox was deleted: everything is written again


def test_the_archive_order_is_newest_first_ties_by_slug() -> None:
    day = dt.date(2021, 1, 1)
    entries = [_entry("", "b", day), _entry("", "a", day), _entry("", "c", dt.date(2020, 1, 1))]
    assert [e.slug for e in newest_first(entries)] == ["b", "a", "c"]


def test_an_edition_moved_to_another_series_leaves_the_archive(series: Path) -> None:
    build(series, ["email"], jobs=1)
    editions = series / "editions"
    shutil.copy(editions / "sharper.series.yaml", editions / "other.series.yaml")
    manifest = editions / THIRD.name
    manifest.write_text(manifest.read_text("utf-8").replace("series: sharper.series.yaml", "series: other.series.yaml"))
    result = build(series, ["email"], jobs=1)
    assert any("more than one series" in warning.message for warning in result.warnings)
    web = series / "outbox" / "web"
    assert not (web / THIRD.stem).exists()  # its page is the archive's: the archive removes it
    assert THIRD.stem not in _text(web, "index.html") and THIRD.stem not in _text(web, f"{SECOND.stem}/index.html")


def test_a_build_where_nothing_changed_loads_no_template_nor_renderer(series: Path) -> None:
    """Nothing to make, nothing to write: the build reads its state and the files' times, and loads neither the
    theme's templates nor what renders (a whole process, as `briefkit build` runs)."""
    build(series, ["email", "text"])
    renderers = ("jinja2", "markdown_it", "briefkit.render", "briefkit.archive.pages", "briefkit.edition.prepare")
    assert _built_loading(series, "unchanged", (*renderers, "briefkit.series_build.work")) == (3, [])


def test_an_edition_without_events_is_made_without_the_calendar_library(series: Path) -> None:
    """icalendar is loaded for an edition's first event, not for every edition a build makes (a whole process)."""
    build(series, ["email", "text"])
    manifest = series / "editions" / SAMPLE.name
    manifest.write_text(manifest.read_text("utf-8").replace("\ntitle: ", "\ntitle: Revised, ", 1), "utf-8")
    assert _built_loading(series, "rendered", ("icalendar",)) == (1, [])


def _built_loading(series: Path, status: str, packages: tuple[str, ...]) -> tuple[int, list[str]]:
    """A build of email and text in a process of its own, at one job: how many editions had ``status``, and which
    modules of ``packages`` it loaded."""
    check = (
        "import sys; from pathlib import Path; from briefkit.series_build.run import build; "
        f"result = build(Path('.'), ['email', 'text'], jobs=1); print(result.count({status!r})); "
        f"print(sorted(m for m in sys.modules if m.startswith({packages!r})))"
    )
    done = subprocess.run([sys.executable, "-c", check], cwd=series, capture_output=True, text=True, check=True)
    count, loaded = done.stdout.split("\n")[:2]
    return int(count), ast.literal_eval(loaded)


def test_an_edition_whose_kept_text_has_gone_is_made_again_and_only_it(series: Path) -> None:
    """The kept texts are listed once a build; an edition whose article or feed content is not among them is made
    again, the others are not."""
    build(series, ["email"], jobs=1)
    store = Store.load(series)
    record = next(record for manifest, record in store.records.items() if manifest.endswith(SECOND.name))
    (store.folder / "texts" / f"{record.article}.html").unlink()
    result = build(series, ["email"], jobs=1)
    assert {outcome.slug: outcome.status for outcome in result.outcomes} == {
        SAMPLE.stem: "unchanged", SECOND.stem: "rendered", THIRD.stem: "unchanged"
    }  # fmt: skip
    assert (store.folder / "texts" / f"{record.article}.html").is_file()


def test_the_state_file_checks_theme_names_by_the_manifests_rule() -> None:
    from briefkit.manifest.load import THEME_NAME
    from briefkit.series_feeds.store import THEME_NAME as KEPT

    assert KEPT.pattern == THEME_NAME.pattern


def test_the_command_where_nothing_changed_loads_no_renderer_nor_manifest_checker(series: Path) -> None:
    """`briefkit build` as an editor runs it: the API, --format parsed, and nothing that renders or checks a manifest
    (read from Python's own record of every import, never from a clock)."""
    build(series, ["email", "text"])
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "briefkit", "build", "--format", "email,text"],
        cwd=series, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "3 unchanged" in done.stderr
    modules = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", done.stderr, re.MULTILINE))
    assert "briefkit.api" in modules and "briefkit.render.outputs" in modules  # the record was read
    heavy = ("jinja2", "markdown_it", "briefkit.edition.prepare", "briefkit.render.templates", "briefkit.scaffold")
    assert sorted(m for m in modules if m.startswith(heavy)) == []


def test_the_api_names_the_schema_files_as_the_scaffold_does() -> None:
    from briefkit.api import SCHEMA_FILES
    from briefkit.scaffold.schema_files import EDITION_SCHEMA, SERIES_SCHEMA

    assert SCHEMA_FILES == (EDITION_SCHEMA, SERIES_SCHEMA)


def test_a_series_file_parsed_once_per_process_is_still_read_and_noted_for_each_edition(series: Path) -> None:
    """Editions of one series share its parsed file while its text is the same; each edition still reads it (its
    record names it), and an edit between two editions is seen by the second, mistakes included."""
    from briefkit.edition.prepare import prepare
    from briefkit.errors import ManifestError
    from briefkit.manifest.load import load_manifest

    editions = series / "editions"
    series_file = editions / "sharper.series.yaml"
    first = prepare(editions / SAMPLE.name)
    second = prepare(editions / SECOND.name)
    assert str(series_file.resolve()) in first.reads.files and str(series_file.resolve()) in second.reads.files
    assert first.manifest.series is second.manifest.series  # parsed and checked once
    series_file.write_text(series_file.read_text("utf-8").replace("publisher: Center", "publisher: Centre", 1))
    assert load_manifest(editions / THIRD.name).settings["publisher"].startswith("Centre for")
    series_file.write_text(series_file.read_text("utf-8").replace("\npublisher:", "\npublisherr:", 1))
    with pytest.raises(ManifestError) as raised:
        load_manifest(editions / SAMPLE.name)
    assert "publisherr" in raised.value.display(series)


def _read_in(email: str) -> list[str]:
    """The languages an email's 'read in' links name."""
    links = re.findall(r'<a [^>]*class="bk-read-in"[^>]*>', email)
    return sorted(lang for link in links for lang in re.findall(r'hreflang="([^"]+)"', link))


def test_a_build_links_each_email_to_its_language_versions_as_a_render_does(tmp_path: Path) -> None:
    """A build's processes look through editions/ once each for language versions, not once per edition: every
    version's email still links to the others, at one process and at two."""
    from conftest import REPO

    (tmp_path / "editions").mkdir()
    for folder in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    original = "2020-04-09-the-arctic-opens-up"
    other = "2020-08-10-sino-russian-defense-cooperation"
    for name in ("sharper.series", original, f"{original}-fr", f"{original}-ar", other):
        shutil.copy(REPO / "editions" / f"{name}.yaml", tmp_path / "editions")
    expected = {original: ["ar", "fr"], f"{original}-fr": ["ar", "en"], f"{original}-ar": ["en", "fr"], other: []}
    for jobs in (1, 2):
        shutil.rmtree(tmp_path / "outbox", ignore_errors=True)
        shutil.rmtree(tmp_path / ".briefkit-cache", ignore_errors=True)
        assert not build(tmp_path, ["email"], jobs=jobs).failed
        found = {name: _read_in(_text(tmp_path / "outbox", f"{name}/email.html")) for name in expected}
        assert found == expected, jobs


def test_a_state_file_naming_a_read_outside_its_table_counts_as_damaged(series: Path) -> None:
    """A record names its reads by their place in the state file's table of files: a place that is not there makes
    the store empty (every edition made again), never an error nor another file's read."""
    import json

    build(series, ["email"], jobs=1)
    state = series / ".briefkit-cache" / "build" / "state.json"
    data = json.loads(state.read_bytes())
    assert all(isinstance(place, int) for record in data["records"].values() for place in record["reads"])
    for place in (len(data["files"]), -1):
        first = next(iter(data["records"].values()))
        first["reads"] = [*first["reads"][:-1], place]
        state.write_text(json.dumps(data), "utf-8")
        assert Store.load(series).records == {}


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("web/2021-03-31-x/index.html", True),
        ("email.html", True),
        ("a..b/c", True),
        ("", False),
        ("/etc/passwd", False),
        ("//host/share", False),
        ("web//index.html", False),
        ("./web/index.html", False),
        ("web/../../etc", False),
        ("..", False),
        ("web/", False),
        ("web\\index.html", False),
    ],
)
def test_a_record_lists_only_plain_paths_inside_the_outbox(name: str, inside: bool) -> None:
    assert is_outbox_path(name) is inside
