"""briefkit's own templates (the proof, the preview's pages, the accessibility summary, the feeds) share one Jinja
set-up: briefkit.render.package_templates."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from briefkit.render.package_templates import package_templates


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "page.html").write_text(
        "{% if value %}\n  <b>{{ value | shout }}</b>\n{% endif %}\n<p>{{ value }}</p>\n", encoding="utf-8"
    )
    return tmp_path


def shout(text: str) -> str:
    return text.upper()


def test_one_environment_per_folder_escaped_and_strict(folder: Path) -> None:
    templates = package_templates(folder, shout=shout)
    assert package_templates(folder, shout=shout) is templates
    page = templates.get_template("page.html")
    assert page.render(value="<a>") == "  <b>&lt;A&gt;</b>\n<p>&lt;a&gt;</p>\n"  # block lines gone, newline kept
    with pytest.raises(jinja2.UndefinedError):
        page.render()


def test_the_newline_that_ends_a_template_can_be_dropped(folder: Path) -> None:
    page = package_templates(folder, keep_trailing_newline=False, shout=shout).get_template("page.html")
    assert page.render(value="x") == "  <b>X</b>\n<p>x</p>"
