"""`--schedule DATETIME`: a date and time in the series' time zone, unless it gives its own offset; never past."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from briefkit.errors import Location, MessageError

EXAMPLE = "like 2026-05-01 07:30, or 2026-05-01T07:30+02:00"


def _refused(message: str) -> MessageError:
    return MessageError.at(Location(Path("--schedule")), message)


def schedule_time(given: str, timezone: str, now: dt.datetime | None = None) -> dt.datetime:
    """The moment ``given`` names, aware of its zone; refused when it cannot be read or has passed."""
    try:
        when = dt.datetime.fromisoformat(given.strip())
    except ValueError:
        raise _refused(f"'{given}' is not a date and time; write it {EXAMPLE}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(timezone))
    now = now or dt.datetime.now(dt.UTC)
    if when <= now:
        shown = now.astimezone(when.tzinfo).strftime("%Y-%m-%d %H:%M %Z").strip()
        raise _refused(f"{given} has passed (it is {shown} now); give a time to come, {EXAMPLE}")
    return when
