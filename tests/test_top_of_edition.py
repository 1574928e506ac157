"""An edition without an intro or a title of its own, the top of the edition (one file of words for every format),
blocks around the masthead, each section heading and the footer, and the footer's wording; with the test theme
tests/themes/morning/ rendered in every format against golden files (BRIEFKIT_UPDATE_GOLDEN=1 writes them)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from briefkit.api import load_edition, render, render_outputs
from briefkit.archive.pages import Neighbours, render_article, render_edition_page
from briefkit.edition.footer import footer
from briefkit.errors import BriefkitError
from briefkit.render.feed_entry import archive_entry, entry_content
from briefkit.render.pdf import print_html

from conftest import MINIMAL, REPO, run_cli

MORNING = REPO / "tests" / "themes" / "morning"
GOLDEN = REPO / "tests" / "golden" / "themes" / "morning"
UPDATE = os.environ.get("BRIEFKIT_UPDATE_GOLDEN") == "1"

MORNING_EDITION = """\
series: sharper.series.yaml
date: 2021-04-09
theme: morning
title_pattern: The Morning Brief
greeting: Good morning, and welcome to Friday's brief.
sections:
  - kind: features
    label_position: above
    items:
      - title: Alliances in the Indo-Pacific
        url: https://www.cnas.org/publications/reports/alliances
        label: Report
        summary: How the United States and its partners can *deepen* their ties. A second sentence.
  - kind: listing
    items:
      - title: Sanctions after the Pandemic
        url: https://www.cnas.org/publications/commentary/sanctions
        label: Commentary
        teaser: What changes when the economy reopens.
        authors: [A. Writer]
"""


@pytest.fixture
def morning(project: Path) -> Path:
    """A project whose edition uses the test theme `morning`, kept in templates/: its manifest."""
    shutil.copytree(MORNING, project / "templates" / "morning")
    manifest = project / "editions" / "2021-04-09-morning.yaml"
    manifest.write_text(MORNING_EDITION, encoding="utf-8")
    return manifest


def _check(name: str, data: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(data, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with BRIEFKIT_UPDATE_GOLDEN=1"
    assert data == golden.read_text("utf-8"), f"{name} differs from {golden}; if intended, update the golden files"


def web_page(manifest: Path) -> str:
    """The edition's page of the web archive, as `briefkit build` makes it."""
    edition, theme, _ = load_edition(manifest)
    article = render_article(edition, theme).html
    return render_edition_page(archive_entry(edition), article, Neighbours(None, None), theme, False).decode("utf-8")


def test_the_morning_theme_matches_its_golden_files_in_every_format(morning: Path) -> None:
    edition, theme, _ = load_edition(morning)
    outputs = render_outputs(edition, theme, ["email", "text"]).files
    _check("email.html", re.sub(r"(?<=[^\n])<", "\n<", outputs["email.html"].decode("utf-8")))
    _check("email.txt", outputs["email.txt"].decode("utf-8"))
    _check("print.html", print_html(edition, theme))
    _check("feed-entry.html", entry_content(edition, theme))
    _check("web.html", web_page(morning))


def test_no_intro_no_title_a_greeting_and_own_headings_in_every_format(morning: Path) -> None:
    render(morning, ["email", "text", "feed"])
    edition, theme, _ = load_edition(morning)
    outputs = render_outputs(edition, theme, ["email", "text"]).files
    html, text = outputs["email.html"].decode("utf-8"), outputs["email.txt"].decode("utf-8")
    printed, feed = print_html(edition, theme), entry_content(edition, theme)
    web = web_page(morning)
    for output in (html, text, printed, feed, web):
        assert "Good morning, and welcome to Friday&#39;s brief." in output or "Friday's brief." in output
        assert "bk-intro" not in output and 'class="intro"' not in output  # no intro band
    for output in (html, text, printed):
        # the greeting is at the top: before the date line
        assert output.index("Good morning") < output.index("April 9, 2021")
    assert "bk-morning-heading" in html and "~ Features ~" in text
    assert 'class="morning-heading"' in printed and "<h2><em>Features</em></h2>" in feed
    assert 'class="morning-heading"' in web
    assert "The Morning Brief" in html
    # the preheader: the first summary's first sentence
    assert edition.preheader == "How the United States and its partners can deepen their ties."
    assert edition.title == "The Morning Brief" and edition.own_title is None
    assert edition.listed_title == "The Morning Brief, April 9, 2021"  # feeds and archive tell editions apart
    assert "<title>The Morning Brief, April 9, 2021</title>" in (
        morning.parent.parent / "outbox" / "feed.xml"
    ).read_text("utf-8")


def test_the_shipped_theme_shows_no_intro_band_without_an_intro(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL.replace("intro: Some words.\n", ""), encoding="utf-8")
    edition, theme, _ = load_edition(manifest)
    assert edition.intro is None
    outputs = render_outputs(edition, theme, ["email", "text"]).files
    assert "bk-intro" not in outputs["email.html"].decode("utf-8")
    assert 'class="intro"' not in print_html(edition, theme)
    assert edition.preheader  # from the in-the-news sentence


@pytest.mark.parametrize("value", ["''", "~", "' '"])
def test_an_intro_written_empty_is_still_refused(project: Path, value: str) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL.replace("intro: Some words.", f"intro: {value}"), encoding="utf-8")
    result = run_cli("render", "editions/x.yaml", cwd=project)
    assert result.returncode == 2
    assert "intro: is empty; fill it in, or leave 'intro:' out for an edition without one" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_title_the_pattern_needs_is_located_at_the_edition(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL.replace("title: A Test Edition\n", ""), encoding="utf-8")
    result = run_cli("render", "editions/x.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("editions/x.yaml:1:1: title: is missing, and title_pattern 'Sharper: {title}'")
    assert "add 'title:', or give a title_pattern without {title}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_title_a_fixed_pattern_would_not_show_is_located_at_the_title(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL + "title_pattern: The Morning Brief\n", encoding="utf-8")
    with pytest.raises(BriefkitError, match=r"x.yaml:3:1: title: is not shown: title_pattern 'The Morning Brief'"):
        load_edition(manifest)


def test_a_misspelt_placeholder_in_the_pattern_is_still_refused(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL + "title_pattern: 'Sharper: {titel}'\n", encoding="utf-8")
    with pytest.raises(BriefkitError, match=r"has no \{title\}"):
        load_edition(manifest)


@pytest.mark.parametrize(
    ("names", "sent_by", "address", "published_by"),
    [
        (
            ("Sharper", "CNAS", "Center for a New American Security", "1 Main St, Washington"),
            "Sharper is sent by CNAS <a@b.org> for the Center for a New American Security.",
            "Center for a New American Security, 1 Main St, Washington",
            "Sharper is published by the Center for a New American Security, 1 Main St, Washington.",
        ),
        (
            ("Tideline", "Tideline", "Tideline Institute", "Tideline Institute, 1 Main St"),
            "Tideline is sent from <a@b.org> for the Tideline Institute.",
            "Tideline Institute, 1 Main St",
            "Tideline is published by the Tideline Institute, 1 Main St.",
        ),
        (
            ("Brief", "The Tideline Institute", "Tideline Institute", "The Tideline Institute, 1 Main St"),
            "Brief is sent by The Tideline Institute <a@b.org>.",
            "The Tideline Institute, 1 Main St",
            "Brief is published by The Tideline Institute, 1 Main St.",
        ),
        (
            ("Tideline", "Tideline", "Tideline", "Tideline, 1 Main St"),
            "Tideline is sent from <a@b.org>.",
            "Tideline, 1 Main St",
            "Tideline is published at 1 Main St.",
        ),
    ],
)
def test_the_footer_names_each_organisation_once(
    names: tuple[str, str, str, str], sent_by: str, address: str, published_by: str
) -> None:
    series, sender, publisher, postal = names
    said = footer(series, sender, "a@b.org", publisher, postal)
    assert (said.sent_by, said.address, said.published_by) == (sent_by, address, published_by)


def test_the_footer_wording_reaches_every_format(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8")
    sender = re.search(r"^  name: (.*)$", text, re.MULTILINE)
    publisher = re.search(r"^publisher: (.*)$", text, re.MULTILINE)
    postal = re.search(r"^postal_address: (.*)$", text, re.MULTILINE)
    assert sender and publisher and postal
    text = text.replace(postal.group(0), f"postal_address: '{publisher.group(1).strip(chr(34))}, 1 Main St'")
    series.write_text(text, encoding="utf-8")
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL, encoding="utf-8")
    edition, theme, _ = load_edition(manifest)
    outputs = render_outputs(edition, theme, ["email", "text"]).files
    name = edition.publisher
    for output in (outputs["email.html"].decode("utf-8"), outputs["email.txt"].decode("utf-8")):
        assert f"{name}, 1 Main St" in output and f"{name}, {name}" not in output
    assert f"published by the {name}, 1 Main St." in print_html(edition, theme)
