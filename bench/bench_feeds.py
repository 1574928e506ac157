"""Benchmark: feeds in and out, against the tools a user would otherwise script with.

Run with `make bench`. Prints figures and ratios; it asserts nothing (the tests never time anything).

1. Selecting from a 5,000-entry feed: briefkit reads it (feedparser, then nh3 on every title and summary,
   links checked, entries sorted) and selects 5 entries, against feedparser's own parse with its default
   sanitizing (what a script would call).
2. Building both outgoing feeds (RSS and Atom) for 1,000 editions in-process from the editions' entries (each
   edition whole as sanitized HTML, made once and kept between renders), against feedgen (python-feedgen)
   building the same two feeds from the same entries. Target: briefkit under 100 ms. Also printed: what making
   the 1,000 entries costs (a first render, or after a theme change).
3. The whole feed step of `briefkit render` in a generated project of 1,000 editions: the first render (every
   edition loaded), a render of a new edition (the 1,000 others kept), and a render that changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import tempfile
import time
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING

from timing import timings

if TYPE_CHECKING:
    from briefkit.edition.model import SeriesFeed

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "editions" / "2021-03-31-the-beijing-moscow-partnership.yaml"
COUNT = 1000


def big_feed(count: int) -> bytes:
    start = dt.date(2010, 1, 1)
    items = "".join(
        f"<item><title>Entry {i}: on &lt;b&gt;policy&lt;/b&gt; &amp; practice</title>"
        f"<link>https://example.org/p/{i}</link><guid>https://example.org/p/{i}</guid>"
        f"<pubDate>{(start + dt.timedelta(days=i)).strftime('%a, %d %b %Y')} 09:00:00 -0500</pubDate>"
        f"<category>{'Russia' if i % 7 == 0 else 'China'}</category>"
        f"<author>desk@example.org (Author {i % 40})</author>"
        f"<description>&lt;p&gt;Paragraph {i} with a &lt;a href='/x'&gt;link&lt;/a&gt; and some words "
        "about the subject at hand, long enough to need a teaser cut.&lt;/p&gt;</description></item>"
        for i in range(count)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://example.org/</link>{items}</channel></rss>'.encode()


def feedgen_feeds(feed: SeriesFeed) -> tuple[bytes, bytes]:
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.title(feed.title)
    generator.id(feed.home_url)
    generator.link(href=feed.home_url, rel="alternate")
    generator.link(href=feed.rss_url, rel="self")
    generator.description(feed.description)
    generator.language(feed.lang)
    generator.updated(feed.updated)
    for item in reversed(feed.items):
        entry = generator.add_entry()
        entry.id(item.id)
        entry.guid(item.id, permalink=False)
        entry.title(item.entry.title)
        entry.link(href=item.entry.web_url)
        entry.published(item.published)
        entry.updated(item.published)
        entry.summary(item.entry.summary)
        entry.content(item.content, type="html")
    return generator.rss_str(), generator.atom_str()


def selecting(runs: int) -> None:
    import feedparser

    from briefkit.sources.feeds_in.parse import Selection, parse_feed, select

    data = big_feed(5000)
    ours = timings(runs, lambda: select(parse_feed(data, "big").entries, Selection(limit=5, category="Russia")))
    theirs = timings(runs, lambda: feedparser.parse(data))
    chosen = select(parse_feed(data, "big").entries, Selection(limit=5, category="Russia"))
    print(f"Selecting from a 5,000-entry feed ({len(data) / 1e6:.1f} MB), 5 entries in category Russia")
    print(
        f"  briefkit read + sanitize + select   {mean(ours):8.1f} ms  (mean of {runs}; chose {chosen[0].title!r}, ...)"
    )
    print(f"  feedparser.parse alone              {mean(theirs):8.1f} ms  (mean of {runs}, its own sanitizing)")
    print(f"  ratio                               {mean(ours) / mean(theirs):8.2f}x feedparser's time")


def from_entries(runs: int) -> None:
    """Both feeds for 1,000 editions from their entries, and what making the entries costs."""
    from briefkit.api import load_edition
    from briefkit.render.feed_entry import archive_entry, entry_content
    from briefkit.series_feeds.collect import build_feed
    from briefkit.series_feeds.xml import render_feeds

    edition, theme, _ = load_edition(SAMPLE)
    editions = [
        dataclasses.replace(
            edition,
            slug=f"{i:04d}-edition",
            title=f"{edition.title} ({i})",
            date=edition.date - dt.timedelta(weeks=i),
            web_url=f"https://www.cnas.org/sharper/{i:04d}-edition/",
            feed_limit=COUNT,
        )
        for i in range(COUNT)
    ]
    nowhere = REPO / "bench" / "no-outbox"
    entries = [archive_entry(e) for e in editions]
    contents = {e.slug: entry_content(e, theme) for e in editions}  # warm up: templates compiled
    making = timings(runs, lambda: [(archive_entry(e), entry_content(e, theme)) for e in editions])
    feeds = timings(
        runs,
        lambda: render_feeds(build_feed(entries, "sharper", nowhere, lambda e: contents[e.slug])),  # type: ignore[arg-type]
    )
    feed = build_feed(entries, "sharper", nowhere, lambda e: contents[e.slug])
    assert feed is not None
    generated = timings(runs, lambda: feedgen_feeds(feed))
    size = sum(len(v) for v in render_feeds(feed).values()) / 1e6
    print(f"Both outgoing feeds for {COUNT:,} editions ({size:.1f} MB of XML; every edition whole, sanitized)")
    print(f"  briefkit, from the editions' entries       {mean(feeds):8.1f} ms  (mean of {runs})   target < 100 ms")
    print(f"  feedgen, the same two feeds                {mean(generated):8.1f} ms  (mean of {runs})")
    print(f"  ratio                                      {mean(generated) / mean(feeds):8.1f}x faster than feedgen")
    print(f"  making the {COUNT:,} entries (template + nh3)   {mean(making):8.1f} ms  (once per edition, then kept)")


def generated_project(folder: Path, limit: int, count: int = COUNT) -> Path:
    """A project with the sample edition and ``count`` - 1 older ones like it, a week apart; the feed carries the
    newest ``limit``. Returns its editions/ folder."""
    for name in ("templates", "seeds", "images", "feeds"):
        shutil.copytree(REPO / name, folder / name)
    editions = folder / "editions"
    editions.mkdir()
    series = (REPO / "editions" / "sharper.series.yaml").read_text("utf-8")
    (editions / "sharper.series.yaml").write_text(series.replace("  limit: 20\n", f"  limit: {limit}\n"))
    text = SAMPLE.read_text("utf-8")
    lock = SAMPLE.with_name(SAMPLE.stem + ".lock.json").read_bytes()
    for i in range(count):
        date = dt.date(2021, 3, 31) - dt.timedelta(weeks=i)
        slug = f"{date.isoformat()}-edition-{i:04d}"
        dated = re.sub(r"^date: .*$", f"date: {date.isoformat()}", text, count=1, flags=re.M)
        (editions / f"{slug}.yaml").write_text(re.sub(r"^(title: .*)$", rf"\1 ({i})", dated, count=1, flags=re.M))
        (editions / f"{slug}.lock.json").write_bytes(lock)
    return editions


def whole_step(runs: int, limit: int) -> None:
    """The feed step of `briefkit render` in a project of 1,000 editions: first, then with the archive kept."""
    from briefkit.api import prepare
    from briefkit.series_feeds.collect import write_series_feeds

    with tempfile.TemporaryDirectory() as scratch:
        editions = generated_project(Path(scratch), limit)
        outbox = Path(scratch) / "outbox"
        newest = prepare(next(editions.glob("2021-03-31-*.yaml")))
        first = timings(1, lambda: write_series_feeds(newest, outbox))
        time.sleep(2)  # files as old as they are in a real project: their times can be trusted
        newest = prepare(newest.manifest.path)  # as a render would, now that they are
        write_series_feeds(newest, outbox)  # the files compared by their bytes are now known by their times
        again = timings(runs, lambda: write_series_feeds(newest, outbox))
        added = []
        for week in range(1, runs + 1):
            manifest = editions / f"new-{week}.yaml"
            text = re.sub(r"^date: .*$", f"date: 2021-04-{week:02d}", SAMPLE.read_text("utf-8"), count=1, flags=re.M)
            manifest.write_text(text, "utf-8")
            prepared = prepare(manifest)
            added += timings(1, lambda: write_series_feeds(prepared, outbox))  # noqa: B023
        size = sum((outbox / name).stat().st_size for name in ("feed.xml", "atom.xml")) / 1e6
    carried = "every edition" if limit >= COUNT else f"the newest {limit}"
    print(f"The feed step of `briefkit render`, {COUNT:,} editions, the feeds carrying {carried} ({size:.1f} MB)")
    print(f"  first render, every edition loaded         {first[0]:8.1f} ms")
    print(f"  a new edition, {COUNT:,} kept                {mean(added):8.1f} ms  (mean of {runs})")
    print(f"  the same edition again, nothing changed    {mean(again):8.1f} ms  (mean of {runs})")


def main() -> None:
    selecting(5)
    from_entries(5)
    whole_step(5, COUNT + 100)
    whole_step(5, 20)  # the default limit


if __name__ == "__main__":
    main()
