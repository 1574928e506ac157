"""`briefkit new edition --from-feeds`: the next edition as a draft whose feed sections hold the entries no earlier
edition used, frozen in its lock file; its other sections to fill in, which `briefkit check` reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from briefkit.api import render

from conftest import run_cli

# The publisher's feed, newest first: a..f. Earlier editions used a and b (frozen in the first's lock file), c
# (frozen in the second's) and e (a hand-picked item of the second).
ENTRIES = ["a", "b", "c", "d", "e", "f", "g"]
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Latest</title><link>https://www.cnas.org/</link><description>x</description>
{items}
</channel></rss>
"""
ITEM = """<item><title>Report {name}</title><link>https://www.cnas.org/r/{name}</link>
<description>What report {name} finds.</description><pubDate>{day:02d} Apr 2021 09:00:00 GMT</pubDate></item>"""

LISTING = """  - kind: listing
    heading: More from CNAS
    feed:
      source: ../feeds/news.xml
      limit: 3
"""
EDITION = """series: sharper.series.yaml
date: {date}
title: {title}
sections:
  - kind: features
    heading: The lead
    items:
      - title: A report chosen by hand
        url: https://www.cnas.org/r/{hand}
        summary: Why it matters.
{listing}"""


def _url(name: str) -> str:
    return f"https://www.cnas.org/r/{name}"


def _lock(names: list[str]) -> str:
    entries = [
        {"authors": [], "categories": [], "published": None, "summary": "", "title": f"Report {n}", "url": _url(n)}
        for n in names
    ]
    return json.dumps({"briefkit_lock": 1, "sections": {"1": {"source": "../feeds/news.xml", "entries": entries}}})


def _project(project: Path, listing: str = LISTING) -> Path:
    """Two earlier editions with their lock files, and the feed; the project."""
    items = "\n".join(ITEM.format(name=name, day=20 - number) for number, name in enumerate(ENTRIES))
    (project / "feeds" / "news.xml").write_text(FEED.format(items=items), "utf-8")
    editions = project / "editions"
    first = EDITION.format(date="2021-03-31", title="First", hand="x", listing=LISTING)
    (editions / "2021-03-31-first.yaml").write_text(first, "utf-8")
    (editions / "2021-03-31-first.lock.json").write_text(_lock(["a", "b"]), "utf-8")
    second = EDITION.format(date="2021-04-07", title="Second", hand="e", listing=listing)
    (editions / "2021-04-07-second.yaml").write_text(second, "utf-8")
    (editions / "2021-04-07-second.lock.json").write_text(_lock(["c"]), "utf-8")
    return project


def _taken(lock: Path) -> list[str]:
    sections = json.loads(lock.read_text("utf-8"))["sections"]
    return [entry["url"] for section in sections.values() for entry in section["entries"]]


def test_the_draft_holds_only_the_unused_entries_in_the_feeds_order(project: Path) -> None:
    _project(project, LISTING + "    overrides:\n      - url: https://www.cnas.org/r/c\n        title: C\n")
    result = run_cli("new", "edition", "--from-feeds", "--date", "2021-04-14", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == ["wrote editions/2021-04-14.yaml", "wrote editions/2021-04-14.lock.json"]
    manifest = project / "editions" / "2021-04-14.yaml"
    data = yaml.safe_load(manifest.read_text("utf-8"))
    assert data["status"] == "draft" and str(data["date"]) == "2021-04-14"
    assert data["title"] == "Title of the edition"  # a placeholder: a scheduled job knows no title
    features, listing = data["sections"]
    assert features["kind"] == "features" and features["heading"] == "The lead"
    assert features["items"][0]["url"] == "https://www.example.org/features/items"  # to fill in, not copied
    assert listing == {
        "kind": "listing",
        "heading": "More from CNAS",
        "feed": {"source": "../feeds/news.xml", "limit": 3, "exclude_used": True},
    }
    assert _taken(project / "editions" / "2021-04-14.lock.json") == [_url("d"), _url("f"), _url("g")]


def test_the_same_feeds_give_the_same_bytes(project: Path, tmp_path: Path) -> None:
    _project(project)
    again = tmp_path / "again"
    shutil.copytree(project, again)
    made = []
    for folder in (project, again):
        result = run_cli("new", "edition", "Spring", "--from-feeds", "--date", "2021-04-14", cwd=folder)
        assert result.returncode == 0, result.stderr
        made.append(
            [
                (folder / "editions" / name).read_bytes()
                for name in ("2021-04-14-spring.yaml", "2021-04-14-spring.lock.json")
            ]
        )
    assert made[0] == made[1]


def test_an_entry_used_before_never_reappears(project: Path) -> None:
    _project(project)
    assert run_cli("new", "edition", "--from-feeds", "--date", "2021-04-14", cwd=project).returncode == 0
    # The draft is an earlier edition now: the one after it takes what nobody took, and says when that is nothing.
    result = run_cli("new", "edition", "--from-feeds", "--date", "2021-04-21", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["wrote editions/2021-04-21.yaml"]  # nothing to freeze
    lines = (project / "editions" / "2021-04-21.yaml").read_text("utf-8").splitlines()
    feed = lines.index("    feed:") + 1
    assert result.stderr == (
        f"warning: editions/2021-04-21.yaml:{feed}:5: sections[1] took no entry: its feed has none that no earlier "
        "edition used (or none that matches); rendering the edition looks again\n"
    )
    assert not (project / "editions" / "2021-04-21.lock.json").exists()


def test_the_latest_editions_own_exclude_used_false_does_not_bring_entries_back(project: Path) -> None:
    _project(project, LISTING + "      exclude_used: false\n")
    assert run_cli("new", "edition", "--from-feeds", "--date", "2021-04-14", cwd=project).returncode == 0
    assert _taken(project / "editions" / "2021-04-14.lock.json") == [_url("d"), _url("f"), _url("g")]


def test_no_feed_sections_is_a_clear_message(project: Path) -> None:
    _project(project, listing="")
    result = run_cli("new", "edition", "--from-feeds", "--date", "2021-04-14", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        "editions/2021-04-07-second.yaml:5:3: sections: the latest edition has no section that takes `feed:`, so "
        "--from-feeds has nothing to take; give a section a feed (docs/feeds.md, 'In: items from a feed'), or "
        "write the edition with `briefkit new edition` without --from-feeds\n"
    )
    assert sorted(p.name for p in (project / "editions").iterdir() if "04-14" in p.name) == []


def test_a_date_not_after_the_latest_edition_is_refused(project: Path) -> None:
    _project(project)
    result = run_cli("new", "edition", "--from-feeds", "--date", "2021-04-07", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        "editions/2021-04-07-second.yaml:2:7: date: the next edition's date, 2021-04-07, is not after the latest "
        "edition's, 2021-04-07; give a later --date\n"
    )


def test_a_broken_feed_leaves_nothing_written(project: Path) -> None:
    _project(project)
    (project / "feeds" / "news.xml").write_text("<html><body>Not a feed</body></html>", "utf-8")
    result = run_cli("new", "edition", "--from-feeds", "--date", "2021-04-14", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("editions/2021-04-14.yaml:")
    assert not list((project / "editions").glob("2021-04-14*"))


def test_offline_goes_with_from_feeds(project: Path) -> None:
    result = run_cli("new", "edition", "Spring", "--offline", cwd=project)
    assert result.returncode == 2
    assert "--offline goes with --from-feeds" in result.stderr


def test_the_draft_renders_and_check_reports_its_placeholders(project: Path) -> None:
    _project(project)
    assert run_cli("new", "edition", "--from-feeds", "--date", "2021-04-14", cwd=project).returncode == 0
    manifest = project / "editions" / "2021-04-14.yaml"
    lock = (project / "editions" / "2021-04-14.lock.json").read_bytes()
    result = render(manifest, ["email", "text"], project / "outbox")
    assert not result.failures
    text = (project / "outbox" / "2021-04-14" / "email.txt").read_text("utf-8")
    assert [name for name in ENTRIES if f"Report {name}" in text] == ["d", "f", "g"]
    assert (project / "editions" / "2021-04-14.lock.json").read_bytes() == lock  # rendering keeps what was frozen
    checked = run_cli("check", "editions/2021-04-14.yaml", cwd=project)
    assert checked.returncode == 1
    errors = [line.split(": error: ", 1)[1] for line in checked.stdout.splitlines() if ": error: " in line]
    assert any(e.startswith("placeholder: 'Title of the edition'") for e in errors), errors
    assert any(e.startswith("placeholder: ") and "Title of the edition" not in e for e in errors), errors
    assert any(e.startswith("draft: ") for e in errors), errors
