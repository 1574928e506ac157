"""The PDF refuses a WeasyPrint its wrappers of WeasyPrint's internals were not written for (briefkit pins 69.x)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.api import render
from briefkit.errors import BriefkitError, OutputError
from briefkit.render import pdf_artifacts

from conftest import MINIMAL


def _installed(monkeypatch: pytest.MonkeyPatch, version: str | None) -> None:
    """Make the version lookup answer ``version``; WeasyPrint itself stays as installed."""
    monkeypatch.setattr(pdf_artifacts, "weasyprint_version", lambda: version)


def test_the_installed_weasyprint_is_the_supported_one() -> None:
    found = pdf_artifacts.weasyprint_version()
    assert found is not None
    assert found.split(".")[0] == pdf_artifacts.SUPPORTED_MAJOR
    pdf_artifacts.install()  # no error


@pytest.mark.parametrize("version", ["69.0", "69.1", "69.0.post1"])
def test_any_69_release_is_accepted(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    _installed(monkeypatch, version)
    pdf_artifacts.install()


@pytest.mark.parametrize("version", ["70.0", "68.1", "6.9", "690.0"])
def test_another_version_is_refused_with_the_version_found_and_the_fix(
    monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    _installed(monkeypatch, version)
    with pytest.raises(OutputError) as raised:
        pdf_artifacts.install()
    message = raised.value.display()
    assert message.startswith("--format: pdf: ")
    assert f"WeasyPrint {version} is installed" in message
    assert "only with WeasyPrint 69.x" in message
    assert "make demo" in message
    assert "requirements/run.txt" in message
    assert "\n" not in message


def test_a_weasyprint_without_a_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, None)
    with pytest.raises(OutputError, match=r"version cannot be read.*make demo"):
        pdf_artifacts.install()


def test_a_render_with_another_weasyprint_writes_nothing(monkeypatch: pytest.MonkeyPatch, project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL, "utf-8")
    _installed(monkeypatch, "70.0")
    with pytest.raises(BriefkitError) as raised:
        render(manifest, ["email", "pdf"], project / "outbox")
    assert raised.value.display().startswith("--format: pdf: WeasyPrint 70.0 is installed")
    assert [path for path in project.joinpath("outbox").rglob("*") if path.is_file()] == []
