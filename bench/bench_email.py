"""Benchmark: the sample edition's email + text, against the reference MJML compiling the same MJML.

Run with `make bench`. Prints figures and ratios; it asserts nothing (the tests never time anything).

1. In-process: briefkit renders email HTML and text from the parsed manifest, against the reference
   MJML (npm `mjml`) compiling the same MJML in a warm node process. Target: at least 10x faster.
2. Whole process: `briefkit render --format email,text`, against the reference CLI `mjml` compiling
   the same MJML file. Target: briefkit under 40% of the reference CLI's time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
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

        cli_runs = 10
        outbox = Path(scratch) / "outbox"
        ours_cli = timings(
            cli_runs,
            lambda: subprocess.run(
                [str(BRIEFKIT), "render", str(SAMPLE), "--format", "email,text", "--outbox", str(outbox)],
                check=True,
                capture_output=True,
            ),
        )
        theirs_cli = timings(
            cli_runs,
            lambda: subprocess.run(
                [str(MJML_CLI), str(mjml_file), "-o", str(Path(scratch) / "ref.html")], check=True, capture_output=True
            ),
        )
    our_cli, their_cli = statistics.mean(ours_cli), statistics.mean(theirs_cli)
    print("Whole process (start to finish)")
    print(f"  briefkit render --format email,text  {our_cli:8.1f} ms  (mean of {cli_runs})")
    print(f"  mjml CLI on the same MJML            {their_cli:8.1f} ms  (mean of {cli_runs})")
    print(f"  ratio                                {our_cli / their_cli * 100:8.1f}% of the reference   target < 40%")


if __name__ == "__main__":
    main()
