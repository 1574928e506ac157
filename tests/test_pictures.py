"""Pictures the email can reach: a `file:` picture is published with the web archive, under a name that holds its
content's digest, and the email loads it from there (under the series' assets_url: when the pictures live
elsewhere); the PDF keeps reading the file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from briefkit.api import build

from conftest import MINIMAL, run_cli

BANNER = Path("images/eurasia-banner.svg")
FEATURE = """\
  - kind: features
    items:
      - title: A feature
        url: https://www.cnas.org/a
        summary: Some words.
        image: {file: ../images/eurasia-banner.svg, alt: A banner}
"""


def _edition(project: Path, name: str = "pictured") -> Path:
    manifest = project / "editions" / f"{name}.yaml"
    manifest.write_text(MINIMAL + FEATURE, "utf-8")
    return manifest


def _published(project: Path) -> str:
    digest = hashlib.sha256((project / BANNER).read_bytes()).hexdigest()[:12]
    return f"pictures/eurasia-banner-{digest}.svg"


def _series(project: Path, old: str, new: str) -> None:
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8")
    assert old in text
    series.write_text(text.replace(old, new), "utf-8")


def test_the_email_takes_the_address_the_archive_publishes_the_file_at(project: Path) -> None:
    _edition(project)
    result = run_cli("render", "editions/pictured.yaml", "--format", "email,text,pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (project / "outbox" / "pictured" / "email.html").read_text("utf-8")
    assert f'src="https://www.cnas.org/sharper/{_published(project)}"' in html
    # build publishes it there, once, with the same bytes
    build(project, ["email"], jobs=1)
    assert (project / "outbox" / "web" / _published(project)).read_bytes() == (project / BANNER).read_bytes()


def test_assets_url_serves_the_pictures_from_elsewhere(project: Path) -> None:
    _edition(project)
    _series(project, "archive_url: https://www.cnas.org/sharper\n",
            "archive_url: https://www.cnas.org/sharper\nassets_url: https://cdn.cnas.org/sharper/\n")  # fmt: skip
    assert run_cli("render", "editions/pictured.yaml", "--format", "email", cwd=project).returncode == 0
    html = (project / "outbox" / "pictured" / "email.html").read_text("utf-8")
    assert f'src="https://cdn.cnas.org/sharper/{_published(project)}"' in html


def test_a_file_with_nowhere_to_be_published_is_said_where_it_is_written(project: Path) -> None:
    _edition(project)
    _series(project, "archive_url: https://www.cnas.org/sharper\n", "")
    result = run_cli("render", "editions/pictured.yaml", "--format", "email,pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "cannot show this picture" in line]
    assert re.match(r"warning: editions/pictured\.yaml:13:\d+: sections\[1\]\.items\[0\]\.image\.file: ", line), line
    assert "archive_url" in line
    html = (project / "outbox" / "pictured" / "email.html").read_text("utf-8")
    assert "eurasia-banner" not in html and "A banner" not in html  # no broken picture in the email
    assert (project / "outbox" / "pictured" / "edition.pdf").is_file()  # the PDF reads the file


def test_a_picture_with_neither_src_nor_file_is_refused_at_its_place(project: Path) -> None:
    manifest = project / "editions" / "pictured.yaml"
    manifest.write_text(MINIMAL + FEATURE.replace("file: ../images/eurasia-banner.svg, ", ""), "utf-8")
    result = run_cli("render", "editions/pictured.yaml", "--format", "email", cwd=project)
    assert result.returncode == 2
    assert "editions/pictured.yaml:13:16: sections[1].items[0].image: has neither src:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_logo_may_be_a_file_alone(project: Path) -> None:
    _series(project, "  src: https://www.cnas.org/images/cnas-logo.png\n", "")
    _edition(project)
    assert run_cli("render", "editions/pictured.yaml", "--format", "email", cwd=project).returncode == 0
    html = (project / "outbox" / "pictured" / "email.html").read_text("utf-8")
    digest = hashlib.sha256((project / "images" / "sharper-mark.svg").read_bytes()).hexdigest()[:12]
    assert f'src="https://www.cnas.org/sharper/pictures/sharper-mark-{digest}.svg"' in html
