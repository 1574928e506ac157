"""In the News as a list of appearances (`items:` with person or people, outlet, date, title, url and a quote): shown
in every format (email, text, PDF, feed entry, archive page), in the edition's language; the names-only sentence
(`people:`) still shows as it did; one or the other, located when both or neither are given."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.api import build, render

from conftest import MINIMAL, run_cli

EDITION = """\
series: sharper.series.yaml
date: 2021-05-12
title: Voices
intro: Where our experts were heard.
sections:
  - kind: in_the_news
    items:
      - person: Jacob Stokes
        outlet: Foreign Affairs
        date: 2021-05-03
        title: The Limits of the Quad
        url: https://www.foreignaffairs.com/limits-quad
        quote: The Quad works best as a coalition of the willing.
      - people: [Lisa Curtis, Derek Grossman]
        outlet: War on the Rocks
        date: 2021-05-06
        title: India's Place in the Indo-Pacific
        url: https://warontherocks.com/indias-place
"""


def _write(project: Path, text: str, name: str = "2021-05-12-voices.yaml") -> Path:
    manifest = project / "editions" / name
    manifest.write_text(text, "utf-8")
    return manifest


def _plain_html(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture
def outputs(project: Path) -> dict[str, str]:
    """The edition rendered in every format, and built into the archive: each output's text."""
    manifest = _write(project, EDITION)
    render(manifest, ["email", "text", "pdf", "feed"], project / "outbox")
    result = build(project, ["email"], jobs=1)
    assert not result.failed
    folder = project / "outbox" / manifest.stem
    pdf = PdfReader(folder / "edition.pdf")
    return {
        "email": _plain_html((folder / "email.html").read_text("utf-8")),
        "email.html": (folder / "email.html").read_text("utf-8"),
        "text": (folder / "email.txt").read_text("utf-8"),
        "pdf": " ".join(" ".join(page.extract_text() for page in pdf.pages).split()),
        "feed": _plain_html(html.unescape((project / "outbox" / "feed.xml").read_text("utf-8"))),
        "archive": _plain_html((project / "outbox" / "web" / manifest.stem / "index.html").read_text("utf-8")),
        "archive.html": (project / "outbox" / "web" / manifest.stem / "index.html").read_text("utf-8"),
    }


@pytest.mark.parametrize("output", ["email", "text", "pdf", "feed", "archive"])
def test_every_format_lists_the_appearances_in_order(outputs: dict[str, str], output: str) -> None:
    text = " ".join(outputs[output].split())
    wanted = [
        "The Limits of the Quad",
        "Jacob Stokes in Foreign Affairs, May 3, 2021",
        '"The Quad works best as a coalition of the willing."',
        "India's Place in the Indo-Pacific",
        "Lisa Curtis and Derek Grossman in War on the Rocks, May 6, 2021",
    ]
    places = [text.find(words) for words in wanted]
    assert -1 not in places, (output, [w for w, p in zip(wanted, places, strict=True) if p == -1])
    assert places == sorted(places), output
    assert "Featuring commentary and analysis by" not in text  # the sentence of names is for `people:` alone


def test_the_titles_link_to_the_pieces(outputs: dict[str, str]) -> None:
    for output in ("email.html", "archive.html"):
        assert 'href="https://www.foreignaffairs.com/limits-quad"' in outputs[output], output
        assert 'href="https://warontherocks.com/indias-place"' in outputs[output], output
    assert "The Limits of the Quad [1]" in outputs["text"]
    assert "[1] https://www.foreignaffairs.com/limits-quad" in outputs["text"]
    assert '<time datetime="2021-05-03">May 3, 2021</time>' in outputs["archive.html"]


def test_the_names_only_sentence_stays(project: Path) -> None:
    manifest = _write(project, MINIMAL, "2021-03-31-minimal.yaml")
    render(manifest, ["text"], project / "outbox")
    text = (project / "outbox" / manifest.stem / "email.txt").read_text("utf-8")
    assert "Featuring commentary and analysis by A. Person." in text


def test_the_words_and_dates_follow_the_edition_language(project: Path) -> None:
    manifest = _write(
        project, EDITION.replace("title: Voices", 'title: Voix\nlang: fr\ndate_format: "{day} {month} {year}"')
    )
    render(manifest, ["text"], project / "outbox")
    text = (project / "outbox" / manifest.stem / "email.txt").read_text("utf-8")
    assert "Jacob Stokes dans Foreign Affairs, 3 mai 2021" in text
    assert "Lisa Curtis et Derek Grossman dans War on the Rocks, 6 mai 2021" in text


def test_curly_quote_marks_of_the_series(project: Path) -> None:
    manifest = _write(project, EDITION.replace("intro:", "quote_marks: curly\nintro:"))
    render(manifest, ["text"], project / "outbox")
    text = (project / "outbox" / manifest.stem / "email.txt").read_text("utf-8")
    assert "\u201cThe Quad works best as a coalition of the willing.\u201d" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("    items:\n", "    people: [A. Person]\n    items:\n"),
            r"2021-05-12-voices\.yaml:8:5: sections\[0\]\.items: give either 'people' or 'items', not both; "
            "remove one",
        ),
        (
            ("    items:\n", "    heading: Voices\n    xitems:\n"),
            r"2021-05-12-voices\.yaml:8:5: sections\[0\]\.xitems: unknown key 'xitems'; did you mean 'items'\?",
        ),
        (
            ("      - person: Jacob Stokes\n", "      - person: Jacob Stokes\n        people: [A. Person]\n"),
            r"2021-05-12-voices\.yaml:9:9: sections\[0\]\.items\[0\]\.people: give either 'person' or 'people', "
            "not both; remove one",
        ),
        (
            ("      - person: Jacob Stokes\n        outlet:", "      - outlet:"),
            r"2021-05-12-voices\.yaml:8:9: sections\[0\]\.items\[0\]\.person: is missing; add 'person:' \(who "
            r"appeared: one name; or give 'people:' for several\)",
        ),
        (
            ("        outlet: War on the Rocks\n", ""),
            r"2021-05-12-voices\.yaml:14:9: sections\[0\]\.items\[1\]\.outlet: is missing; add 'outlet:'",
        ),
        (
            ("date: 2021-05-06", "date: May 6"),
            r"2021-05-12-voices\.yaml:16:15: sections\[0\]\.items\[1\]\.date: ",
        ),
    ],
    ids=["both", "neither", "person-and-people", "nobody", "no-outlet", "bad-date"],
)
def test_mistakes_are_located(project: Path, change: tuple[str, str], expected: str) -> None:
    _write(project, EDITION.replace(*change, 1))
    result = run_cli("render", "editions/2021-05-12-voices.yaml", "--format", "text", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert not (project / "outbox" / "2021-05-12-voices").exists()


def test_a_section_with_neither_people_nor_items_is_refused(project: Path) -> None:
    _write(project, EDITION.split("    items:\n")[0])
    result = run_cli("render", "editions/2021-05-12-voices.yaml", "--format", "text", cwd=project)
    assert result.returncode == 2
    assert re.search(
        r"2021-05-12-voices\.yaml:6:5: sections\[0\]\.people: is missing; add 'people:' \(names, in order, for one "
        r"sentence; or give 'items:' instead\)",
        result.stderr,
    ), result.stderr
