"""An `events` section made ready to render: each event's times in its own zone, what readers see of them (in the
series' language and time zone, with the event's own zone when it differs), its calendar file's name and address,
and the UID its calendar entry keeps from one build to the next."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_interval, format_skeleton, format_time

from briefkit.edition import model
from briefkit.errors import Finding
from briefkit.manifest.load import Manifest
from briefkit.manifest.markdown import Rich
from briefkit.manifest.slug import in_url
from briefkit.manifest.types import Record

CALENDAR_FOLDER = "events"  # an edition's calendar files are published under <archive_url>/<slug>/events/


@dataclass(frozen=True)
class EventSettings:
    """What an event's words and addresses depend on besides the event: the series and the edition."""

    lang: str
    timezone: str  # the series' (or the edition's) timezone:
    archive_url: str | None
    series_key: str  # the series file's name: the UIDs of a series without an archive_url are made from it
    slug: str  # the edition's
    date_text: Callable[[dt.date], str]  # a date as the series writes dates
    rich: Callable[[str], Rich]  # a Markdown field parsed with the series' typography
    prose: Callable[[str], str]  # a line of text with the series' typography
    sections: list[Record]  # the edition's sections, to number its events

    @classmethod
    def of(
        cls,
        manifest: Manifest,
        date_text: Callable[[dt.date], str],
        rich: Callable[[str], Rich],
        prose: Callable[[str], str],
    ) -> EventSettings:
        s, edition = manifest.settings, manifest.edition
        key = Path(edition["series"]).name.removesuffix(".yaml").removesuffix(".series")
        return cls(s["lang"], s["timezone"], s.get("archive_url"), key, manifest.slug, date_text, rich, prose,
                   edition["sections"])  # fmt: skip


def events_section(
    section: Record, heading: str | None, path: str, settings: EventSettings, warnings: list[Finding]
) -> model.EventsSection:
    """The section; its events are numbered through the edition (the number starts their files' names). A series
    time zone that is not known makes none (the edition's problem says why)."""
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return model.EventsSection(heading, ())
    if not settings.archive_url:
        warnings.append(
            Finding(
                section.location,
                "calendar",
                f"{path}: the email has no 'Add to calendar' links: the series has no archive_url: to publish the "
                "events' calendar files (.ics) under; add it to the series file",
            )
        )
    first = events_before(settings.sections, section)
    items = tuple(event(item, first + n, settings) for n, item in enumerate(section["items"], 1))
    return model.EventsSection(heading, items)


def events_before(sections: list[Record], section: Record) -> int:
    """How many events the edition's sections before ``section`` hold."""
    count = 0
    for one in sections:
        if one is section:
            break
        if one.get("kind") == "events":
            count += len(one.get("items") or ())
    return count


def event(item: Record, number: int, settings: EventSettings) -> model.Event:
    own = ZoneInfo(item.get("timezone") or settings.timezone)
    start = item["start"].replace(tzinfo=own)
    end = item["end"].replace(tzinfo=own) if item.get("end") else None
    if end is None and item.get("duration"):
        end = (start.astimezone(dt.UTC) + item["duration"]).astimezone(own)  # the time that passes, not the clock's
    name = f"{number}-{_slug(item['title'])}.ics"
    calendar_url = (
        f"{settings.archive_url.rstrip('/')}/{in_url(settings.slug)}/{CALENDAR_FOLDER}/{name}"
        if settings.archive_url
        else None
    )
    address = calendar_url or f"briefkit:{settings.series_key}/{settings.slug}/{CALENDAR_FOLDER}/{name}"
    series_zone = ZoneInfo(settings.timezone)
    return model.Event(
        title=settings.prose(item["title"]),
        url=item["url"],
        start=start,
        end=end,
        timezone=own.key,
        when=when(start, end, series_zone, settings.lang, settings.date_text),
        own_time=own_time(start, series_zone, settings.lang),
        place=settings.prose(item["place"]) if item.get("place") else None,
        online=item.get("online"),
        summary=settings.rich(item["summary"]) if item.get("summary") else None,
        calendar_file=name,
        calendar_url=calendar_url,
        uid=str(uuid.uuid5(uuid.NAMESPACE_URL, address)),
    )


def when(
    start: dt.datetime, end: dt.datetime | None, zone: ZoneInfo, lang: str, date_text: Callable[[dt.date], str]
) -> str:
    """The event's date and times in ``zone``, in ``lang``: "Tuesday, April 20, 2021, 2:00 – 3:30 PM EDT"; an
    event over two days names both; one without an end, its start alone."""
    locale = Locale.parse(lang.replace("-", "_"))
    glue = str(locale.datetime_formats["medium"])  # how the language puts a date and a time together: "{1}, {0}"
    here = start.astimezone(zone)
    if end is None:
        return glue.format(
            f"{format_time(here, 'short', tzinfo=zone, locale=locale)} {zone_name(here)}", date_text(here.date())
        )
    there = end.astimezone(zone)
    if there.date() == here.date():
        skeleton = "hm" if "h" in locale.time_formats["short"].pattern else "Hm"  # the language's clock
        times = format_interval(here, there, skeleton, tzinfo=zone, locale=locale)
        return glue.format(f"{times} {zone_name(here)}", date_text(here.date()))
    first = glue.format(format_time(here, "short", tzinfo=zone, locale=locale), date_text(here.date()))
    last = glue.format(
        f"{format_time(there, 'short', tzinfo=zone, locale=locale)} {zone_name(there)}", date_text(there.date())
    )
    return f"{first} – {last}"


def own_time(start: dt.datetime, zone: ZoneInfo, lang: str) -> str | None:
    """The start where the event is held, "20:00 CEST" (with its day when that is another one), when its zone is
    not the series' at that moment; else None."""
    here = start.astimezone(zone)
    if here.utcoffset() == start.utcoffset() and zone_name(here) == zone_name(start):
        return None
    own = start.tzinfo
    assert isinstance(own, ZoneInfo)
    locale = Locale.parse(lang.replace("-", "_"))
    time = f"{format_time(start, 'short', tzinfo=own, locale=locale)} {zone_name(start)}"
    if start.date() == here.date():
        return time
    return str(locale.datetime_formats["medium"]).format(
        time, format_skeleton("MMMEd", start, tzinfo=own, locale=locale)
    )


def zone_name(moment: dt.datetime) -> str:
    """The zone's abbreviation at ``moment``, as the tz database writes it (EDT, CEST), or UTC+03 where it has none."""
    name = moment.tzname() or ""
    return f"UTC{name}" if name.startswith(("+", "-")) else name


def _slug(title: str) -> str:
    """'Alliances in the Indo-Pacific' -> 'alliances-in-the-indo-pacific', for a calendar file's name."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50].rstrip("-") or "event"
