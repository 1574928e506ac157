"""Rendering the samples: the seed edition reproduced, both formats, determinism, atomic writes."""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefkit.api import load_edition, render, render_outputs
from briefkit.errors import BriefkitError

from conftest import MINIMAL, SAMPLE, SECOND, SEED_EDITION, run_cli, theme_file


class VisibleText(HTMLParser):
    """The text a reader sees: body text outside <style>, <script> and the hidden preheader."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = (dict(attrs).get("style") or "").replace(" ", "")
        hidden = tag in ("style", "script", "title") or self.hidden_depth or "display:none" in style
        if hidden and tag not in ("br", "img", "meta", "link"):
            self.hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def seed_lines() -> list[str]:
    """Seed 003's lines from the date to the last byline, less '-' bullets and the web form's message."""
    lines = SEED_EDITION.read_text(encoding="utf-8").splitlines()
    return [
        line for line in lines if line.strip() not in ("-", "") and not line.startswith("Thank you for registering!")
    ]


def assert_in_order(lines: list[str], text: str) -> None:
    flat = " ".join(text.split())
    position = 0
    for line in lines:
        found = flat.find(" ".join(line.split()), position)
        assert found >= 0, f"not found after position {position}: {line!r}"
        position = found + len(line)


@pytest.fixture(scope="module")
def sample_outputs() -> dict[str, str]:
    edition, theme, _ = load_edition(SAMPLE)
    return {
        name: data.decode("utf-8") for name, data in render_outputs(edition, theme, ["email", "text"]).files.items()
    }


def test_text_holds_every_seed_line_in_order(sample_outputs: dict[str, str]) -> None:
    assert_in_order(seed_lines(), sample_outputs["email.txt"])


def test_html_shows_every_seed_line_in_order(sample_outputs: dict[str, str]) -> None:
    assert_in_order(seed_lines(), visible_text(sample_outputs["email.html"]))


def test_text_is_wrapped_and_links_are_numbered(sample_outputs: dict[str, str]) -> None:
    text = sample_outputs["email.txt"]
    for line in text.splitlines():
        assert len(line) <= 78 or " " not in line.split(": ", 1)[-1].split("] ", 1)[-1], line
    assert "Navigating the Deepening Russia-China Partnership [1]" in text
    refs = re.findall(r"^\[(\d+)\] https://", text, flags=re.MULTILINE)
    assert refs == [str(n) for n in range(1, len(refs) + 1)]
    assert len(refs) == 13


def test_html_has_the_email_essentials(sample_outputs: dict[str, str]) -> None:
    html = sample_outputs["email.html"]
    assert '<html lang="en"' in html
    assert "<title>Sharper: The Beijing-Moscow Partnership</title>" in html
    assert "Cooperation between Russia and China has deepened" in html.split("<body", 1)[1][:2000]  # preheader
    assert ">View in browser</a>" in html
    assert "https://www.cnas.org/newsletters/unsubscribe" in html
    assert "1152 15th Street NW, Suite 950, Washington, DC 20005" in html
    assert "fonts.googleapis" not in html and "<link" not in html
    for image in re.findall(r"<img\b[^>]*>", html):
        assert re.search(r'\balt="[^"]+"', image), image
    assert re.search(r"max-width:600px", html)


def test_quotes_dashes_and_names_come_out_as_written(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(
        MINIMAL.replace("A Test Edition", 'Curly \u201cquotes\u201d, "straight" \u2014 & dashes').replace(
            "[A. Person]", "[Mich\u00e8le Flournoy, Cathryn Cl\u00fcver Ashbrook]"
        ),
        encoding="utf-8",
    )
    render(manifest)
    text = " ".join((project / "outbox" / "x" / "email.txt").read_text(encoding="utf-8").split())
    html = (project / "outbox" / "x" / "email.html").read_text(encoding="utf-8")
    assert 'Sharper: Curly \u201cquotes\u201d, "straight" \u2014 & dashes' in text
    assert "Mich\u00e8le Flournoy and Cathryn Cl\u00fcver Ashbrook." in text
    assert 'Sharper: Curly \u201cquotes\u201d, "straight" \u2014 & dashes' in visible_text(html)
    assert "Mich\u00e8le Flournoy and Cathryn Cl\u00fcver Ashbrook." in visible_text(html)


def test_second_sample_takes_an_item_from_seed_000() -> None:
    edition, _, _ = load_edition(SECOND)
    feature = edition.sections[0].items[0]  # type: ignore[union-attr]
    assert feature.title == "Navigating Sino-Russian Defense Cooperation"
    assert feature.summary.source.startswith("In recent weeks, U.S.-Chinese relations have deteriorated")
    listing = edition.sections[-1].items[0]  # type: ignore[union-attr]
    assert listing.byline == "By Andrea Kendall-Taylor, David Shullman & Dan McCormick"
    assert listing.teaser.endswith("...") and len(listing.teaser) <= 200


def test_same_input_gives_the_same_bytes(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")

    def outputs() -> dict[str, bytes]:
        written = render(project / "editions" / SAMPLE.name).written
        return {p.name: p.read_bytes() for p in written if not p.name.endswith(".lock.json")}

    first, second = outputs(), outputs()
    assert sorted(first) == ["atom.xml", "edition.pdf", "email.html", "email.txt", "feed.xml"]
    assert first == second


def test_unchanged_outputs_are_left_alone_and_changed_ones_replaced(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL, encoding="utf-8")
    folder = project / "outbox" / "x"
    render(manifest, ["email", "text"])
    for path in folder.iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    render(manifest, ["email", "text"])
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == {
        "email.html": 1_000_000_000,
        "email.txt": 1_000_000_000,
    }
    manifest.write_text(MINIMAL.replace("A Test Edition", "Changed"), encoding="utf-8")
    render(manifest, ["email", "text"])
    assert all(p.stat().st_mtime_ns != 1_000_000_000 for p in folder.iterdir())
    assert "Changed" in (folder / "email.txt").read_text("utf-8")


def test_format_option_renders_just_those(project: Path) -> None:
    (project / "editions" / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run_cli("render", "editions/x.yaml", "--format", "text", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote outbox/x/email.txt\n"
    assert sorted(p.name for p in (project / "outbox" / "x").iterdir()) == ["email.txt"]


def test_a_failed_render_leaves_the_previous_files(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL, encoding="utf-8")
    render(manifest)
    before = {p.name: p.read_bytes() for p in (project / "outbox" / "x").iterdir()}
    # A template that fails half-way: the text renders, the email does not.
    theme_file(project, "email.mjml").write_text("{{ edition.no_such_field }}", encoding="utf-8")
    manifest.write_text(MINIMAL.replace("A Test Edition", "Changed"), encoding="utf-8")
    with pytest.raises(BriefkitError):
        render(manifest)
    after = {p.name: p.read_bytes() for p in (project / "outbox" / "x").iterdir()}
    assert after == before


def test_template_errors_are_located_and_exit_2(project: Path) -> None:
    (project / "editions" / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    theme_file(project, "email.txt").write_text("line one\n{% if %}\n", encoding="utf-8")
    result = run_cli("render", "editions/x.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("templates/sharper/email.txt:2:1: template error:")
    assert "Traceback" not in result.stderr
