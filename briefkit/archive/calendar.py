"""Each event's calendar file (RFC 5545), published in the web archive beside its edition's page as
<slug>/events/<n>-<title>.ics, made with the icalendar library.

The same edition makes the same bytes: the UID comes from the file's address under the series' archive_url (or
from the series and the edition when there is none), DTSTAMP from the edition's date (midnight in the series'
time zone, in UTC), never from the clock. Times are local times with a TZID, and the file carries the VTIMEZONE
that defines that zone (from the tz database, the year around the event), which calendar programs need to read a
TZID they do not know.

The icalendar library (~25-80 ms to load) is loaded for the first event made, not by every edition a build makes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from briefkit.edition.events import CALENDAR_FOLDER
from briefkit.edition.model import Edition, Event, EventsSection
from briefkit.manifest import markdown

PRODID = "-//briefkit//briefkit events//EN"


def calendar_files(edition: Edition) -> dict[str, bytes]:
    """The edition's calendar files, by their path under its folder in the archive (events/1-....ics)."""
    stamp = dt.datetime.combine(edition.date, dt.time(), ZoneInfo(edition.timezone)).astimezone(dt.UTC)
    return {
        f"{CALENDAR_FOLDER}/{event.calendar_file}": calendar(event, edition, stamp)
        for section in edition.sections
        if isinstance(section, EventsSection)
        for event in section.items
    }


def calendar(event: Event, edition: Edition, stamp: dt.datetime) -> bytes:
    """One event as a calendar of its own, with its time zone's definition."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("calscale", "GREGORIAN")
    entry = icalendar.Event()
    entry.add("uid", event.uid)
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.start)
    if event.end is not None:
        entry.add("dtend", event.end)
    entry.add("summary", event.title)
    where = ", ".join(part for part in (event.place, event.online) if part)
    if where:
        entry.add("location", where)
    entry.add("url", event.url)
    entry.add("description", _description(event, edition))
    cal.add_component(entry)
    last = event.end or event.start
    cal.add_missing_timezones(
        first_date=(event.start - dt.timedelta(days=366)).date(), last_date=(last + dt.timedelta(days=366)).date()
    )
    data: bytes = cal.to_ical()
    return data


def _description(event: Event, edition: Edition) -> str:
    """The summary as plain text, then where to read more (and to join online), and where it was announced."""
    parts = [markdown.to_plain(event.summary)] if event.summary is not None else []
    parts.append(event.url)
    if event.online:
        parts.append(event.online)
    parts.append(f"{edition.series_name}: {edition.web_url or edition.title}")
    return "\n\n".join(parts)
