"""Golden files: the samples' email HTML and text, byte for byte.

After an intended change of output run `make golden`, then read `git diff tests/golden` before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefkit.api import load_edition, render_outputs
from briefkit.render.pdf import print_html

from conftest import REPO, SAMPLE, SECOND

GOLDEN = REPO / "tests" / "golden"
UPDATE = os.environ.get("BRIEFKIT_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("manifest", [SAMPLE, SECOND], ids=lambda p: p.stem)
def test_outputs_match_golden_files(manifest: Path) -> None:
    edition, theme, _ = load_edition(manifest)
    outputs = render_outputs(edition, theme, ["email", "text"]).files
    # The PDF itself is checked by tests/test_pdf.py; its reviewable source, the print HTML, is golden here.
    outputs["print.html"] = print_html(edition, theme).encode("utf-8")
    folder = GOLDEN / manifest.stem
    for name, data in outputs.items():
        golden = folder / name
        if UPDATE:
            folder.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(data)
        assert golden.exists(), f"no golden file {golden}; run `make golden`"
        assert data == golden.read_bytes(), f"{name} differs from {golden}; if intended, run `make golden`"
