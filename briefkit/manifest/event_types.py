"""The keys of an event (an item of an `events` section): when it starts, when it ends or how long it lasts, its
time zone, where it happens. Each value is checked where it is written; an end before the start is refused at the
end."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from briefkit.errors import Problem
from briefkit.manifest.compound_types import RecordType
from briefkit.manifest.text_types import Markdown, Text
from briefkit.manifest.types import INVALID, Field, Problems, Record, Type, suggest
from briefkit.manifest.value_types import Url
from briefkit.manifest.yaml_nodes import Node

# Compiled (and cached by re) when an event is checked, not by every manifest loaded.
_DATE_TIME = r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})"
_DURATION = r"(?:(?P<hours>\d{1,3})\s*h)?\s*(?:(?P<minutes>\d{1,4})\s*(?:m|min))?|(?P<h>\d{1,3}):(?P<m>\d{2})"
LONGEST = dt.timedelta(days=14)


class DateTime(Type):
    """A date and a time of day on the 24-hour clock, YYYY-MM-DD HH:MM, in the event's time zone."""

    label = "a date and time like 2021-04-20 14:00"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = Text().text(node, path, problems)
        if not isinstance(value, str):
            return value
        found = re.fullmatch(_DATE_TIME, value.strip())
        try:
            if not found:
                raise ValueError
            day = dt.date.fromisoformat(found[1])
            return dt.datetime.combine(day, dt.time(int(found[2]), int(found[3])))
        except ValueError:
            problems.append(
                Problem(
                    node.location,
                    path,
                    f"'{value}' is not a date and time; write it as YYYY-MM-DD HH:MM on the 24-hour clock, like "
                    "2021-04-20 14:00",
                )
            )
            return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$"}


class Duration(Type):
    """How long something lasts: 90m, 1h30m, 2h or 1:30; more than nothing and at most 14 days."""

    label = "a duration like 1h30m"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = Text().text(node, path, problems)
        if not isinstance(value, str):
            return value
        found = re.fullmatch(_DURATION, value.strip())
        if found and (found["hours"] or found["minutes"] or found["h"]):
            hours = int(found["hours"] or found["h"] or 0)
            minutes = int(found["minutes"] or found["m"] or 0)
            length = dt.timedelta(hours=hours, minutes=minutes)
            if dt.timedelta(0) < length <= LONGEST:
                return length
            problems.append(
                Problem(node.location, path, f"'{value}' is {'no time at all' if not length else 'over 14 days'}; "
                        "give how long the event lasts, or its 'end:'")
            )  # fmt: skip
            return INVALID
        problems.append(
            Problem(node.location, path, f"'{value}' is not a duration; write hours and minutes like 1h30m, 90m or 2h")
        )
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^(\d{1,3}\s*h)?\s*(\d{1,4}\s*(m|min))?$|^\d{1,3}:\d{2}$"}


class TimeZone(Type):
    """An IANA time zone name, like America/New_York or Europe/Berlin."""

    label = "a time zone like America/New_York"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = Text().text(node, path, problems)
        if not isinstance(value, str):
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            hint = suggest(value, sorted(available_timezones()))
            if not hint.startswith("did you"):
                hint = "use a name like America/New_York or Europe/Berlin"
            problems.append(Problem(node.location, path, f"'{value}' is not a known time zone; {hint}"))
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$"}


def _when_and_where(record: Record, path: str, problems: Problems) -> None:
    """An end after the start, and a place or an online link."""
    end = record.get("end")
    if end is not None and end <= record["start"]:
        problems.append(
            Problem(
                record.where("end"),
                f"{path}.end",
                f"{end:%Y-%m-%d %H:%M} is {'the same time as' if end == record['start'] else 'before'} the start "
                f"({record['start']:%Y-%m-%d %H:%M}); give the time the event ends, or its 'duration:'",
            )
        )
    if not record.get("place") and not record.get("online"):
        problems.append(
            Problem(
                record.location,
                f"{path}.place",
                "is missing; add 'place:' (where the event is held) or 'online:' (the address to join it at)",
            )
        )


EVENT_ITEM = RecordType(
    "Event",
    "An event: its title and page, when it starts and ends (or how long it lasts) in its time zone, where it is "
    "held or where to join it online, and a summary. `briefkit build` publishes a calendar file (.ics) for it.",
    [
        Field("title", Text(), "What the event is.", required=True),
        Field("url", Url(), "The event's page: where to read more or register.", required=True),
        Field(
            "start",
            DateTime(),
            "When it starts, YYYY-MM-DD HH:MM on the 24-hour clock, in its time zone.",
            required=True,
        ),
        Field("end", DateTime(), "When it ends, YYYY-MM-DD HH:MM, in its time zone; or give 'duration:'."),
        Field("duration", Duration(), "How long it lasts, like 1h30m or 90m, instead of 'end:'."),
        Field(
            "timezone",
            TimeZone(),
            "The time zone of its start and end, like Europe/Berlin; the series' timezone: when not given.",
        ),
        Field("place", Text(), "Where it is held, like 'CNAS, 1152 15th St NW, Washington, DC'."),
        Field("online", Url(), "The address to join it online (besides a place, or instead of one)."),
        Field("summary", Markdown(), "What it is about, in Markdown."),
    ],
    exclusive=[("end", "duration")],
    extra_check=_when_and_where,
)
