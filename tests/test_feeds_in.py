"""Items from feeds: the broken-feed corpus, selection, freezing in the lock file, overrides, remote feeds."""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from briefkit.api import load_edition, prepare, render
from briefkit.edition import model
from briefkit.errors import SourceError
from briefkit.sources.feeds_in.items import FeedOptions, lock_path_of
from briefkit.sources.feeds_in.parse import FeedError, Selection, parse_feed, select

from conftest import REPO, SAMPLE, loopback_server, run_cli

CORPUS = REPO / "tests" / "corpus" / "feeds"

# file -> (titles of the usable entries, newest first; words every warning or the error must hold)
EXPECTED: dict[str, tuple[list[str] | None, list[str]]] = {
    "unterminated_cdata.xml": (["First", "Second"], ["not well-formed", "unclosed CDATA section"]),
    "bad_entities.xml": (["Café & society today", "Second &bogus; entity"], ["undefined entity"]),
    "truncated.xml": (["First"], ["no element found", "entry 2 has no title"]),
    "legacy_encoding.xml": (["Café — “quoted”"], ["parsed as Windows-1252"]),
    "blank_line_before_declaration.xml": (["First"], ["blank space before the XML declaration was ignored"]),
    "html_page.xml": (None, ["is a web page, not a feed"]),
    "not_a_feed.txt": (None, ["is not a feed that can be read"]),
    "missing_fields.xml": (
        ["Complete", "No date"],
        ["entry 1 has no title", "entry 2 ('No link') has no usable link", "entry 3 ('No date') has no date"],
    ),
    "odd_dates.xml": (
        ["RFC 822 without seconds or weekday", "ISO date", "Loose ISO", "Words"],
        ["('Words') has no date"],
    ),
    "deeply_nested.xml": (["Deep"], []),
    "hostile.xml": (
        ["Clean title"],
        ["entry 1 ('Title bold') has no usable link", "entry 2 ('Data link') has no usable link"],
    ),
    "relative_links.xml": (["Relative", "Absolute"], []),
    "relative_links_no_base.xml": (["Absolute"], ["entry 1 ('Relative') has no usable link"]),
    "empty.xml": ([], ["the feed has no entries"]),
    # feedparser reads an undeclared encoding with chardet's help (a dependency for that reason)
    "undeclared_windows_1255.xml": (["חדשות הביטחון: ניתוח מעמיק של שיתוף הפעולה בין רוסיה לסין"], ["as Windows-1255"]),
    "misleading_characters.xml": (["Invoice gpj.exe", "Plain"], ["removed invisible or direction-changing characters"]),
    "quotes_in_links.xml": (["Fine"], ["entry 1 ('Quoted') has no usable link"]),
}


def test_the_corpus_has_a_file_for_every_case() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in CORPUS.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_feeds_give_usable_entries_or_a_clear_error(name: str) -> None:
    titles, words = EXPECTED[name]
    data = (CORPUS / name).read_bytes()
    if titles is None:
        with pytest.raises(FeedError) as raised:
            parse_feed(data, name)
        for word in words:
            assert word in str(raised.value)
        assert str(raised.value).startswith(name)
        return
    parsed = parse_feed(data, name)
    assert [entry.title for entry in parsed.entries] == titles
    joined = "\n".join(parsed.warnings)
    for word in words:
        assert word in joined
    assert all(warning.startswith(name) for warning in parsed.warnings)
    if not words:
        assert parsed.warnings == ()


def test_misleading_characters_are_removed_from_feed_text() -> None:
    (entry, _) = parse_feed((CORPUS / "misleading_characters.xml").read_bytes(), "x").entries
    assert entry.summary == "Pay now or else."


def test_hostile_markup_never_survives() -> None:
    parsed = parse_feed((CORPUS / "hostile.xml").read_bytes(), "hostile.xml")
    (entry,) = parsed.entries
    assert entry.summary == "Text click"
    for entry in parsed.entries:
        for text in (entry.title, entry.summary, entry.url):
            for bad in ("<", "script", "javascript:", "data:", "onerror", "iframe", "steal"):
                assert bad not in text


def test_odd_dates_are_read_or_reported() -> None:
    parsed = parse_feed((CORPUS / "odd_dates.xml").read_bytes(), "odd_dates.xml")
    assert [e.published for e in parsed.entries] == [
        dt.date(2021, 3, 30),
        dt.date(2021, 3, 29),
        dt.date(2021, 3, 28),
        None,
    ]


def test_relative_links_resolve_against_the_feed() -> None:
    parsed = parse_feed((CORPUS / "relative_links.xml").read_bytes(), "relative_links.xml")
    assert parsed.entries[0].url == "https://example.org/publications/relative"
    from_address = parse_feed((CORPUS / "relative_links_no_base.xml").read_bytes(), "x", "https://feeds.example/a/feed")
    assert from_address.entries[0].url == "https://feeds.example/a/publications/relative"


def test_a_huge_feed_is_refused_without_reading_it() -> None:
    with pytest.raises(FeedError, match="larger than 20 MB"):
        parse_feed(b"<rss>" + b" " * 21_000_000 + b"</rss>", "huge.xml")


def test_a_large_feed_is_read(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Entry {i}</title><link>https://example.org/{i}</link>"
        f"<pubDate>{(dt.date(2021, 1, 1) + dt.timedelta(days=i % 365)).strftime('%d %b %Y')} 09:00:00 GMT</pubDate></item>"
        for i in range(3000)
    )
    parsed = parse_feed(f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode(), "large.xml")
    assert len(parsed.entries) == 3000
    assert parsed.entries[0].published == dt.date(2021, 12, 31)


def test_selection_by_date_words_category_and_exclusion() -> None:
    entries = parse_feed((REPO / "feeds" / "cnas-latest.xml").read_bytes(), "cnas").entries
    assert [e.title for e in select(entries, Selection(limit=2))] == [
        "Sharper: Axis of Upheaval",
        "The Will and the Power: China’s Plan to Undermine Pax Americana",
    ]
    assert [e.title for e in select(entries, Selection(limit=9, title="SHARPER"))] == [
        "Sharper: Axis of Upheaval",
        "Sharper: Maritime Security",
    ]
    assert [e.title for e in select(entries, Selection(limit=9, category="russia", since=dt.date(2021, 1, 1)))] == [
        "Sharper: Axis of Upheaval"
    ]
    excluded = frozenset({"https://www.cnas.org/press/sharper/axis-of-upheaval"})
    assert select(entries, Selection(limit=1, exclude=excluded))[0].title.startswith("The Will and the Power")


def test_sample_listing_comes_from_the_feed_file() -> None:
    edition = load_edition(SAMPLE)[0]
    listing = edition.sections[-1]
    assert isinstance(listing, model.ListingSection)
    assert [(e.title, e.byline) for e in listing.items] == [
        ("Sharper: Axis of Upheaval", "By Anna Pederson"),
        ("The Will and the Power: China’s Plan to Undermine Pax Americana", "By Richard Fontaine & Robert Blackwill"),
        ("Beyond China's Black Box", "By Jacob Stokes"),
        ("Sharper: Maritime Security", "By Anna Pederson & Charles Horn"),
    ]
    assert listing.items[1].url == "https://www.cnas.org/publications/commentary/the-will-and-the-power"
    assert lock_path_of(SAMPLE).is_file(), "the sample's frozen entries are committed"


NEWER_ENTRY = """  <entry>
    <title>A Newer Piece</title>
    <link href="https://www.cnas.org/publications/newer"/>
    <id>https://www.cnas.org/publications/newer</id>
    <published>2021-03-31T08:00:00-04:00</published>
    <summary>Something new.</summary>
  </entry>
"""


def _add_newer_entry(project: Path) -> None:
    feed = project / "feeds" / "cnas-latest.xml"
    text = feed.read_text(encoding="utf-8")
    feed.write_text(text.replace("  <entry>\n", NEWER_ENTRY + "  <entry>\n", 1), encoding="utf-8")


def test_an_edition_stays_the_same_after_the_feed_moves_on_unless_refreshed(project: Path) -> None:
    manifest = project / "editions" / SAMPLE.name
    shutil.copy(SAMPLE, manifest)
    first = render(manifest, ["text"])
    lock = lock_path_of(manifest)
    assert lock in first.written
    frozen = lock.read_bytes()
    text = (project / "outbox" / SAMPLE.stem / "email.txt").read_text(encoding="utf-8")

    _add_newer_entry(project)
    again = render(manifest, ["text"])
    assert lock not in again.written and lock.read_bytes() == frozen
    assert (project / "outbox" / SAMPLE.stem / "email.txt").read_text(encoding="utf-8") == text

    refreshed = run_cli("render", f"editions/{SAMPLE.name}", "--format", "text", "--refresh", cwd=project)
    assert refreshed.returncode == 0, refreshed.stderr
    assert f"wrote editions/{lock.name}" in refreshed.stdout
    assert "A Newer Piece" in (project / "outbox" / SAMPLE.stem / "email.txt").read_text(encoding="utf-8")
    assert lock.read_bytes() != frozen


def test_a_damaged_lock_file_is_a_located_error(project: Path) -> None:
    manifest = project / "editions" / SAMPLE.name
    shutil.copy(SAMPLE, manifest)
    lock_path_of(manifest).write_text('{"briefkit_lock": 1,\n "sections": {,}}\n', encoding="utf-8")
    result = run_cli("render", f"editions/{SAMPLE.name}", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(f"editions/{lock_path_of(manifest).name}:2:15: the lock file is damaged")


EDITION = """\
series: sharper.series.yaml
date: {date}
title: Edition of {date}
intro: Words.
sections:
  - kind: listing
    items:
      - title: Written by hand
        url: https://example.org/by-hand
    feed:
      source: ../feeds/cnas-latest.xml
      limit: 2
      exclude_used: true
    overrides:
      - url: https://www.cnas.org/press/sharper/axis-of-upheaval
        title: Axis of Upheaval (shorter)
        authors: [A. Editor]
      - url: https://example.org/not-in-the-feed
        title: Never used
"""


def test_inline_and_feed_items_mix_overrides_apply_and_used_entries_are_skipped(project: Path) -> None:
    first = project / "editions" / "2021-04-01-first.yaml"
    first.write_text(EDITION.format(date="2021-04-01"), encoding="utf-8")
    result = render(first, ["text"])
    listing = load_edition(first)[0].sections[0]
    assert isinstance(listing, model.ListingSection)
    assert [(e.title, e.byline) for e in listing.items] == [
        ("Written by hand", ""),
        ("Axis of Upheaval (shorter)", "By A. Editor"),
        ("The Will and the Power: China’s Plan to Undermine Pax Americana", "By Richard Fontaine & Robert Blackwill"),
    ]
    unmatched = [
        w for w in result.warnings if "override for https://example.org/not-in-the-feed matches no" in w.message
    ]
    assert [(w.check, w.where.path.name, w.where.line > 0) for w in unmatched] == [
        ("feed-items", "2021-04-01-first.yaml", True)
    ]

    second = project / "editions" / "2021-04-08-second.yaml"
    second.write_text(EDITION.format(date="2021-04-08"), encoding="utf-8")
    listing = prepare(second).edition.sections[0]
    assert isinstance(listing, model.ListingSection)
    assert [e.title for e in listing.items] == [
        "Written by hand",
        "Beyond China's Black Box",
        "Sharper: Maritime Security",
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("../feeds/nope.xml", "'../feeds/nope.xml' does not exist; check the file name"),
        ("../feeds/page.xml", "../feeds/page.xml is a web page, not a feed; use the address of its RSS or Atom feed"),
    ],
    ids=["missing", "web page"],
)
def test_a_feed_that_cannot_be_used_is_a_located_error(project: Path, source: str, message: str) -> None:
    shutil.copy(CORPUS / "html_page.xml", project / "feeds" / "page.xml")
    (project / "editions" / "x.yaml").write_text(
        "series: sharper.series.yaml\ndate: 2021-04-01\ntitle: T\nintro: Words.\nsections:\n"
        f"  - kind: listing\n    feed:\n      source: {source}\n",
        encoding="utf-8",
    )
    result = run_cli("render", "editions/x.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr == f"editions/x.yaml:8:7: sections[0].feed.source: {message}\n"


class _FeedServer(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, str]]] = []
    body: ClassVar[bytes] = b""

    def do_GET(self) -> None:
        _FeedServer.requests.append(dict(self.headers))
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(_FeedServer.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[int]:
    _FeedServer.requests = []
    _FeedServer.body = (REPO / "feeds" / "cnas-latest.xml").read_bytes()
    with loopback_server(_FeedServer) as port:
        yield port


REMOTE = """\
series: sharper.series.yaml
date: 2021-04-01
title: Remote
intro: Words.
sections:
  - kind: listing
    feed:
      source: http://127.0.0.1:{port}/feed.xml
      limit: 1
"""


def test_remote_feeds_are_cached_asked_conditionally_and_read_offline(project: Path, feed_server: int) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8").replace("feeds:\n", "feeds:\n  allowed_hosts: [127.0.0.1]\n"), "utf-8"
    )
    manifest = project / "editions" / "remote.yaml"
    manifest.write_text(REMOTE.format(port=feed_server), encoding="utf-8")
    options = FeedOptions(refresh=True)
    assert prepare(manifest, options).edition.sections[0].items[0].title == "Sharper: Axis of Upheaval"  # type: ignore[union-attr]
    assert _FeedServer.requests[0]["User-Agent"].startswith("briefkit/")
    assert "If-None-Match" not in _FeedServer.requests[0]
    prepare(manifest, options)
    assert _FeedServer.requests[1]["If-None-Match"] == '"v1"'  # answered 304: the cached copy is used
    asked = len(_FeedServer.requests)
    offline = prepare(manifest, FeedOptions(refresh=True, offline=True))
    assert len(_FeedServer.requests) == asked
    assert offline.edition.sections[0].items[0].title == "Sharper: Axis of Upheaval"  # type: ignore[union-attr]
    assert any("offline, used the cached copy" in w.message and w.check == "feeds" for w in offline.feeds.warnings)


def test_a_remote_feed_needs_its_host_allowed(project: Path, feed_server: int) -> None:
    manifest = project / "editions" / "remote.yaml"
    manifest.write_text(REMOTE.format(port=feed_server), encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        prepare(manifest)
    assert "127.0.0.1 is a local or private address" in str(raised.value.display(project))
    assert _FeedServer.requests == []


def test_offline_without_a_cached_copy_is_a_clear_error(project: Path) -> None:
    manifest = project / "editions" / "remote.yaml"
    manifest.write_text(REMOTE.format(port=9), encoding="utf-8")
    result = run_cli("render", "editions/remote.yaml", "--offline", cwd=project)
    assert result.returncode == 2
    assert "has no cached copy to render offline; render once without --offline" in result.stderr


class _Trickle(http.server.BaseHTTPRequestHandler):
    """A feed server that sends its feed a few bytes at a time, slower than any feed should take."""

    requests = 0

    def do_GET(self) -> None:
        _Trickle.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.end_headers()
        body = (REPO / "feeds" / "cnas-latest.xml").read_bytes()
        try:
            for start in range(0, len(body), 4):
                self.wfile.write(body[start : start + 4])
                self.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, *args: object) -> None:
        pass


def test_a_remote_feed_has_a_deadline_for_the_whole_download(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8").replace("feeds:\n", "feeds:\n  allowed_hosts: [127.0.0.1]\n  timeout: 1\n"),
        "utf-8",
    )
    with loopback_server(_Trickle) as port:
        manifest = project / "editions" / "remote.yaml"
        manifest.write_text(REMOTE.format(port=port), encoding="utf-8")
        with pytest.raises(SourceError) as raised:
            prepare(manifest)
    assert "took longer than 1 seconds and was given up" in raised.value.display(project)


def test_a_feed_two_sections_use_is_fetched_once(project: Path, feed_server: int) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8").replace("feeds:\n", "feeds:\n  allowed_hosts: [127.0.0.1]\n"), "utf-8"
    )
    manifest = project / "editions" / "remote.yaml"
    twice = REMOTE.format(port=feed_server) + "  - kind: listing\n    feed:\n"
    twice += f"      source: http://127.0.0.1:{feed_server}/feed.xml\n      limit: 2\n"
    manifest.write_text(twice, encoding="utf-8")
    prepared = prepare(manifest)
    assert len(_FeedServer.requests) == 1
    assert [len(s.items) for s in prepared.edition.sections] == [1, 2]  # type: ignore[union-attr]
