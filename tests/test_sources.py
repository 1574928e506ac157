"""Source documents named by `from:`: plain text like the seeds, Markdown with front matter, confined to the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.edition.build import build_edition
from briefkit.errors import BriefkitError
from briefkit.manifest.load import load_manifest
from briefkit.sources.documents import Location, read_source

from conftest import REPO

WHERE = Location(Path("m.yaml"), 1, 1)


def test_plain_text_seed_gives_title_summary_and_authors() -> None:
    doc = read_source("seeds/000_cb12e14a38501514.txt", REPO / "m.yaml", REPO, WHERE, "from")
    assert doc.title == "Navigating Sino-Russian Defense Cooperation"
    assert doc.summary is not None and doc.summary.startswith("In recent weeks")  # the editor's note is skipped
    assert doc.authors == ["Andrea Kendall-Taylor", "David Shullman", "Dan McCormick"]


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Front Title\nurl: https://example.org/a\nauthors: [A, B]\nlayout: post\n---\n\n"
        "First *paragraph* here.\n\nSecond.\n",
        encoding="utf-8",
    )
    doc = read_source("a.md", tmp_path / "m.yaml", tmp_path, WHERE, "from")
    assert (doc.title, doc.url, doc.authors) == ("Front Title", "https://example.org/a", ["A", "B"])
    assert doc.summary == "First *paragraph* here."


def test_markdown_title_from_heading(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Heading Title\n\nBody.\n", encoding="utf-8")
    doc = read_source("a.md", tmp_path / "m.yaml", tmp_path, WHERE, "from")
    assert (doc.title, doc.summary) == ("Heading Title", "Body.")


def test_front_matter_errors_are_located_in_the_document(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: T\nurl: not-a-url\n---\nBody\n", encoding="utf-8")
    with pytest.raises(BriefkitError) as caught:
        read_source("a.md", tmp_path / "m.yaml", tmp_path, WHERE, "from")
    problem = caught.value.problems[0]
    assert (problem.location.line, problem.location.column, problem.field) == (3, 6, "url")


def test_a_link_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("Secret\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "link.txt").symlink_to(outside)
    with pytest.raises(BriefkitError, match="outside the project folder"):
        read_source("link.txt", project / "m.yaml", project, WHERE, "from")


def test_not_utf8_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Caf\xe9\n".encode("latin-1"))
    with pytest.raises(BriefkitError, match="is not UTF-8 text"):
        read_source("a.txt", tmp_path / "m.yaml", tmp_path, WHERE, "from")


def test_manifest_overrides_the_document(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(
        "series: sharper.series.yaml\ndate: 2021-03-31\ntitle: T\nintro: I\nsections:\n"
        "  - kind: features\n    items:\n      - from: ../seeds/000_cb12e14a38501514.txt\n"
        "        url: https://example.org/a\n        title: My Own Title\n",
        encoding="utf-8",
    )
    feature = build_edition(load_manifest(manifest)).sections[0].items[0]  # type: ignore[union-attr]
    assert feature.title == "My Own Title"
    assert feature.summary.source.startswith("In recent weeks")
