"""label_position: a label on its own line above the title (features and listing entries), set on the series, a
section or one item, in every format: email, plain text, print (and the PDF), feed entry and the archive's page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.api import load_edition, render, render_outputs
from briefkit.archive.pages import render_article
from briefkit.render.feed_entry import entry_content
from briefkit.render.pdf import print_html

from conftest import run_cli

EDITION = """\
series: sharper.series.yaml
date: 2021-03-31
title: Labels Above
intro: Words.
label_position: above
sections:
  - kind: features
    items:
      - {title: Feature One, url: "https://example.org/f1", label: Report, summary: A summary.}
      - {title: Feature Two, url: "https://example.org/f2", label: Commentary, label_position: inline, summary: More.}
  - kind: listing
    label_position: inline
    items:
      - {title: Entry One, url: "https://example.org/l1", label: Brief, teaser: A teaser.}
      - {title: Entry Two, url: "https://example.org/l2", label: Podcast, label_position: above, teaser: Another.}
      - {label: Video, url: "https://example.org/l3", label_position: above, teaser: A label alone.}
"""

ABOVE = {"Report": "Feature One", "Podcast": "Entry Two"}  # the series' above; an entry's above in an inline section
INLINE = {"Commentary": "Feature Two", "Brief": "Entry One"}  # an item's inline; the listing section's inline


@pytest.fixture
def manifest(project: Path) -> Path:
    path = project / "editions" / "x.yaml"
    path.write_text(EDITION, encoding="utf-8")
    return path


@pytest.fixture
def outputs(manifest: Path) -> dict[str, str]:
    edition, theme, _ = load_edition(manifest)
    files = render_outputs(edition, theme, ["email", "text"]).files
    return {
        "email": files["email.html"].decode("utf-8"),
        "text": files["email.txt"].decode("utf-8"),
        "print": print_html(edition, theme),
        "feed": entry_content(edition, theme),
        "web": render_article(edition, theme).html,
    }


def _title_of(html: str, url: str) -> str:
    """The <h3> (or listing <li>) that holds the link to ``url``, from its opening tag to the link's text."""
    found = re.search(rf'<(h3|li)\b[^>]*>((?:(?!</\1>).)*?<a href="{re.escape(url)}"[^>]*>[^<]*</a>)', html, re.DOTALL)
    assert found, f"no title links to {url}"
    return found.group(2)


@pytest.mark.parametrize("name", ["email", "print", "feed", "web"])
def test_a_label_above_stands_on_its_own_line_in_the_markup(outputs: dict[str, str], name: str) -> None:
    html = outputs[name]  # the archive's page shows the listing through its feed partial
    urls = {"Feature One": "https://example.org/f1", "Entry Two": "https://example.org/l2"}
    for label, title in ABOVE.items():
        shown = _title_of(html, urls[title])
        assert re.search(rf"{label}(</span>)?<br>\s*<a ", shown), (name, shown)
        assert f"{label} | " not in shown and f"{label} |" not in html
    for label, title in INLINE.items():
        assert re.search(rf"{label} \| (</span>)?<a [^>]*>{title}</a>", html), (name, label)
    assert re.search(r'<a [^>]*href="https://example.org/l3"[^>]*>Video</a>', html)  # a label alone: linked


def test_a_label_above_is_a_line_of_its_own_in_the_text(outputs: dict[str, str]) -> None:
    lines = outputs["text"].splitlines()
    for label, title in ABOVE.items():
        at = lines.index(label)
        assert re.fullmatch(rf"{title} \[\d+\]", lines[at + 1]), lines[at : at + 2]
    for label, title in INLINE.items():
        assert any(re.fullmatch(rf"{label} \| {title} \[\d+\]", line) for line in lines), label
    assert any(re.fullmatch(r"Video \[\d+\]", line) for line in lines)


def test_a_label_above_follows_the_dark_palette(manifest: Path, outputs: dict[str, str]) -> None:
    """The label above keeps the bk-label class, whose colour the dark-mode rules (and Outlook.com's) replace."""
    edition, _, _ = load_edition(manifest)
    email = outputs["email"]
    styles = re.findall(r'<span class="bk-label bk-label-above" style="([^"]*)">Report</span><br>', email)
    assert styles and f"color:{edition.colors.muted}" in styles[0].replace(" ", "")
    dark = re.escape(edition.colors.dark.muted)
    assert re.search(rf"(?<![\]] )\.bk-label {{ color: {dark} !important; }}", email)
    assert re.search(rf"\[data-ogsc\] \.bk-label {{ color: {dark} !important; }}", email)


def test_a_label_above_is_on_its_own_line_in_the_pdf(manifest: Path) -> None:
    result = render(manifest, ["pdf"])
    assert not result.failures
    pdf = PdfReader(manifest.parent.parent / "outbox" / manifest.stem / "edition.pdf")
    lines = [line.strip() for page in pdf.pages for line in page.extract_text().splitlines()]
    for label, title in ABOVE.items():
        assert lines[lines.index(label) + 1].startswith(title), label
    for label, title in INLINE.items():
        assert any(line.startswith(f"{label} | {title}") for line in lines), label


@pytest.mark.parametrize(
    ("series", "section", "item", "above"),
    [
        ("", "", "", False),  # inline unless a series, section or item says otherwise
        ("label_position: above\n", "", "", True),
        ("label_position: above\n", "    label_position: inline\n", "", False),
        ("", "    label_position: above\n", "", True),
        ("", "    label_position: above\n", ", label_position: inline", False),
        ("label_position: inline\n", "", ", label_position: above", True),
    ],
)
@pytest.mark.parametrize("kind", ["features", "listing"])
def test_an_item_overrides_its_section_which_overrides_the_series(
    project: Path, kind: str, series: str, section: str, item: str, above: bool
) -> None:
    body = "summary: Words." if kind == "features" else "teaser: Words."
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(
        "series: sharper.series.yaml\ndate: 2021-03-31\ntitle: T\nintro: Words.\n"
        + series
        + f"sections:\n  - kind: {kind}\n"
        + section
        + f'    items:\n      - {{title: A Title, url: "https://example.org/a", label: Report, {body}{item}}}\n',
        encoding="utf-8",
    )
    edition, theme, _ = load_edition(manifest)
    text = render_outputs(edition, theme, ["text"]).files["email.txt"].decode("utf-8").splitlines()
    shown = ["Report", "A Title [1]"] if above else ["Report | A Title [1]"]
    at = text.index(shown[0])
    assert text[at : at + len(shown)] == shown


def test_a_position_that_is_not_one_of_the_two_is_located(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(EDITION.replace("    label_position: inline\n", "    label_position: below\n"), "utf-8")
    result = run_cli("render", "editions/x.yaml", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (
        "editions/x.yaml:12:21: sections[1].label_position: 'below' is not allowed; use one of: inline, above\n"
    ), result.stderr
    assert not (project / "outbox").exists()
