"""Render the series' feed as RSS 2.0 and Atom 1.0 around each edition's sanitized HTML."""

from __future__ import annotations

import datetime as dt
import email.utils
from pathlib import Path

from briefkit.edition.model import SeriesFeed
from briefkit.io.outbox import ATOM_FEED, RSS_FEED
from briefkit.render.package_templates import package_templates

# The feed formats are fixed by their standards, so their templates live in briefkit, not in themes.
TEMPLATES = Path(__file__).parent / "templates"
FORMATS = {RSS_FEED: "rss.xml", ATOM_FEED: "atom.xml"}  # outbox file -> briefkit's own XML template


def rfc822(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment)


def rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat()


def _in_cdata(html: str) -> str:
    """The HTML to place, as it is, between the templates' <![CDATA[ and ]]> (smaller and faster than escaping
    it): a "]]>" inside ends one section and starts the next. The templates turn escaping off for this value only."""
    return html.replace("]]>", "]]]]><![CDATA[>")


def render_feeds(feed: SeriesFeed) -> dict[str, bytes]:
    """Both feeds, as files for the outbox: feed.xml (RSS) and atom.xml (Atom)."""
    entries = [(item, _in_cdata(item.content)) for item in feed.items]
    xml = package_templates(TEMPLATES, rfc822=rfc822, rfc3339=rfc3339)
    return {
        name: xml.get_template(template).render(feed=feed, entries=entries).encode("utf-8")
        for name, template in FORMATS.items()
    }
