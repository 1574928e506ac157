"""The command line stays a thin, fast layer."""

from __future__ import annotations

import subprocess
import sys

from conftest import SAMPLE, run_cli


def test_cli_start_does_not_import_renderers() -> None:
    code = "import sys, briefkit.cli; print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {'jinja2','mjml','css_inline','markdown_it','yaml'})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_render_prints_where_files_went(tmp_path: object) -> None:
    result = run_cli("render", f"editions/{SAMPLE.name}", "--outbox", str(tmp_path), cwd=SAMPLE.parent.parent)
    assert result.returncode == 0, result.stderr
    assert [line.rsplit("/", 1)[-1] for line in result.stdout.splitlines()] == [
        "email.html",
        "email.txt",
        "edition.pdf",
        "feed.xml",
        "atom.xml",
    ]


def test_missing_manifest_is_exit_2(tmp_path: object) -> None:
    result = run_cli("render", "editions/nope.yaml", cwd=SAMPLE.parent.parent)
    assert result.returncode == 2
    assert result.stderr == "editions/nope.yaml: no such manifest; check the path (editions are under editions/)\n"
