"""Themes: the search path, overriding one template by name, extending block by block, and section kinds and
edition keys a theme declares in theme.yaml, rendered in every output without Python."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.api import load_edition, render, render_outputs
from briefkit.errors import BriefkitError

from conftest import MINIMAL, REPO, SAMPLE, SECOND, own_theme, run_cli, theme_file

EVENING = REPO / "tests" / "themes" / "evening"

EVENING_EDITION = """\
series: sharper.series.yaml
date: 2021-04-02
title: An Evening Note
theme: evening
greeting: Good evening, and welcome back.
intro: The week ahead, in brief.
sections:
  - kind: gatherings
    lead: Three dates for the *diary*.
    items:
      - title: Alliances in the Indo-Pacific
        date: 2021-04-08
        place: Washington, DC
        url: https://www.cnas.org/events/alliances
        note: Registration required
      - title: Sanctions after the Pandemic
        date: 2021-04-15
        place: Online
        url: https://www.cnas.org/events/sanctions
  - kind: in_the_news
    people: [A. Person]
"""


@pytest.fixture
def evening(project: Path) -> Path:
    """A project whose edition uses the test theme `evening` (an events kind, a greeting), kept in templates/."""
    shutil.copytree(EVENING, project / "templates" / "evening")
    manifest = project / "editions" / "2021-04-02-evening.yaml"
    manifest.write_text(EVENING_EDITION, encoding="utf-8")
    return manifest


def test_a_declared_kind_and_field_render_in_every_output(evening: Path) -> None:
    result = render(evening)
    assert not result.failures
    folder = evening.parent.parent / "outbox" / evening.stem
    html = (folder / "email.html").read_text("utf-8")
    text = (folder / "email.txt").read_text("utf-8")
    pdf = " ".join(page.extract_text() for page in PdfReader(folder / "edition.pdf").pages)
    feed = ET.parse(evening.parent.parent / "outbox" / "feed.xml").getroot()
    entry = feed.find("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded")
    assert entry is not None and entry.text is not None
    for output in (html, text, " ".join(pdf.split()), entry.text):
        assert "Good evening, and welcome back." in output
        assert "Coming Up" in output or "COMING UP" in output.upper()
        assert "Alliances in the Indo-Pacific" in output
        assert "April 8, 2021" in output and "Washington, DC" in output
        assert "Registration required" in output
        assert "Sanctions after the Pandemic" in output and "Online" in output
    assert "<em>diary</em>" in html and "<em>diary</em>" in entry.text  # the lead is Markdown
    assert '<time datetime="2021-04-08">' in render_outputs_print(evening)


def render_outputs_print(manifest: Path) -> str:
    from briefkit.render.pdf import print_html

    edition, theme, _ = load_edition(manifest)
    return print_html(edition, theme)


def test_declared_keys_are_checked_with_located_messages(evening: Path) -> None:
    text = EVENING_EDITION.replace("        place: Online\n", "").replace("note: Registration", "nots: Registration")
    evening.write_text(text.replace("greeting: Good", "greting: Good"), encoding="utf-8")
    result = run_cli("render", f"editions/{evening.name}", cwd=evening.parent.parent)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"editions/{evening.name}:5:1: greting: unknown key 'greting'; did you mean 'greeting'?",
        f"editions/{evening.name}:15:9: sections[0].items[0].nots: unknown key 'nots'; did you mean 'note'?",
        f"editions/{evening.name}:16:9: sections[0].items[1].place: is missing; add 'place:' (where it is)",
    ]
    assert not (evening.parent.parent / "outbox").exists()


def test_keys_a_theme_declares_are_unknown_to_other_themes(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL + "greeting: Hello.\n", encoding="utf-8")
    with pytest.raises(BriefkitError, match="greeting: unknown key 'greeting'"):
        render(manifest)


@pytest.mark.parametrize(
    ("theme_yaml", "message"),
    [
        ("kinds:\n  features:\n    fields: {}\n", "theme.yaml:2:3: kinds.features: 'features' is a kind briefkit has"),
        ("fields:\n  title:\n    type: text\n", "theme.yaml:2:3: fields.title: 'title' is a key briefkit has"),
        ("fields:\n  greeting:\n    type: txt\n", "theme.yaml:3:11: fields.greeting.type: 'txt' is not allowed"),
        ("fields:\n  Greeting:\n    type: text\n", "theme.yaml:2:3: fields.Greeting: 'Greeting' is not a usable name"),
        (
            "kinds:\n  gatherings:\n    fields:\n      items: {type: list}\n",
            "kinds.gatherings.fields.items.fields: a list needs",
        ),
        ("extends: nowhere\n", "theme.yaml:1:1: extends: there is no theme 'nowhere'"),
        ("extends: evening\n", "extend each other in a circle (evening -> evening)"),
        ("kinds: [gatherings]\n", "theme.yaml:1:8: kinds: expected a mapping of names, found a list"),
    ],
)
def test_a_broken_theme_file_is_located(evening: Path, theme_yaml: str, message: str) -> None:
    (evening.parent.parent / "templates" / "evening" / "theme.yaml").write_text(theme_yaml, encoding="utf-8")
    result = run_cli("render", f"editions/{evening.name}", cwd=evening.parent.parent)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_theme_is_located_at_its_name(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL + "theme: nosuch\n", encoding="utf-8")
    result = run_cli("render", "editions/x.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("editions/x.yaml:8:1: theme: there is no theme 'nosuch'")


def _email(manifest: Path) -> list[str]:
    edition, theme, _ = load_edition(manifest)
    return render_outputs(edition, theme, ["email"]).files["email.html"].decode("utf-8").splitlines()


def test_one_partial_in_the_project_changes_only_its_section(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")
    manifest = project / "editions" / SAMPLE.name
    before = _email(manifest)
    shipped = (REPO / "templates" / "sharper" / "sections" / "listing.mjml").read_text("utf-8")
    theme_file(project, "sections/listing.mjml").write_text(
        shipped.replace('css-class="bk-teaser"', 'css-class="bk-teaser bk-mine"'), encoding="utf-8"
    )
    after = _email(manifest)
    changed = [line for line in after if line not in before]
    assert changed and all("bk-mine" in line for line in changed)
    assert len(after) == len(before)


def test_a_template_extends_the_one_it_replaces_block_by_block(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL, encoding="utf-8")
    theme_file(project, "email.txt").write_text(
        '{% extends "default:email.txt" %}\n{% block footer %}\n\n--\nSent with care.\n{% endblock %}\n', "utf-8"
    )
    edition, theme, _ = load_edition(manifest)
    text = render_outputs(edition, theme, ["text"]).files["email.txt"].decode("utf-8")
    assert "Sent with care." in text and "A Test Edition" in text and "Unsubscribe:" not in text


def test_a_template_added_to_the_project_is_seen_by_the_kept_archive(project: Path) -> None:
    """The other edition's entry is kept between renders; a partial that now shadows briefkit's remakes it."""
    shutil.copy(SAMPLE, project / "editions")
    shutil.copy(SECOND, project / "editions")
    manifest = project / "editions" / SAMPLE.name
    render(manifest, ["feed"])
    theme_file(project, "sections/listing.feed.html").write_text("<p>listing left out</p>\n", "utf-8")
    render(manifest, ["feed"])
    assert (project / "outbox" / "feed.xml").read_text("utf-8").count("listing left out") == 2
    theme_file(project, "sections/about.feed.html").write_text("<p>about left out</p>\n", "utf-8")
    render(manifest, ["feed"])  # a second partial in a folder the project already has
    assert (project / "outbox" / "feed.xml").read_text("utf-8").count("about left out") == 2


def test_briefkit_themes_lists_each_template_and_where_it_comes_from(evening: Path) -> None:
    result = run_cli("themes", f"editions/{evening.name}", cwd=evening.parent.parent)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "theme evening: templates/evening/, then briefkit's sharper theme"
    assert f"  {'email.mjml':<37} templates/evening/email.mjml" in lines  # the column fits the longest name
    assert f"  {'sections/gatherings.mjml':<37} templates/evening/sections/gatherings.mjml" in lines
    assert any(line.startswith("  sections/listing.mjml") and "briefkit's sharper theme" in line for line in lines)


def test_schema_knows_the_kinds_and_keys_a_theme_declares(evening: Path) -> None:
    result = run_cli("schema", "--theme", "evening", cwd=evening.parent.parent)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert "greeting" in schema["properties"]
    kinds = schema["properties"]["sections"]["items"]["oneOf"]
    events = next(
        k
        for k in kinds
        if k["properties"]["kind"] == {"enum": ["gatherings"], "description": "Always gatherings for this section."}
    )
    assert events["properties"]["items"]["items"]["required"] == ["title", "date", "place", "url"]


def test_a_project_copy_of_the_whole_theme_renders_the_same(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")
    manifest = project / "editions" / SAMPLE.name
    before = _email(manifest)
    own_theme(project)
    assert _email(manifest) == before


def test_the_wheel_carries_every_file_of_the_shipped_theme(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("briefkit-*.whl"))
    names = set(zipfile.ZipFile(io.BytesIO(wheel.read_bytes())).namelist())
    shipped = {
        "briefkit/themes/" + path.relative_to(REPO / "templates").as_posix()
        for path in (REPO / "templates").rglob("*")
        if path.is_file()
    }
    assert shipped and shipped <= names
