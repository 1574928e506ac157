"""`briefkit docs`: the documentation that comes with briefkit, listed and printed."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli


def test_the_pages_are_listed_with_their_titles(tmp_path: Path) -> None:
    result = run_cli("docs", cwd=tmp_path)
    assert result.returncode == 0
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert listed == {path.stem for path in (REPO / "docs").glob("*.md")}
    assert "  manifest   The manifest reference" in result.stdout


def test_a_page_is_printed_as_written_when_piped(tmp_path: Path) -> None:
    result = run_cli("docs", "manifest", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == (REPO / "docs" / "manifest.md").read_text("utf-8")


def test_a_topic_there_is_no_page_of_names_the_closest(tmp_path: Path) -> None:
    result = run_cli("docs", "manifests", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "briefkit docs: there is no page 'manifests'; did you mean 'manifest'?\n"
