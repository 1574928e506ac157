"""Benchmark: feeds in and out, against the tools a user would otherwise script with.

Run with `make bench`. Prints figures and ratios; it asserts nothing (the tests never time anything).

1. Selecting from a 5,000-entry feed: briefkit reads it (feedparser, then nh3 on every title and summary,
   links checked, entries sorted) and selects 5 entries, against feedparser's own parse with its default
   sanitizing (what a script would call).
2. Building both outgoing feeds (RSS and Atom) for 1,000 editions in-process, against feedgen (python-feedgen)
   building the same two feeds from the same sanitized content. Target: briefkit under 100 ms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from pathlib import Path

from timing import timings

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "editions" / "2021-03-31-the-beijing-moscow-partnership.yaml"


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


def feedgen_feeds(feed: object, contents: list[str]) -> tuple[bytes, bytes]:
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.title(feed.title)  # type: ignore[attr-defined]
    generator.id(feed.home_url)  # type: ignore[attr-defined]
    generator.link(href=feed.home_url, rel="alternate")  # type: ignore[attr-defined]
    generator.link(href=feed.rss_url, rel="self")  # type: ignore[attr-defined]
    generator.description(feed.description)  # type: ignore[attr-defined]
    generator.language(feed.lang)  # type: ignore[attr-defined]
    generator.updated(feed.updated)  # type: ignore[attr-defined]
    for item, content in zip(reversed(feed.items), reversed(contents), strict=True):  # type: ignore[attr-defined]
        entry = generator.add_entry()
        entry.id(item.id)
        entry.guid(item.id, permalink=False)
        entry.title(item.edition.title)
        entry.link(href=item.edition.web_url)
        entry.published(item.published)
        entry.updated(item.published)
        entry.summary(item.summary)
        entry.content(content, type="html")
    return generator.rss_str(), generator.atom_str()


def main() -> None:
    import feedparser

    from briefkit.archive import build_feed
    from briefkit.feed_parse import Selection, parse_feed, select
    from briefkit.feed_xml import entry_html, render_feeds
    from briefkit.render import load_edition

    data = big_feed(5000)
    runs = 5
    ours = timings(runs, lambda: select(parse_feed(data, "big").entries, Selection(limit=5, category="Russia")))
    theirs = timings(runs, lambda: feedparser.parse(data))
    chosen = select(parse_feed(data, "big").entries, Selection(limit=5, category="Russia"))
    print(f"Selecting from a 5,000-entry feed ({len(data) / 1e6:.1f} MB), 5 entries in category Russia")
    print(
        f"  briefkit read + sanitize + select   {statistics.mean(ours):8.1f} ms  (mean of {runs}; chose {chosen[0].title!r}, ...)"
    )
    print(
        f"  feedparser.parse alone              {statistics.mean(theirs):8.1f} ms  (mean of {runs}, its own sanitizing)"
    )
    print(
        f"  ratio                               {statistics.mean(ours) / statistics.mean(theirs):8.2f}x feedparser's time"
    )

    edition, theme, _ = load_edition(SAMPLE)
    editions = [
        dataclasses.replace(
            edition,
            slug=f"{i:04d}-edition",
            date=edition.date - dt.timedelta(weeks=i),
            web_url=f"https://www.cnas.org/sharper/{i:04d}-edition/",
            feed_limit=1000,
        )
        for i in range(1000)
    ]
    nowhere = REPO / "bench" / "no-outbox"
    feed = build_feed(editions, "sharper", nowhere)
    assert feed is not None
    render_feeds(feed, theme)  # warm up: templates compiled
    whole = timings(runs, lambda: render_feeds(build_feed(editions, "sharper", nowhere), theme))  # type: ignore[arg-type]
    contents = entry_html(feed, theme)
    content_only = timings(runs, lambda: entry_html(feed, theme))
    generated = timings(runs, lambda: feedgen_feeds(feed, contents))
    files = render_feeds(feed, theme)
    size = sum(len(v) for v in files.values()) / 1e6
    whole_ms, content_ms, feedgen_ms = statistics.mean(whole), statistics.mean(content_only), statistics.mean(generated)
    print(f"Both outgoing feeds for 1,000 editions ({size:.1f} MB of XML; every edition whole, sanitized)")
    print(f"  briefkit, from the edition models          {whole_ms:8.1f} ms  (mean of {runs})   target < 100 ms")
    print(f"    of which each edition's HTML + nh3       {content_ms:8.1f} ms")
    print(f"    of which the XML of both feeds           {whole_ms - content_ms:8.1f} ms")
    print(f"  feedgen, the same two feeds from that HTML {feedgen_ms:8.1f} ms  (mean of {runs})")
    print(
        f"  ratio, XML of both feeds                   {feedgen_ms / (whole_ms - content_ms):8.1f}x faster than feedgen"
    )


if __name__ == "__main__":
    main()
