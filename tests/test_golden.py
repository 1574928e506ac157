"""Golden files: the samples' email HTML and text, their print HTML, and the series' RSS and Atom feeds.

The email HTML is stored with each element on a line of its own (a one-word change is a one-line diff); the
exact bytes are pinned by their sha256 in digests.txt. After an intended change of output run `make golden`,
then read `git diff tests/golden` before committing.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from briefkit.api import load_edition, render, render_outputs
from briefkit.render.pdf import print_html

from conftest import REPO, SAMPLE, SECOND, THIRD

GOLDEN = REPO / "tests" / "golden"
DIGESTS = GOLDEN / "digests.txt"
UPDATE = os.environ.get("BRIEFKIT_UPDATE_GOLDEN") == "1"


def one_element_per_line(html: str) -> str:
    """``html`` with a line break before every tag that does not start a line already."""
    return re.sub(r"(?<=[^\n])<", "\n<", html)


def _digests() -> dict[str, str]:
    if not DIGESTS.exists():
        return {}
    pairs = (line.split("  ", 1) for line in DIGESTS.read_text("utf-8").splitlines() if line)
    return {name: digest for digest, name in pairs}


def _check(golden: Path, data: str) -> None:
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(data, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run `make golden`"
    assert data == golden.read_text("utf-8"), f"{golden.name} differs from {golden}; if intended, run `make golden`"


@pytest.mark.parametrize("manifest", [SAMPLE, SECOND, THIRD], ids=lambda p: p.stem)
def test_outputs_match_golden_files(manifest: Path) -> None:
    edition, theme, _ = load_edition(manifest)
    outputs = render_outputs(edition, theme, ["email", "text"]).files
    folder = GOLDEN / manifest.stem
    html = outputs["email.html"]
    _check(folder / "email.html", one_element_per_line(html.decode("utf-8")))
    _check(folder / "email.txt", outputs["email.txt"].decode("utf-8"))
    # The PDF itself is checked by tests/test_pdf.py; its reviewable source, the print HTML, is golden here.
    _check(folder / "print.html", print_html(edition, theme))
    key = f"{manifest.stem}/email.html"
    digests = _digests()
    if UPDATE:
        digests[key] = hashlib.sha256(html).hexdigest()
        DIGESTS.write_text("".join(f"{d}  {n}\n" for n, d in sorted(digests.items())), encoding="utf-8")
    assert digests.get(key) == hashlib.sha256(html).hexdigest(), (
        f"{key} differs from its golden bytes only in white space before a tag; if intended, run `make golden`"
    )


def test_series_feeds_match_golden_files(tmp_path: Path) -> None:
    """The samples in the series' feeds (no PDFs, so no enclosures: their sizes depend on the fonts)."""
    shutil.copytree(SAMPLE.parent.parent, tmp_path / "project", ignore=shutil.ignore_patterns("outbox", ".briefkit-*"))
    manifest = tmp_path / "project" / "editions" / SAMPLE.name
    render(manifest, ["feed"])
    for name in ("feed.xml", "atom.xml"):
        _check(GOLDEN / "feeds" / name, (tmp_path / "project" / "outbox" / name).read_text("utf-8"))


def test_the_normalised_form_keeps_every_character() -> None:
    html = '<p>One <a href="x">link</a></p>\n<p>two</p>'
    assert one_element_per_line(html).replace("\n<", "<") == html.replace("\n<", "<")
    assert one_element_per_line(html) == '<p>One \n<a href="x">link\n</a>\n</p>\n<p>two\n</p>'
