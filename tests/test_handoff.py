"""The hand-off corpus: what someone with write access to an edition, a series file, a feed, a file name or the
environment can do to the message file, the campaign, a test send, the build or `check --links`. Each case is a
folder in tests/corpus/handoff/:

- ``steps.txt``: one step a line, run in a fresh project (the Sharper series, seeds, images and feeds): a briefkit
  command line (``briefkit render editions/x.yaml --format eml``), ``rm PATH`` or ``mkdir PATH`` (paths in the
  project);
- ``files/``: copied over the project before the first step (``files/editions/x.yaml`` adds an edition,
  ``files/editions/sharper.series.yaml`` replaces the series file);
- ``env.txt``: ``NAME=value`` lines given to every step (``{project}`` is the project's folder);
- ``absent.txt``: text no file in the outbox may hold, one a line;
- ``expected.txt``: each briefkit step, its exit status and every line it printed, standard output first, then
  standard error (``make golden`` writes it anew; read the diff before committing it).

Whatever the case, no step prints a traceback, no step changes a file outside outbox/, .briefkit-cache/ and the
lock files (the project's own files, and anything beside the project), and a step that exits 2 leaves the outbox as it was.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

CORPUS = REPO / "tests" / "corpus" / "handoff"
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir()) if CORPUS.exists() else []
UPDATE = os.environ.get("BRIEFKIT_UPDATE_GOLDEN") == "1"
WRITTEN = ("outbox", ".briefkit-cache")


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``root`` (symbolic links not followed): its bytes, or None for a folder."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        found[name] = None if path.is_dir() and not path.is_symlink() else path.read_bytes()
    return found


def _outside(tree: dict[str, bytes | None]) -> dict[str, bytes | None]:
    """What no step may change: all but the outbox, the cache, and the lock files of feed-fed sections."""
    return {
        name: data
        for name, data in tree.items()
        if name.split("/")[:2] not in [["project", w] for w in WRITTEN] and not name.endswith(".lock.json")
    }


def _inside_outbox(tree: dict[str, bytes | None]) -> dict[str, bytes | None]:
    return {name: data for name, data in tree.items() if name.split("/")[:2] == ["project", "outbox"]}


def _environment(case: Path, project: Path) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("BRIEFKIT_")}
    given = case / "env.txt"
    if given.exists():
        for line in given.read_text("utf-8").splitlines():
            if line.strip():
                name, _, value = line.partition("=")
                environment[name] = value.replace("{project}", str(project))
    return environment


@pytest.mark.parametrize("case", CASES)
def test_hand_off_case(tmp_path: Path, case: str) -> None:
    folder = CORPUS / case
    project = tmp_path / "project"  # with a file beside it, which no step may touch
    (project / "editions").mkdir(parents=True)
    shutil.copy(REPO / "editions" / "sharper.series.yaml", project / "editions")
    for name in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / name, project / name)
    (tmp_path / "beside.txt").write_text("not the project's\n", "utf-8")
    if (folder / "files").exists():
        shutil.copytree(folder / "files", project, dirs_exist_ok=True)
    environment = _environment(folder, project)
    report: list[str] = []
    for line in (folder / "steps.txt").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        words = shlex.split(line)
        if words[0] == "rm":
            target = project / words[1]
            shutil.rmtree(target) if target.is_dir() else target.unlink()
            continue
        if words[0] == "mkdir":
            (project / words[1]).mkdir(parents=True, exist_ok=True)
            continue
        assert words[0] == "briefkit", f"{case}: unknown step {line!r}"
        before = _tree(tmp_path)
        result = subprocess.run(
            [sys.executable, "-m", "briefkit", *words[1:]],
            cwd=project,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        after = _tree(tmp_path)
        assert "Traceback" not in result.stderr, result.stderr
        said = (result.stdout + result.stderr).replace(str(project), "<project>")
        report.append(f"$ {line}\nexit {result.returncode}\n{said}")
        changed = sorted(set(_outside(before).items()) ^ set(_outside(after).items()))
        assert not changed, f"{line!r} changed files outside the outbox: {changed}"
        if result.returncode == 2:
            assert _inside_outbox(after) == _inside_outbox(before), f"{line!r} failed and changed the outbox"
    got = "".join(report)
    expected = folder / "expected.txt"
    if UPDATE:
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text("utf-8")
    absent = folder / "absent.txt"
    if absent.exists():
        outputs = [p.read_bytes().decode("utf-8", "replace") for p in (project / "outbox").rglob("*") if p.is_file()]
        for text in absent.read_text("utf-8").splitlines():
            if text:
                assert not any(text in output for output in outputs), f"{text!r} is in an output"
