"""Render the series' feed as RSS 2.0 and Atom 1.0, each edition whole as sanitized HTML."""

from __future__ import annotations

import datetime as dt
import email.utils
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.model import SeriesFeed
from briefkit.outbox import ATOM_FEED, RSS_FEED
from briefkit.sanitize import clean_html
from briefkit.theme import Theme

if TYPE_CHECKING:
    import jinja2

ENTRY_TEMPLATE = "feed-entry.html"  # the theme's: one edition as plain HTML for feed readers
FORMATS = {RSS_FEED: "rss.xml", ATOM_FEED: "atom.xml"}  # outbox file -> briefkit's own XML template


def rfc822(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment)


def rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat()


@lru_cache(maxsize=1)
def _xml() -> jinja2.Environment:
    """The feed formats are fixed by their standards, so their templates live in briefkit, not in themes."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "feed_templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update({"rfc822": rfc822, "rfc3339": rfc3339})
    return environment


def entry_html(feed: SeriesFeed, theme: Theme) -> list[str]:
    """Each edition whole, for feed readers: the theme's fragment, then the sanitizer's allowlist."""
    template = theme.markup.get_template(ENTRY_TEMPLATE)
    return [clean_html(template.render(edition=item.edition)) for item in feed.items]


def render_feeds(feed: SeriesFeed, theme: Theme) -> dict[str, bytes]:
    """Both feeds, as files for the outbox: feed.xml (RSS) and atom.xml (Atom)."""
    from markupsafe import escape

    # Escaped once for both feeds: the HTML travels as text inside the XML.
    contents = [escape(html) for html in entry_html(feed, theme)]
    entries = list(zip(feed.items, contents, strict=True))
    return {
        name: _xml().get_template(template).render(feed=feed, entries=entries).encode("utf-8")
        for name, template in FORMATS.items()
    }
