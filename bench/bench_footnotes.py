"""Benchmark: what the PDF's footnotes cost on a 1,000-item listing, with each footnote laid out once
(briefkit/render/pdf_footnotes.py) and as WeasyPrint lays them out itself; and printing the listing's addresses
inline instead.

Run with `make bench` (or `python bench/bench_footnotes.py [items] [runs]`). Prints figures and ratios; it
asserts nothing (the tests never time anything). In-process, warm, from the edition model; the variants run in
turn within each round (A B C D, A B C D, ...), and each ratio is the median of the rounds' ratios, so that a
machine whose speed drifts still compares like with like.

- with the wrapper: the PDF as briefkit makes it;
- WeasyPrint's own footnotes: the same, the wrapper turned off (`stock_footnotes()`); the two PDFs are compared
  byte for byte;
- footnotes off: the theme's link addresses not printed at all (`.link-note { display: none }`), the floor;
  target: with the wrapper within 1.15x of it;
- addresses inline: the listing items' addresses printed under their titles instead of as footnotes (the other
  sections keep their footnotes), measured only; its page count is printed beside the others'.
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_pdf import REPO, long_listing

WRAPPED, STOCK, OFF, INLINE = "with the wrapper", "WeasyPrint's own footnotes", "footnotes off", "addresses inline"
INLINE_LISTING_ADDRESSES = """
/* bench: the listing's addresses printed under each title, not as footnotes */
.section-listing .link-note {
  float: none;
  display: block;
  font-weight: 400;
  margin: 0.5mm 0 0 0;
}
"""


def themed(project: Path, css_change: Callable[[str], str]) -> None:
    """Give ``project`` a copy of the Sharper theme with its print stylesheet changed."""
    theme = project / "templates" / "sharper"
    shutil.copytree(REPO / "templates" / "sharper", theme)
    css = theme / "print.css"
    css.write_text(css_change(css.read_text("utf-8")), "utf-8")


def main() -> None:
    from pypdf import PdfReader

    from briefkit.api import load_edition
    from briefkit.render import pdf_footnotes
    from briefkit.render.outputs import pdf_resources
    from briefkit.render.pdf import render_pdf

    items = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        manifests = {name: long_listing(scratch / name, items) for name in ("ours", "off", "inline")}
        themed(scratch / "off", lambda css: css.replace("float: footnote;", "display: none;"))
        themed(scratch / "inline", lambda css: css + INLINE_LISTING_ADDRESSES)
        loaded = {name: load_edition(manifest)[:2] for name, manifest in manifests.items()}

        def render(name: str) -> bytes:
            edition, theme = loaded[name]
            return render_pdf(edition, theme, pdf_resources([edition], theme)).data

        def render_stock() -> bytes:
            with pdf_footnotes.stock_footnotes():
                return render("ours")

        variants: dict[str, Callable[[], bytes]] = {
            WRAPPED: lambda: render("ours"),
            STOCK: render_stock,
            OFF: lambda: render("off"),
            INLINE: lambda: render("inline"),
        }
        seconds: dict[str, list[float]] = {name: [] for name in variants}
        made: dict[str, bytes] = {}
        for name, action in variants.items():  # warm-up, and the files to compare
            made[name] = action()
        for _ in range(rounds):
            for name, action in variants.items():
                start = time.perf_counter()
                action()
                seconds[name].append(time.perf_counter() - start)

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(seconds[a], seconds[b], strict=True))

    pages = {name: len(PdfReader(io.BytesIO(data)).pages) for name, data in made.items()}
    print(f"PDF of an edition with a {items:,}-item listing, in-process ({rounds} rounds, medians)")
    print(f"  installed WeasyPrint {pdf_footnotes.weasyprint_version()}; wrapper in place: {pdf_footnotes.install()}")
    for name in variants:
        print(f"  {name:<28} {statistics.median(seconds[name]):7.2f} s  ({pages[name]} pages)")
    same = made[WRAPPED] == made[STOCK]
    print(f"  with and without the wrapper: {'byte-identical' if same else 'DIFFERENT'} PDFs")
    rows = [
        ("with the wrapper / footnotes off", WRAPPED, OFF, "   target <= 1.15x"),
        ("WeasyPrint's own footnotes / footnotes off", STOCK, OFF, ""),
        ("with the wrapper / WeasyPrint's own", WRAPPED, STOCK, ""),
        ("addresses inline / with the wrapper", INLINE, WRAPPED, ""),
        ("addresses inline / footnotes off", INLINE, OFF, ""),
    ]
    for label, a, b, target in rows:
        print(f"  {label:<44} {ratio(a, b):5.2f}x{target}")


if __name__ == "__main__":
    main()
