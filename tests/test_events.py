"""The `events` section: its times in every format (the series' language and time zone, the event's own zone when
it differs), its calendar files in the web archive (read back with the icalendar library), the email's link to
them, and its mistakes, each located."""

from __future__ import annotations

import datetime as dt
import functools
import html
import itertools
import re
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from pypdf import PdfReader

from briefkit.api import build, render

from conftest import REPO, loopback_server, run_cli

EVENTS = REPO / "editions" / "2021-04-21-the-spring-events.yaml"
SLUG = EVENTS.stem
ARCHIVE = "https://www.cnas.org/sharper"  # the sample series' archive_url
FILES = (
    "1-alliances-in-the-indo-pacific.ics",
    "2-transatlantic-deterrence-after-crimea.ics",
    "3-sanctions-and-their-limits.ics",
)
BERLIN = "May 11, 2021, 12:00\u2009\u2013\u20091:30\u202fPM EDT (6:00\u202fPM CEST)"  # Babel's thin spaces


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u2009", " ").replace("\u202f", " ").split())


@pytest.fixture
def events(project: Path) -> Path:
    """The project with the sample edition that announces three events; its manifest."""
    shutil.copy(EVENTS, project / "editions")
    return project / "editions" / EVENTS.name


def _built(project: Path) -> Path:
    result = build(project, ["email", "text", "pdf"], jobs=1)
    assert not result.failed, result.failed
    return project / "outbox"


def test_build_publishes_a_calendar_file_per_event_that_icalendar_reads(events: Path) -> None:
    outbox = _built(events.parent.parent)
    folder = outbox / "web" / SLUG / "events"
    assert sorted(path.name for path in folder.iterdir()) == sorted(FILES)
    midnight = dt.datetime(2021, 4, 21, tzinfo=ZoneInfo("America/New_York")).astimezone(dt.UTC)
    uids = set()
    for name in FILES:
        calendar = icalendar.Calendar.from_ical((folder / name).read_bytes())
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        (event,) = calendar.walk("VEVENT")
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"):
            assert required in event, (name, required)
        assert event.decoded("DTSTAMP") == midnight  # the edition's date, not the clock
        tzid = event["DTSTART"].params["TZID"]
        assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == [tzid]  # its zone defined in the file
        uids.add(str(event["UID"]))
    assert len(uids) == 3
    berlin = icalendar.Calendar.from_ical((folder / FILES[1]).read_bytes())
    (event,) = berlin.walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2021, 5, 11, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(hours=1, minutes=30)
    assert str(event["SUMMARY"]) == "Transatlantic Deterrence After Crimea"
    assert str(event["LOCATION"]) == "Hertie School, Friedrichstraße 180, Berlin"


def test_the_calendar_files_are_the_same_bytes_at_every_build(events: Path, tmp_path: Path) -> None:
    first = {name: (_built(events.parent.parent) / "web" / SLUG / "events" / name).read_bytes() for name in FILES}
    elsewhere = tmp_path / "again"
    shutil.copytree(events.parent.parent, elsewhere, ignore=shutil.ignore_patterns("outbox", ".briefkit-cache"))
    again = {name: (_built(elsewhere) / "web" / SLUG / "events" / name).read_bytes() for name in FILES}
    assert first == again


def test_the_email_links_each_event_to_its_hosted_calendar_file(events: Path) -> None:
    outbox = _built(events.parent.parent)
    email = (outbox / SLUG / "email.html").read_text("utf-8")
    links = re.findall(r'<a href="([^"]+\.ics)"[^>]*>([^<]+)</a>', email)
    assert links == [
        (f"{ARCHIVE}/{SLUG}/events/{FILES[0]}", "Add \u201cAlliances in the Indo-Pacific\u201d to your calendar"),
        (
            f"{ARCHIVE}/{SLUG}/events/{FILES[1]}",
            "Add \u201cTransatlantic Deterrence After Crimea\u201d to your calendar",
        ),
        (f"{ARCHIVE}/{SLUG}/events/{FILES[2]}", "Add \u201cSanctions and Their Limits\u201d to your calendar"),
    ]
    page = (outbox / "web" / SLUG / "index.html").read_text("utf-8")  # the archive links the file beside it
    assert f'href="events/{FILES[0]}"' in page


def test_every_format_shows_the_times_in_the_series_zone_and_the_events_own(events: Path) -> None:
    outbox = _built(events.parent.parent)
    shown = {
        "email": _plain((outbox / SLUG / "email.html").read_text("utf-8")),
        "text": _plain((outbox / SLUG / "email.txt").read_text("utf-8")),
        "archive": _plain((outbox / "web" / SLUG / "index.html").read_text("utf-8")),
        "feed": _plain(html.unescape((outbox / "atom.xml").read_text("utf-8"))),
        "pdf": _plain(" ".join(p.extract_text() for p in PdfReader(outbox / "web" / SLUG / "edition.pdf").pages)),
    }
    berlin = _plain(BERLIN)
    for name, text in shown.items():
        assert berlin in text, name
        assert "May 4, 2021, 2:00 – 3:30 PM EDT" in text, name
        assert "May 4, 2021, 2:00 – 3:30 PM EDT (" not in text, name  # no second zone when it is the series'
        assert "May 18, 2021, 10:00 – 10:45 AM EDT" in text, name


def test_the_times_are_in_the_series_language(events: Path) -> None:
    series = events.parent / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8").replace("lang: en\n", "lang: fr\n"), "utf-8")
    result = render(events, ["text"])
    assert not result.failures
    shown = _plain((events.parent.parent / "outbox" / SLUG / "email.txt").read_text("utf-8"))
    assert "4 mai 2021, 14:00 – 15:30 EDT" in shown and "15:30 EDT (" not in shown  # the 24-hour clock
    assert "11 mai 2021, 12:00 – 13:30 EDT (18:00 CEST)" in shown  # French's own long date (no date_format given)
    assert "Ajouter « Alliances in the Indo-Pacific » à votre agenda" in shown


def test_without_an_archive_url_there_is_no_link_and_a_warning_says_why(events: Path) -> None:
    series = events.parent / "sharper.series.yaml"
    series.write_text(re.sub(r"(?m)^archive_url:.*\n", "", series.read_text("utf-8")), "utf-8")
    # Share links need the archive address too; this edition's are left out.
    events.write_text(re.sub(r"(?m)^share:.*\n", "", events.read_text("utf-8")), "utf-8")
    result = render(events, ["email", "text"])
    email = (events.parent.parent / "outbox" / SLUG / "email.html").read_text("utf-8")
    assert ".ics" not in email and "to your calendar" not in email
    (warning,) = [w for w in result.warnings if w.check == "calendar"]
    assert warning.where.line == 22 and "no archive_url:" in warning.message  # at the events section


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("end: 2021-05-04 15:30", "end: 2021-05-04 13:30"),
            "29:9: sections[0].items[0].end: 2021-05-04 13:30 is before the start (2021-05-04 14:00); give the "
            "time the event ends, or its 'duration:'",
        ),
        (
            ("timezone: Europe/Berlin", "timezone: Europe/Berln"),
            "39:19: sections[0].items[1].timezone: 'Europe/Berln' is not a known time zone; did you mean "
            "'Europe/Berlin'?",
        ),
        (
            ("start: 2021-05-18 10:00", "start: 2021-05-18 10am"),
            "44:16: sections[0].items[2].start: '2021-05-18 10am' is not a date and time; write it as YYYY-MM-DD "
            "HH:MM on the 24-hour clock, like 2021-04-20 14:00",
        ),
        (
            ("duration: 45m", "duration: 45 minutes"),
            "45:19: sections[0].items[2].duration: '45 minutes' is not a duration; write hours and minutes like "
            "1h30m, 90m or 2h",
        ),
        (
            ("duration: 1h30m", "duration: 1h30m\n        end: 2021-05-11 19:00"),
            "38:9: sections[0].items[1].duration: give either 'end' or 'duration', not both; remove one",
        ),
        (
            ("        online: https://www.cnas.org/live/sanctions\n", ""),
            "42:9: sections[0].items[2].place: is missing; add 'place:' (where the event is held) or 'online:' "
            "(the address to join it at)",
        ),
    ],
)
def test_a_mistake_in_an_event_is_located(events: Path, change: tuple[str, str], message: str) -> None:
    text = events.read_text("utf-8")
    assert change[0] in text
    events.write_text(text.replace(change[0], change[1]), "utf-8")
    result = run_cli("render", str(events.relative_to(events.parent.parent)), cwd=events.parent.parent)
    assert result.returncode == 2
    assert f"editions/{EVENTS.name}:{message}" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_the_archive_page_with_events_is_accessible(events: Path, browser: Any) -> None:
    import http.server

    outbox = _built(events.parent.parent)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(outbox / "web"))
    with loopback_server(handler) as port:  # type: ignore[arg-type]
        context = browser.new_context(java_script_enabled=True)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/{SLUG}/")
        levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))")
        assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
        link = page.get_by_role("link", name="Add \u201cAlliances in the Indo-Pacific\u201d to your calendar")
        response = page.request.get(f"http://127.0.0.1:{port}/{SLUG}/" + link.get_attribute("href"))
        assert response.status == 200 and response.body().startswith(b"BEGIN:VCALENDAR")
        page.add_script_tag(path=str(REPO / "node_modules" / "axe-core" / "axe.min.js"))
        found = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.id, v.impact])")
        assert not [v for v in found if v[1] in ("serious", "critical")], found
        context.close()
