"""Hostile content renders as text: nothing in a manifest can add markup to the email, its title or its attributes."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from briefkit.api import load_edition, render
from briefkit.render.email_html import render_mjml

from conftest import REPO
from test_render import visible_text

HOSTILE = REPO / "tests" / "corpus" / "hostile" / "breakout.yaml"


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def rendered(project: Path) -> tuple[str, str]:
    shutil.copy(HOSTILE, project / "editions")
    render(project / "editions" / HOSTILE.name)
    folder = project / "outbox" / "breakout"
    return (folder / "email.html").read_text(encoding="utf-8"), (folder / "email.txt").read_text(encoding="utf-8")


def test_no_markup_breaks_out_of_the_email(project: Path) -> None:
    html, _ = rendered(project)
    parsed = Elements()
    parsed.feed(html)
    assert "script" not in parsed.tags
    assert not any(tag.startswith("mj-") for tag in parsed.tags)
    assert "b" not in parsed.tags and "i" not in parsed.tags
    names = {name for name, _ in parsed.attrs}
    assert not any(name.startswith("on") for name in names), names
    for name, value in parsed.attrs:
        if name in ("href", "src"):
            assert not (value or "").lower().startswith(("javascript:", "data:")), value
    assert "evil.example" not in " ".join(v or "" for n, v in parsed.attrs if n == "src")


def test_hostile_text_is_shown_as_written(project: Path) -> None:
    html, text = rendered(project)
    shown = visible_text(html)
    assert "Sharper: </mj-text><mj-raw><script>alert('title')</script></mj-raw> & \"quoted\"" in shown
    assert 'Feature </mj-text><mj-image src="https://evil.example/x.png" />' in shown
    assert "Commentary {{ 7*7 }} {% raw %}" in shown
    assert "Teaser </mj-text> <!-- comment --> ]]>" in shown
    assert "<script>alert(1)</script>" in " ".join(text.split())


def test_title_and_preheader_stay_in_their_elements(project: Path) -> None:
    html, _ = rendered(project)
    parsed = Elements()
    parsed.feed(html)
    assert parsed.title == "Subject </title><script>alert(1)</script>"
    assert parsed.tags.count("title") == 1


def test_the_mjml_itself_has_only_theme_elements(project: Path) -> None:
    shutil.copy(HOSTILE, project / "editions")
    edition, theme, _ = load_edition(project / "editions" / HOSTILE.name)
    mjml = render_mjml(edition, theme)
    assert mjml.count("<mj-raw>") == 1 and "<script" not in mjml  # the theme's own: the head's <meta> elements
    assert '<mj-raw>\n      <meta name="color-scheme"' in mjml
    assert re.search(r"&lt;/mj-text&gt;", mjml)
