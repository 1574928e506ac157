"""The kept archive: a render reuses the feed entries of unchanged editions, and remakes any whose files changed."""

from __future__ import annotations

import http.server
import json
import os
import shutil
from pathlib import Path

import pytest

import briefkit.series_feeds.collect
from briefkit.api import FeedOptions, prepare, render
from briefkit.io import reads
from briefkit.series_feeds.store import FOLDER, FORMAT, STATE, TEXTS

from conftest import REPO, SAMPLE, SECOND, loopback_server, own_theme

FEEDS = ("feed.xml", "atom.xml")
INDEX = FOLDER / STATE  # the store of records, which the build keeps its state in too


@pytest.fixture
def archive(project: Path) -> Path:
    """Both samples, the older one rendered first, then the newer (which keeps both entries)."""
    for manifest in (SAMPLE, SECOND):
        shutil.copy(manifest, project / "editions")
    render(project / "editions" / SECOND.name, ["feed"])
    render(project / "editions" / SAMPLE.name, ["feed"])
    return project


@pytest.fixture
def prepared_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The manifests the feed step prepares (loads in full) from now on."""
    seen: list[str] = []

    def counting(path: Path, options: object = None) -> object:
        seen.append(Path(path).name)
        return prepare(path, options)  # type: ignore[arg-type]

    monkeypatch.setattr(briefkit.series_feeds.collect, "prepare", counting)
    return seen


def feed_bytes(project: Path) -> dict[str, bytes]:
    return {name: (project / "outbox" / name).read_bytes() for name in FEEDS}


def test_an_unchanged_archive_is_not_loaded_again(archive: Path, prepared_count: list[str]) -> None:
    before = feed_bytes(archive)
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert prepared_count == []
    assert feed_bytes(archive) == before


def test_kept_entries_give_the_same_bytes_as_a_build_from_nothing(archive: Path) -> None:
    kept = feed_bytes(archive)
    shutil.rmtree(archive / ".briefkit-cache")
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert feed_bytes(archive) == kept


def test_an_edited_edition_is_made_again(archive: Path, prepared_count: list[str]) -> None:
    older = archive / "editions" / SECOND.name
    older.write_text(older.read_text("utf-8").replace("title: Sino-Russian", "title: Sino–Russian"), "utf-8")
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert prepared_count == [SECOND.name]
    assert "Sharper: Sino–Russian Defense Cooperation" in (archive / "outbox" / "feed.xml").read_text("utf-8")


def test_an_edited_source_document_makes_its_edition_again(archive: Path, prepared_count: list[str]) -> None:
    seed = archive / "seeds" / "000_cb12e14a38501514.txt"
    text = seed.read_text("utf-8")
    assert "Navigating" in text
    seed.write_text(text.replace("Navigating", "Charting", 1), "utf-8")
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert prepared_count == [SECOND.name]
    assert "Charting" in (archive / "outbox" / "atom.xml").read_text("utf-8")


def test_an_edited_theme_makes_every_edition_again(archive: Path, prepared_count: list[str]) -> None:
    template = own_theme(archive) / "feed-entry.html"
    template.write_text(template.read_text("utf-8").replace("<h2>", '<h2 title="x">'), "utf-8")
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert prepared_count == [SECOND.name]
    assert (archive / "outbox" / "feed.xml").read_text("utf-8").count('<h2 title="x">') >= 2


def test_a_new_edition_is_added_and_a_removed_one_forgotten(archive: Path, prepared_count: list[str]) -> None:
    newer = archive / "editions" / "2021-04-07-next.yaml"
    newer.write_text(
        "series: sharper.series.yaml\ndate: 2021-04-07\ntitle: Next\nintro: Soon.\nsections:\n  - kind: in_the_news\n    people: [A]\n",
        "utf-8",
    )
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert prepared_count == ["2021-04-07-next.yaml"]
    assert "Sharper: Next" in (archive / "outbox" / "feed.xml").read_text("utf-8")
    newer.unlink()
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert "Sharper: Next" not in (archive / "outbox" / "feed.xml").read_text("utf-8")
    kept = json.loads((archive / INDEX).read_text("utf-8"))["records"]
    assert sorted(kept) == sorted(f"editions/{m.name}" for m in (SAMPLE, SECOND))


def test_an_edition_of_another_series_is_looked_at_once(archive: Path, prepared_count: list[str]) -> None:
    editions = archive / "editions"
    shutil.copy(editions / "sharper.series.yaml", editions / "other.series.yaml")
    (editions / "other.yaml").write_text(
        "series: other.series.yaml\ndate: 2021-04-07\ntitle: Other\nintro: Elsewhere.\nsections:\n  - kind: in_the_news\n    people: [A]\n",
        "utf-8",
    )
    render(editions / SAMPLE.name, ["feed"])
    render(editions / SAMPLE.name, ["feed"])
    assert prepared_count == []
    assert "Other" not in (archive / "outbox" / "feed.xml").read_text("utf-8")


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 2, "code": "x", "editions": {}}', b"[1, 2]"])
def test_a_damaged_cache_is_made_again(archive: Path, damage: bytes) -> None:
    kept = feed_bytes(archive)
    (archive / INDEX).write_bytes(damage)
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert feed_bytes(archive) == kept
    assert json.loads((archive / INDEX).read_text("utf-8"))["format"] == FORMAT


class _Feed(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.wfile.write((REPO / "feeds" / "cnas-latest.xml").read_bytes())

    def log_message(self, *args: object) -> None:
        pass


def test_an_edition_made_from_the_network_is_not_kept(project: Path) -> None:
    """An edition whose listing came over the network this render: nothing in it can be checked later."""
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8").replace("feeds:\n", "feeds:\n  allowed_hosts: [127.0.0.1]\n"), "utf-8")
    with loopback_server(_Feed) as port:
        remote = SAMPLE.read_text("utf-8").replace("../feeds/cnas-latest.xml", f"http://127.0.0.1:{port}/feed.xml")
        assert remote != SAMPLE.read_text("utf-8")
        (project / "editions" / SAMPLE.name).write_text(remote, "utf-8")
        prepared = prepare(project / "editions" / SAMPLE.name, FeedOptions(refresh=True))
    assert prepared.reads.volatile  # set by the fetch itself
    briefkit.series_feeds.collect.write_series_feeds(prepared, project / "outbox")
    assert not (project / INDEX).exists()


def test_reads_note_bytes_absence_and_listings(tmp_path: Path) -> None:
    present, absent = tmp_path / "a.txt", tmp_path / "b.txt"
    present.write_text("one", "utf-8")
    with reads.noting() as noted:
        assert reads.read_bytes(present) == b"one"
        assert reads.read_if_present(absent) is None
        reads.listing(tmp_path, "*.txt")
    found = {Path(r.path).name: r.kind for r in noted.files.values()}
    assert found == {"a.txt": reads.FILE, "b.txt": reads.ABSENT, "*.txt": reads.LISTING}
    assert reads.Checker().all_hold(noted.files.values())
    for change in (
        lambda: present.write_text("two", "utf-8"),  # same size, just written: the bytes are compared
        lambda: absent.write_text("", "utf-8"),
        lambda: (tmp_path / "c.txt").write_text("", "utf-8"),
    ):
        change()
        assert not reads.Checker().all_hold(noted.files.values())


def test_a_touched_file_with_the_same_bytes_still_holds(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one", "utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # settled long ago: its time is trusted
    with reads.noting() as noted:
        reads.read_bytes(path)
    (read,) = noted.files.values()
    assert read.mtime_ns == 1_000_000_000
    path.write_text("one", "utf-8")  # a checkout rewrote it
    assert reads.Checker().holds(read)
    path.write_text("owe", "utf-8")
    assert not reads.Checker().holds(read)


def test_contents_are_kept_beside_the_index_and_old_ones_removed(archive: Path) -> None:
    assert len(list((archive / FOLDER / TEXTS).glob("*.html"))) == 2
    older = archive / "editions" / SECOND.name
    older.write_text(older.read_text("utf-8").replace("title: Sino-Russian", "title: Sino–Russian"), "utf-8")
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert len(list((archive / FOLDER / TEXTS).glob("*.html"))) == 2


def test_a_missing_content_file_makes_its_edition_again(archive: Path, prepared_count: list[str]) -> None:
    before = feed_bytes(archive)
    for content in (archive / FOLDER / TEXTS).glob("*.html"):
        content.unlink()
    render(archive / "editions" / SAMPLE.name, ["feed"])
    assert prepared_count == [SECOND.name]
    assert feed_bytes(archive) == before


def test_a_file_compared_by_its_bytes_is_trusted_by_its_time_once_settled(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one", "utf-8")
    with reads.noting() as noted:
        reads.read_bytes(path)  # just written: its time is not trusted yet
    (read,) = noted.files.values()
    assert read.mtime_ns == -1
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # time passes
    checker = reads.Checker()
    assert checker.holds(read)
    assert checker.refreshed[read].mtime_ns == 1_000_000_000
