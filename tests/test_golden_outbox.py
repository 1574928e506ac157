"""A golden of the whole outbox: `briefkit build` of the sample project (the repository's editions/, seeds/,
images/ and feeds/, copied) gives exactly the files listed in tests/golden/outbox.txt, each with its sha256 and
size (the PDFs too: their bytes are reproducible), and the web archive's pages, index, sitemap and the feeds as
written, in tests/golden/outbox/ (HTML one element per line). After an intended change of output run
`make golden`, then read `git diff tests/golden` before committing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from test_golden import GOLDEN, UPDATE, _check, one_element_per_line

from conftest import REPO, run_cli

LISTING = GOLDEN / "outbox.txt"
WRITTEN = GOLDEN / "outbox"  # the files kept whole
WHOLE = (".html", ".xml")  # of the archive and the feeds; the editions' own files are golden in test_golden.py


def _whole(path: str) -> bool:
    return path.endswith(WHOLE) and (path.startswith("web/") or "/" not in path)


def test_the_whole_outbox_matches_its_golden_listing(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for folder in ("editions", "seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, project / folder)
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    outbox = project / "outbox"
    files = {p.relative_to(outbox).as_posix(): p.read_bytes() for p in sorted(outbox.rglob("*")) if p.is_file()}
    listing = "".join(f"{hashlib.sha256(data).hexdigest()}  {len(data):>7}  {path}\n" for path, data in files.items())
    if UPDATE and WRITTEN.exists():
        shutil.rmtree(WRITTEN)
    for path, data in files.items():
        if _whole(path):
            text = data.decode("utf-8")
            _check(WRITTEN / path, one_element_per_line(text) if path.endswith(".html") else text)
    kept = sorted(p.relative_to(WRITTEN).as_posix() for p in WRITTEN.rglob("*") if p.is_file())
    assert kept == sorted(path for path in files if _whole(path)), "files kept whole that the build no longer makes"
    _check(LISTING, listing)
