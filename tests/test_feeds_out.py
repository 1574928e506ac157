"""The series' own feeds: RSS 2.0 and Atom 1.0 that parse back cleanly, never duplicate, and rebuild identically."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from briefkit.api import Finding, load_edition, render

from conftest import SAMPLE, SECOND, run_cli, theme_file


def shown(warnings: list[Finding]) -> list[str]:
    """The series feeds' warnings, each its file and words, all filed under series-feed."""
    assert {warning.check for warning in warnings} <= {"series-feed"}
    return [warning.display() for warning in warnings]


EXPECTED_IDS = [
    "tag:www.cnas.org,2021-03-31:sharper/2021-03-31-the-beijing-moscow-partnership",
    "tag:www.cnas.org,2020-08-10:sharper/2020-08-10-sino-russian-defense-cooperation",
]
RFC822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"
)
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


@pytest.fixture
def feeds(project: Path) -> Path:
    """The project with both samples rendered (the second after the first: the feed covers both either way)."""
    for manifest in (SAMPLE, SECOND):
        shutil.copy(manifest, project / "editions")
    render(project / "editions" / SECOND.name)
    render(project / "editions" / SAMPLE.name)
    return project / "outbox"


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_feeds_parse_back_cleanly(feeds: Path, name: str) -> None:
    parsed = feedparser.parse((feeds / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if name == "feed.xml" else "atom10")
    assert [e.id for e in parsed.entries] == EXPECTED_IDS
    assert [e.title for e in parsed.entries] == [
        "Sharper: The Beijing-Moscow Partnership",
        "Sharper: Sino-Russian Defense Cooperation",
    ]
    # midnight in the series' time zone (America/New_York): 04:00 UTC in summer time
    assert [dt.datetime(*e.published_parsed[:6]) for e in parsed.entries] == [
        dt.datetime(2021, 3, 31, 4, 0),
        dt.datetime(2020, 8, 10, 4, 0),
    ]
    assert [e.link for e in parsed.entries] == [
        "https://www.cnas.org/sharper/2021-03-31-the-beijing-moscow-partnership/",
        "https://www.cnas.org/sharper/2020-08-10-sino-russian-defense-cooperation/",
    ]
    first = parsed.entries[0]
    assert first.summary.startswith("Cooperation between Russia and China has deepened")
    (enclosure,) = [link for link in first.links if link.rel == "enclosure"]
    assert enclosure.type == "application/pdf"
    assert int(enclosure.length) == (feeds / SAMPLE.stem / "edition.pdf").stat().st_size
    assert enclosure.href == "https://www.cnas.org/sharper/2021-03-31-the-beijing-moscow-partnership/edition.pdf"


def test_the_checks_a_feed_validator_makes(feeds: Path) -> None:
    rss = ET.parse(feeds / "feed.xml").getroot()
    channel = rss.find("channel")
    assert channel is not None
    atom_ns = "{http://www.w3.org/2005/Atom}"
    self_link = channel.find(f"{atom_ns}link")
    assert self_link is not None and self_link.get("rel") == "self"
    assert self_link.get("href") == "https://www.cnas.org/sharper/feed.xml"
    assert channel.findtext("language") == "en"
    assert RFC822.fullmatch(channel.findtext("lastBuildDate") or "")
    guids = [item.find("guid") for item in channel.findall("item")]
    assert all(g is not None and g.get("isPermaLink") == "false" for g in guids)
    assert len({g.text for g in guids if g is not None}) == len(guids)
    for item in channel.findall("item"):
        assert RFC822.fullmatch(item.findtext("pubDate") or "")
        assert urlsplit(item.findtext("link") or "").scheme == "https"

    atom = ET.parse(feeds / "atom.xml").getroot()
    assert atom.tag == f"{atom_ns}feed"
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{atom_ns}link")}
    assert links == {"alternate": "https://www.cnas.org/sharper/", "self": "https://www.cnas.org/sharper/atom.xml"}
    assert RFC3339.fullmatch(atom.findtext(f"{atom_ns}updated") or "")
    ids = [entry.findtext(f"{atom_ns}id") for entry in atom.findall(f"{atom_ns}entry")]
    assert ids == EXPECTED_IDS
    for entry in atom.findall(f"{atom_ns}entry"):
        for tag in ("published", "updated"):
            assert RFC3339.fullmatch(entry.findtext(f"{atom_ns}{tag}") or "")
        for link in entry.findall(f"{atom_ns}link"):
            assert urlsplit(link.get("href") or "").scheme == "https"


def test_build_date_is_the_newest_edition_and_rebuilds_are_identical(feeds: Path, project: Path) -> None:
    before = {name: (feeds / name).read_bytes() for name in ("feed.xml", "atom.xml")}
    assert b"<lastBuildDate>Wed, 31 Mar 2021 00:00:00 -0400</lastBuildDate>" in before["feed.xml"]
    assert b"<updated>2021-03-31T00:00:00-04:00</updated>" in before["atom.xml"]
    render(project / "editions" / SECOND.name, ["feed"])  # an older edition re-rendered: nothing changes
    assert {name: (feeds / name).read_bytes() for name in before} == before


def test_content_is_the_whole_edition_without_email_scaffolding(feeds: Path) -> None:
    parsed = feedparser.parse((feeds / "atom.xml").read_bytes(), sanitize_html=False)
    second = parsed.entries[1]
    content = second.content[0].value
    edition = load_edition(SECOND)[0]
    for section in edition.sections:
        if section.heading:
            assert f"<h2>{section.heading}</h2>" in content
        for item in getattr(section, "items", ()):
            assert item.title in content
    for absent in ("<table", "style=", "<script", edition.preheader, "Unsubscribe", "View in browser", "<mj-"):
        assert absent not in content


def test_the_feed_holds_the_newest_editions_up_to_the_limit(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text(encoding="utf-8").replace("  limit: 20\n", "  limit: 1\n"), "utf-8")
    for manifest in (SAMPLE, SECOND):
        shutil.copy(manifest, project / "editions")
    render(project / "editions" / SECOND.name, ["feed"])
    parsed = feedparser.parse((project / "outbox" / "feed.xml").read_bytes())
    assert [e.id for e in parsed.entries] == EXPECTED_IDS[:1]


def test_hostile_edition_text_stays_text_in_the_feed(project: Path) -> None:
    (project / "editions" / "x.yaml").write_text(
        'series: sharper.series.yaml\ndate: 2021-04-01\ntitle: "<script>alert(1)</script>"\n'
        'intro: "<img src=x onerror=alert(2)> [link](https://example.org/a)"\n'
        "sections:\n  - kind: in_the_news\n    people: ['<b>Bold</b>']\n",
        encoding="utf-8",
    )
    render(project / "editions" / "x.yaml", ["feed"])
    parsed = feedparser.parse((project / "outbox" / "atom.xml").read_bytes(), sanitize_html=False)
    entry = parsed.entries[0]
    assert entry.title == "Sharper: <script>alert(1)</script>"  # the title, as text
    content = entry.content[0].value
    assert "<script" not in content and "<img" not in content and "<b>" not in content
    assert "&lt;img src=x onerror=alert(2)&gt;" in content
    assert '<a href="https://example.org/a" rel="noopener noreferrer">link</a>' in content


def test_an_edition_with_problems_is_left_out_with_a_warning(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")
    (project / "editions" / "broken.yaml").write_text(
        "series: sharper.series.yaml\ndate: 2021-05-01\ntitel: x\n", "utf-8"
    )
    result = render(project / "editions" / SAMPLE.name, ["feed"])
    assert "feed.xml: left out broken.yaml, which has problems; render it to see them" in shown(result.warnings)
    assert [e.id for e in feedparser.parse((project / "outbox" / "feed.xml").read_bytes()).entries] == EXPECTED_IDS[:1]


def test_content_holding_the_end_of_a_cdata_section_survives(feeds: Path) -> None:
    from briefkit.edition.model import ArchiveEntry
    from briefkit.series_feeds.collect import build_feed
    from briefkit.series_feeds.xml import render_feeds

    content = '<p>a ]]> b <a href="https://example.org/]]>">c</a></p>'
    entry = ArchiveEntry(
        "x", dt.date(2021, 1, 1), "T", "https://example.org/x/", "s",
        "Sharper", None, "CNAS", "en", "https://example.org/", 20, "UTC",
    )  # fmt: skip
    feed = build_feed([entry], "sharper", feeds, lambda _: content)
    assert feed is not None
    files = render_feeds(feed)
    assert not feedparser.parse(files["feed.xml"]).bozo and not feedparser.parse(files["atom.xml"]).bozo
    encoded = ET.fromstring(files["feed.xml"]).find("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded")
    atom = ET.fromstring(files["atom.xml"]).find(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content"
    )
    assert encoded is not None and atom is not None
    assert encoded.text == content and atom.text == content


def test_a_broken_feed_entry_template_is_located_and_writes_nothing(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")
    theme_file(project, "feed-entry.html").write_text("{{ edition.no_such_field }}", "utf-8")
    result = run_cli("render", f"editions/{SAMPLE.name}", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        "templates/sharper/feed-entry.html:1:4: template error: 'edition.no_such_field': 'edition' has no 'no_such_field'"
        in (result.stderr)
    )
    assert not (project / "outbox").exists()


def test_another_edition_whose_theme_breaks_its_entry_is_left_out(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")
    theme_file(project, "feed-entry.html", "broken").write_text("{{ edition.no_such_field }}", "utf-8")
    older = project / "editions" / SECOND.name
    older.write_text(
        SECOND.read_text("utf-8").replace("date: 2020-08-10\n", "date: 2020-08-10\ntheme: broken\n"), "utf-8"
    )
    result = render(project / "editions" / SAMPLE.name, ["feed"])
    assert f"feed.xml: left out {SECOND.name}, which has problems; render it to see them" in shown(result.warnings)
    assert [e.id for e in feedparser.parse((project / "outbox" / "feed.xml").read_bytes()).entries] == EXPECTED_IDS[:1]


def test_a_draft_stays_out_of_the_feeds_even_when_rendered(project: Path) -> None:
    for manifest in (SAMPLE, SECOND):
        shutil.copy(manifest, project / "editions")
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".lock.json"), project / "editions")
    draft = project / "editions" / SAMPLE.name
    draft.write_text(draft.read_text("utf-8").replace("\ntitle:", "\nstatus: draft\ntitle:", 1), "utf-8")
    result = render(draft, ["feed"])
    feed = (project / "outbox" / "feed.xml").read_text("utf-8")
    assert SAMPLE.stem not in feed and SECOND.stem in feed
    assert not result.warnings
    (project / "editions" / SECOND.name).unlink()
    only = render(draft, ["feed"])
    assert "feed.xml: the series has no published edition yet (only drafts); not written" in shown(only.warnings)
    assert not (project / "outbox" / "feed.xml").exists()  # the one before held an edition since withdrawn
