"""Benchmark: the sample edition's PDF, against headless Chromium printing the same print HTML; and a 50-edition book.

Run with `make bench`. Prints figures and ratios; it asserts nothing (the tests never time anything).

1. In-process: briefkit's PDF of the sample from the edition model (WeasyPrint, warm).
2. Whole process: `briefkit render --format pdf`, against `chromium --headless --print-to-pdf` printing the
   same print HTML with the same stylesheet and pictures from local files. Target: within 1.15x of Chromium.
3. Size: briefkit's PDF against Chromium's. Target: no larger than 80% of Chromium's.
4. A book of 50 editions (`briefkit pdf`), in seconds and pages per second, against Chromium printing the
   book's print HTML; and an edition with a 1,000-item listing (about 115 pages) against Chromium printing its
   print HTML. Target: both within 1.5x of Chromium. (Chromium prints the link addresses where they stand:
   it has no CSS footnotes. Both are also timed with briefkit's footnotes turned off, to show their cost.)
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import timings

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "editions" / "2021-03-31-the-beijing-moscow-partnership.yaml"
SECOND = REPO / "editions" / "2020-08-10-sino-russian-defense-cooperation.yaml"
BRIEFKIT = Path(sys.executable).parent / "briefkit"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def chromium_print(html_file: Path, pdf_file: Path, profile: Path) -> None:
    shutil.rmtree(profile, ignore_errors=True)
    subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_file}", html_file.as_uri()],
        check=True,
        capture_output=True,
    )


def print_page_for_chromium(folder: Path, manifests: list[Path] | None = None) -> Path:
    """The print HTML of the sample (or the book of ``manifests``) as files Chromium can open: the stylesheet
    beside it, pictures from local copies."""
    from briefkit.api import load_edition
    from briefkit.render.pdf import book_html, print_html
    from briefkit.render.pdf_resources import THEME_URL
    from briefkit.sources.documents import PROJECT_URL

    loaded = [load_edition(path) for path in (manifests or [SAMPLE])]
    edition, theme, root = loaded[0]
    made = book_html([e for e, _, _ in loaded], theme, "Book") if manifests and len(manifests) > 1 else None
    html = (made or print_html(edition, theme)).replace(PROJECT_URL, root.as_uri() + "/").replace(THEME_URL, "")
    shutil.copy(theme.folder / "print.css", folder / "print.css")
    shutil.copytree(theme.folder / "fonts", folder / "fonts")
    page = folder / "print.html"
    page.write_text(html, encoding="utf-8")
    return page


def book_project(folder: Path, count: int) -> list[Path]:
    """A project with ``count`` editions (the two samples, re-dated week by week)."""
    shutil.copytree(REPO / "editions", folder / "editions")
    for name in ("templates", "seeds", "images", "feeds"):
        shutil.copytree(REPO / name, folder / name)
    manifests = []
    first = dt.date(2019, 1, 7)
    for i in range(count):
        source = (SAMPLE if i % 2 else SECOND).read_text(encoding="utf-8")
        day = first + dt.timedelta(weeks=i)
        original = "date: 2021-03-31" if i % 2 else "date: 2020-08-10"
        manifest = folder / "editions" / f"{day.isoformat()}-edition-{i + 1}.yaml"
        manifest.write_text(source.replace(original, f"date: {day.isoformat()}"), encoding="utf-8")
        manifests.append(manifest)
    return manifests


def long_listing(folder: Path, count: int = 1000) -> Path:
    """The sample with a last section listing ``count`` items, each with a link, a teaser and a byline."""
    shutil.copytree(REPO / "editions", folder / "editions")
    for name in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / name, folder / name)
    items = "".join(
        f"      - title: Listing item {i} on the state of the partnership and what comes next\n"
        f"        url: https://www.cnas.org/publications/item-{i}\n"
        f"        teaser: A teaser for item {i}, long enough to wrap over two lines in the printed edition.\n"
        f"        authors: Author {i % 40}\n"
        for i in range(count)
    )
    manifest = folder / "editions" / "long-listing.yaml"
    text = SAMPLE.read_text("utf-8").rstrip() + "\n  - kind: listing\n    heading: The Archive\n    items:\n"
    manifest.write_text(text + items, "utf-8")
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".lock.json"), folder / "editions" / "long-listing.lock.json")
    return manifest


def without_footnotes(project: Path) -> Callable[[], None]:
    """Give ``project`` a theme whose link addresses are not footnotes (to time what they cost); returns what
    puts the project back as it was."""
    theme = project / "templates" / "sharper"
    own = theme.exists()
    if not own:
        shutil.copytree(REPO / "templates" / "sharper", theme)
    css = theme / "print.css"
    before = css.read_text("utf-8")
    css.write_text(before.replace("float: footnote;", "display: none;"), "utf-8")

    def restore() -> None:
        if own:
            css.write_text(before, "utf-8")
        else:
            shutil.rmtree(project / "templates")

    return restore


def against_chromium(label: str, command: list[str], manifests: list[Path], scratch: Path) -> None:
    """One whole `briefkit` process against Chromium printing the same print HTML, with and without footnotes."""
    from pypdf import PdfReader

    (ours,) = timings(1, lambda: subprocess.run(command, check=True, capture_output=True))
    folder = scratch / f"chromium-{label}"
    folder.mkdir()
    page = print_page_for_chromium(folder, manifests)
    pdf = folder / "out.pdf"
    (theirs,) = timings(1, lambda: chromium_print(page, pdf, folder / "profile"))
    project = manifests[0].parent.parent
    restore = without_footnotes(project)
    (plain,) = timings(1, lambda: subprocess.run(command, check=True, capture_output=True))
    restore()
    pages = len(PdfReader(pdf).pages)
    print(f"{label} (whole process)")
    print(f"  briefkit                        {ours / 1000:7.1f} s")
    print(f"  chromium, the same print HTML   {theirs / 1000:7.1f} s  ({pages} pages)")
    print(f"  ratio                           {ours / theirs:7.2f}x Chromium's time   target <= 1.5x")
    print(f"  briefkit without footnotes      {plain / 1000:7.1f} s  ({plain / theirs:.2f}x; the footnotes cost "
          f"{(ours - plain) / ours * 100:.0f}% of the time)")  # fmt: skip


def main() -> None:
    from pypdf import PdfReader

    from briefkit.api import load_edition
    from briefkit.render.outputs import pdf_resources
    from briefkit.render.pdf import render_pdf

    edition, theme, _ = load_edition(SAMPLE)
    render_pdf(edition, theme, pdf_resources([edition], theme))  # warm up
    runs = 10
    in_process = timings(runs, lambda: render_pdf(edition, theme, pdf_resources([edition], theme)))
    print("In-process PDF of the sample (from the edition model)")
    print(f"  briefkit (WeasyPrint)   {statistics.mean(in_process):8.1f} ms  (mean of {runs})")

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        outbox = scratch / "outbox"
        ours = timings(
            runs,
            lambda: subprocess.run(
                [str(BRIEFKIT), "render", str(SAMPLE), "--format", "pdf", "--outbox", str(outbox)],
                check=True,
                capture_output=True,
            ),
        )
        page = print_page_for_chromium(scratch)
        chromium_pdf = scratch / "chromium.pdf"
        chromium_print(page, chromium_pdf, scratch / "profile")  # warm the disk cache
        theirs = timings(runs, lambda: chromium_print(page, chromium_pdf, scratch / "profile"))
        our_ms, their_ms = statistics.mean(ours), statistics.mean(theirs)
        our_pdf = outbox / SAMPLE.stem / "edition.pdf"
        our_size, their_size = our_pdf.stat().st_size, chromium_pdf.stat().st_size
        print("Whole process, the sample's PDF")
        print(f"  briefkit render --format pdf   {our_ms:8.1f} ms  (mean of {runs})")
        print(f"  chromium --print-to-pdf        {their_ms:8.1f} ms  (mean of {runs}, same print HTML)")
        print(f"  ratio                          {our_ms / their_ms:8.2f}x Chromium's time   target <= 1.15x")
        print("Size")
        print(f"  briefkit                       {our_size:8d} bytes  ({len(PdfReader(our_pdf).pages)} pages)")
        print(f"  chromium                       {their_size:8d} bytes  ({len(PdfReader(chromium_pdf).pages)} pages)")
        print(f"  ratio                          {our_size / their_size * 100:8.1f}% of Chromium's   target <= 80%")

        manifests = book_project(scratch / "book", 50)
        book = scratch / "book.pdf"
        (seconds,) = timings(
            1,
            lambda: subprocess.run(
                [str(BRIEFKIT), "pdf", *map(str, manifests), "-o", str(book)], check=True, capture_output=True
            ),
        )
        pages = len(PdfReader(book).pages)
        print("Book of 50 editions (briefkit pdf, whole process)")
        print(f"  {seconds / 1000:.1f} s for {pages} pages: {pages / (seconds / 1000):.1f} pages per second")
        command = [str(BRIEFKIT), "pdf", *map(str, manifests), "-o", str(book)]
        against_chromium("Book of 50 editions", command, manifests, scratch)

        long = long_listing(scratch / "long")
        command = [str(BRIEFKIT), "render", str(long), "--format", "pdf", "--outbox", str(scratch / "long-out")]
        against_chromium("An edition with a 1,000-item listing", command, [long], scratch)


if __name__ == "__main__":
    main()
