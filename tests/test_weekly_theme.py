"""The test theme tests/themes/weekly/: a think tank's weekly research email (like RAND's weekly), made without
Python: a `reads` kind with a default (the link's words, declared once), a key required with another (alt with
picture) and a text field shown as Markdown with its attribution; editions with no intro and a fixed title, labels
above titles from the series, and its own section headings in the email and the text. Rendered in every format
against golden files in tests/golden/themes/weekly/ (BRIEFKIT_UPDATE_GOLDEN=1 writes them)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from briefkit.api import load_edition, render_outputs
from briefkit.archive.pages import Neighbours, render_article, render_edition_page
from briefkit.render.feed_entry import archive_entry, entry_content
from briefkit.render.pdf import print_html

from conftest import REPO, run_cli

WEEKLY = REPO / "tests" / "themes" / "weekly"
GOLDEN = REPO / "tests" / "golden" / "themes" / "weekly"
UPDATE = os.environ.get("BRIEFKIT_UPDATE_GOLDEN") == "1"

WEEKLY_SERIES = """\
# A think tank's weekly research email: a fixed title, labels above titles, the weekly theme.
name: Research Weekly
publisher: Tideline Institute
title_pattern: Research Weekly from the Tideline Institute
tagline: New research and analysis from across the Institute, every Friday.
archive_url: https://www.tideline.org/weekly
theme: weekly
label_position: above
sender:
  name: Tideline Research Weekly
  address: weekly@tideline.org
postal_address: 100 Harbour Street, Santa Monica, CA 90401
unsubscribe_url: https://www.tideline.org/newsletters/unsubscribe
colors:
  accent: "#00427a"
  text: "#1b1b1b"
  muted: "#5c5c5c"
  background: "#f2f2f2"
lang: en
timezone: America/Los_Angeles
"""

WEEKLY_EDITION = """\
series: weekly.series.yaml
date: 2021-04-16
sections:
  - kind: features
    items:
      - title: Rethinking Deterrence in the Taiwan Strait
        url: https://www.tideline.org/research/deterrence-taiwan-strait
        label: Report
        summary: What would make a crisis *less* likely, and what would make it worse. Five findings for planners.
  - kind: reads
    items:
      - title: How Misinformation Spreads in Small Towns
        url: https://www.tideline.org/research/misinformation-small-towns
        source: Tideline Commentary
        picture: https://www.tideline.org/images/main-street.jpg
        alt: A main street of shops at dusk
        why: Local news deserts leave **rumours** room to grow; three towns show how.
      - title: The Cost of Veterans' Care, Ten Years On
        url: https://www.tideline.org/research/veterans-care-costs
        source: Tideline Report
        why: Spending has doubled since 2011, while waiting times have not fallen.
      - title: Talking Policy, Episode 42 — Heat Waves
        url: https://www.tideline.org/podcast/42
        source: Talking Policy podcast
        more: Listen to the episode »
        why: What cities can do before the next summer, in twenty minutes.
"""


@pytest.fixture
def weekly(project: Path) -> Path:
    """A project of the weekly series alone (its theme in templates/weekly/): its edition's manifest."""
    shutil.copytree(WEEKLY, project / "templates" / "weekly")
    (project / "editions" / "sharper.series.yaml").unlink()
    (project / "editions" / "weekly.series.yaml").write_text(WEEKLY_SERIES, encoding="utf-8")
    manifest = project / "editions" / "2021-04-16.yaml"
    manifest.write_text(WEEKLY_EDITION, encoding="utf-8")
    return manifest


def _check(name: str, data: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(data, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with BRIEFKIT_UPDATE_GOLDEN=1"
    assert data == golden.read_text("utf-8"), f"{name} differs from {golden}; if intended, update the golden files"


def _every_format(manifest: Path) -> dict[str, str]:
    """The edition in every format briefkit renders: the email's HTML and text, the print HTML, the feed entry and
    the web archive's page (as `briefkit build` makes it)."""
    edition, theme, _ = load_edition(manifest)
    outputs = render_outputs(edition, theme, ["email", "text"]).files
    article = render_article(edition, theme).html
    web = render_edition_page(archive_entry(edition), article, Neighbours(None, None), theme, False)
    return {
        "email.html": outputs["email.html"].decode("utf-8"),
        "email.txt": outputs["email.txt"].decode("utf-8"),
        "print.html": print_html(edition, theme),
        "feed-entry.html": entry_content(edition, theme),
        "web.html": web.decode("utf-8"),
    }


def test_the_weekly_theme_matches_its_golden_files_in_every_format(weekly: Path) -> None:
    formats = _every_format(weekly)
    _check("email.html", re.sub(r"(?<=[^\n])<", "\n<", formats.pop("email.html")))
    for name, data in formats.items():
        _check(name, data)


def test_the_link_words_are_declared_once_and_reach_every_format(weekly: Path) -> None:
    # one declaration: theme.yaml's default; no partial repeats the words
    declared = [path for path in sorted(WEEKLY.rglob("*")) if path.is_file() and "Read more" in path.read_text("utf-8")]
    assert declared == [WEEKLY / "theme.yaml"]
    for name, output in _every_format(weekly).items():
        assert output.count("Read more »") == 2, name  # the two reads that give no `more:` of their own
        assert "Listen to the episode »" in output, name  # the one that does keeps its own


def test_a_picture_without_alt_text_is_refused_at_its_entry(weekly: Path) -> None:
    text = weekly.read_text("utf-8")
    weekly.write_text(text.replace("        alt: A main street of shops at dusk\n", ""), encoding="utf-8")
    line = text.splitlines().index("        picture: https://www.tideline.org/images/main-street.jpg") + 1
    result = run_cli("render", f"editions/{weekly.name}", cwd=weekly.parent.parent)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"editions/2021-04-16.yaml:{line}:9: sections[1].items[0].alt: is missing; add 'alt:' (what the picture"
        " shows), needed when 'picture' is given"
    ]
    assert not (weekly.parent.parent / "outbox").exists()  # nothing made


def test_the_attribution_ends_the_paragraph_of_why_it_matters(weekly: Path) -> None:
    formats = _every_format(weekly)
    for name in ("email.html", "print.html", "feed-entry.html", "web.html"):
        output = formats[name].replace("\n", "")
        paragraphs = re.findall(r"<p[^>]*>(Spending has doubled.*?)</p>", output)
        assert paragraphs == [
            "Spending has doubled since 2011, while waiting times have not fallen. — <em>Tideline Report</em>"
        ], name
        assert "<p" not in paragraphs[0]  # one paragraph, the attribution inside it
    assert "while waiting times have not fallen. —\nTideline Report\nRead more » [3]" in formats["email.txt"]


def test_the_sample_edition_has_no_intro_a_fixed_title_labels_above_and_its_own_headings(weekly: Path) -> None:
    edition, _, _ = load_edition(weekly)
    assert edition.intro is None and edition.own_title is None
    assert edition.title == "Research Weekly from the Tideline Institute"
    assert edition.listed_title == "Research Weekly from the Tideline Institute, April 16, 2021"
    formats = _every_format(weekly)
    assert 'class="bk-label bk-label-above"' in formats["email.html"]  # from the series' label_position
    assert "\nReport\nRethinking Deterrence in the Taiwan Strait [1]\n" in formats["email.txt"]
    assert formats["email.html"].count('class="bk-heading bk-weekly-heading"') == 2
    assert "\nTHIS WEEK'S RESEARCH\n====================\n" in formats["email.txt"]
    for name in ("print.html", "feed-entry.html", "web.html"):  # the other formats keep briefkit's headings
        assert "weekly-heading" not in formats[name], name
        assert re.search(r"<h2[^>]*>This Week(&#39;|')s Research</h2>", formats[name]), name


def test_themes_lists_the_reads_kind_with_its_default_and_condition(weekly: Path) -> None:
    result = run_cli("themes", f"editions/{weekly.name}", cwd=weekly.parent.parent)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "theme weekly: templates/weekly/, then briefkit's sharper theme"
    kind = lines.index(
        "  reads (declared at templates/weekly/theme.yaml:7:3): "
        "This week's research, each read with where it comes from and why it matters."
    )
    # Columns as wide as the longest name and type of any kind (test_theme_checks.py keeps them aligned).
    assert [" ".join(line.split()) for line in lines[kind + 8 : kind + 11]] == [
        "alt text What the picture shows. (required when 'picture' is given)",
        "more text The words of the link to the read. (default 'Read more »')",
        "why text required Why it matters, in a sentence or two; Markdown.",
    ]
    assert lines[kind + 11] == (
        "    partials: .mjml, .txt, .print.html, .feed.html from templates/weekly/;"
        " no .web.html (the web page uses .feed.html)"
    )


def test_a_new_edition_of_the_weekly_series_writes_the_reads_kind(weekly: Path) -> None:
    project = weekly.parent.parent
    result = run_cli("new", "edition", "--date", "2021-04-23", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote editions/2021-04-23.yaml\n"  # a fixed title: named by its date
    text = (project / "editions" / "2021-04-23.yaml").read_text("utf-8")
    assert "\ntitle:" not in text
    kinds = re.findall(r"^  - kind: (\w+)", text, re.MULTILINE)
    assert kinds == ["reads"]  # the theme's kind, not Sharper's six
    assert '        source: "Who published it"\n' in text
    assert "        # alt: ...  What the picture shows (required when 'picture' is given).\n" in text
    assert "        # more: ...  The words of the link to the read (default 'Read more »').\n" in text
    rendered = run_cli("render", "editions/2021-04-23.yaml", "--format", "email,text", cwd=project)
    assert rendered.returncode == 0, rendered.stderr  # it renders as it is
