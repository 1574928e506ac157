"""Benchmark: the sample edition's email + text, against the reference MJML compiling the same MJML; and start-up.

Run with `make bench`. Prints figures and ratios; it asserts nothing (the tests never time anything).

1. In-process: briefkit renders email HTML and text from the parsed manifest, against the reference
   MJML (npm `mjml`) compiling the same MJML in a warm node process. Target: at least 10x faster.
2. Whole process: `briefkit render --format email,text`, against the reference CLI `mjml` compiling
   the same MJML file, run in turn (A B A B ...) and compared pair by pair, so that a machine whose speed
   drifts compares like with like; the median of the pairs' ratios is the figure. Target: at most 0.25x.
3. Start-up: `briefkit --help` and `briefkit --version`, each paired with a bare `python -c pass`; the median
   of the pairs' differences. Target: within 40 ms.

Every briefkit process runs from compiled bytecode, as an installed briefkit does (pip compiles it on install):
PYTHONDONTWRITEBYTECODE is left out of their environment and the bytecode kept in a scratch PYTHONPYCACHEPREFIX,
filled by a warm-up run. Without it each run would compile briefkit's modules from source again (~50 ms).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from timing import timings

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "editions" / "2021-03-31-the-beijing-moscow-partnership.yaml"
MJML_CLI = REPO / "node_modules" / ".bin" / "mjml"
BRIEFKIT = Path(sys.executable).parent / "briefkit"


def main() -> None:
    from briefkit.api import load_edition, render_outputs
    from briefkit.edition.build import build_edition
    from briefkit.manifest.load import load_manifest
    from briefkit.render.email_html import render_mjml
    from briefkit.sources.feeds_in.items import resolve_feeds

    manifest = load_manifest(SAMPLE)  # the parsed, checked manifest
    feed_items = resolve_feeds(manifest).items  # the listing's entries, from the lock file
    edition, theme, _ = load_edition(SAMPLE)
    mjml = render_mjml(edition, theme)
    render_outputs(edition, theme, ["email", "text"])  # warm up: templates compiled, libraries loaded

    def from_manifest() -> None:
        """Everything after parsing: the edition model (Markdown included), then both formats."""
        render_outputs(build_edition(manifest, feed_items), theme, ["email", "text"])

    runs = 50
    ours = timings(runs, from_manifest)
    with tempfile.TemporaryDirectory() as scratch:
        mjml_file = Path(scratch) / "sample.mjml"
        mjml_file.write_text(mjml, encoding="utf-8")
        node = subprocess.run(
            ["node", str(REPO / "bench" / "mjml_reference.js"), str(mjml_file), str(runs)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        reference_ms = json.loads(node.stdout)["mean_ms"]
        our_ms = statistics.mean(ours)
        print("In-process render of the sample (email HTML + text, from the parsed manifest)")
        print(f"  briefkit                 {our_ms:8.2f} ms  (mean of {runs}; median {statistics.median(ours):.2f})")
        print(f"  reference mjml (node)    {reference_ms:8.2f} ms  (mean of {runs}, warm, MJML to HTML only)")
        print(f"  ratio                    {reference_ms / our_ms:8.1f}x faster   target >= 10x")

        environment = _installed_like(Path(scratch) / "bytecode")
        outbox = Path(scratch) / "outbox"
        ours_cmd = [str(BRIEFKIT), "render", str(SAMPLE), "--format", "email,text", "--outbox", str(outbox)]
        theirs_cmd = [str(MJML_CLI), str(mjml_file), "-o", str(Path(scratch) / "ref.html")]
        pairs = paired(15, ours_cmd, theirs_cmd, environment)
        ratios = [a / b for a, b in pairs]
        print("Whole process, start to finish (15 pairs run in turn, A B A B ...; wall-clock time)")
        print(f"  briefkit render --format email,text  {statistics.median(a for a, _ in pairs):8.1f} ms  (median)")
        print(f"  mjml CLI on the same MJML            {statistics.median(b for _, b in pairs):8.1f} ms  (median)")
        print(
            f"  ratio, median of the pairs           {statistics.median(ratios):8.2f}x  "
            f"(min {min(ratios):.2f}, max {max(ratios):.2f})   target <= 0.25x"
        )

        print("Start-up, against a bare `python -c pass` (15 pairs run in turn)")
        bare = [sys.executable, "-c", "pass"]
        for option in ("--help", "--version"):
            pairs = paired(15, [str(BRIEFKIT), option], bare, environment)
            over = [a - b for a, b in pairs]
            print(
                f"  briefkit {option:<9}  {statistics.median(over):6.1f} ms more than python alone  (median; "
                f"{statistics.median(a for a, _ in pairs):.1f} ms against {statistics.median(b for _, b in pairs):.1f})"
                "   target <= 40 ms"
            )


def _installed_like(bytecode: Path) -> dict[str, str]:
    """The environment for a briefkit that runs from compiled bytecode, as an installed one does."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return environment


def paired(
    runs: int, first: Sequence[str], second: Sequence[str], environment: dict[str, str]
) -> list[tuple[float, float]]:
    """Milliseconds of each of ``runs`` pairs of whole processes, ``first`` then ``second`` in turn, after one
    run of each not counted (it fills the bytecode cache and the file system's)."""

    def once(command: Sequence[str]) -> float:
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=REPO, env=environment)
        return (time.perf_counter() - start) * 1000

    once(first), once(second)
    return [(once(first), once(second)) for _ in range(runs)]


if __name__ == "__main__":
    main()
