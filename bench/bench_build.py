"""Benchmark: `briefkit build` of a whole series, against Pelican building the same editions as Markdown articles
and against a shell loop of `briefkit render`, one process per edition.

Run with `make bench`. Prints every figure as a ratio against its anchor; it asserts nothing (the tests never time
anything). Every figure is a whole process, as an editor or a CI job runs it.

1. Cold build of 1,000 editions without PDFs (email, text, message file; the feeds and the web archive), at the
   machine's cores, against Pelican 4 building the same 1,000 editions (their words as Markdown articles, its
   default theme and feeds) in one process: the two in turn, the ratio taken pair by pair, the median quoted (a
   shared machine's speed drifts between runs). Target: at most 1.5x Pelican (moonshot: below 1).
2. A build after one edition changed (target: at most 0.5 s) and with nothing changed (target: at most 0.3 s),
   each as a ratio against its target.
3. A shell loop of `briefkit render` over 50 editions, scaled to 1,000, against the cold build.
4. PDFs of 100 editions at --jobs 1 and --jobs 2: throughput, and the ratio (target: at least 1.7x).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bench_feeds import COUNT, generated_project

REPO = Path(__file__).resolve().parent.parent
BRIEFKIT = [sys.executable, "-m", "briefkit"]
# Every process runs from compiled bytecode, as an installed briefkit (and Pelican) does: kept in a scratch folder
# (PYTHONPYCACHEPREFIX, set in main), filled by the warm-up runs. Without it, a module edited since its bytecode was
# last written would be compiled from source at every run.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> float:
    """Seconds the command took; it must succeed."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def settle() -> None:
    """Files as old as they are in a real project: their times can be trusted (see briefkit/io/reads.py)."""
    time.sleep(2.1)


def as_markdown(manifest: Path) -> str:
    """The edition's words as a Pelican article: metadata, the intro, each section's heading and items."""
    data = yaml.safe_load(manifest.read_text("utf-8"))
    lines = [
        f"Title: Sharper: {data['title']}",
        f"Date: {data['date']}",
        f"Slug: {manifest.stem}",
        f"Summary: {' '.join(str(data['intro']).split()[:30])}",
        "",
        str(data["intro"]),
        "",
    ]
    for section in data["sections"]:
        lines += [f"## {section.get('heading') or section['kind'].replace('_', ' ').title()}", ""]
        for item in section.get("items") or []:
            title, url = item.get("title") or item.get("url"), item.get("url", "")
            lines += [f"### [{title}]({url})", "", str(item.get("summary") or item.get("teaser") or ""), ""]
        if "people" in section:
            lines += [", ".join(section["people"]), ""]
    return "\n".join(lines)


PELICAN_CONF = """\
SITENAME = "Sharper"
SITEURL = ""
PATH = "content"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
"""


PAIRS = 3  # cold builds, each beside a Pelican build
ONE_TARGET, NOTHING_TARGET, PELICAN_TARGET = 0.5, 0.3, 1.5


def pelican_site(editions: list[Path], folder: Path) -> None:
    """The editions as Pelican's content folder, with its settings."""
    content = folder / "content"
    content.mkdir(parents=True)
    for manifest in editions:
        (content / f"{manifest.stem}.md").write_text(as_markdown(manifest), "utf-8")
    (folder / "pelicanconf.py").write_text(PELICAN_CONF, "utf-8")


def pelican(folder: Path) -> float:
    """One Pelican build from nothing."""
    shutil.rmtree(folder / "output", ignore_errors=True)
    return timed([sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"], folder)


def cold(root: Path, formats: list[str]) -> float:
    """One `briefkit build` from nothing: no outbox, no kept state."""
    shutil.rmtree(root / "outbox", ignore_errors=True)
    shutil.rmtree(root / ".briefkit-cache", ignore_errors=True)
    return timed([*BRIEFKIT, "build", *formats], root)


def main() -> None:
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as scratch:
        ENV["PYTHONPYCACHEPREFIX"] = str(Path(scratch) / "bytecode")
        root = Path(scratch) / "series"
        root.mkdir()
        editions = generated_project(root, 20)
        manifests = sorted(p for p in editions.glob("*.yaml") if not p.name.endswith(".series.yaml"))
        theirs_folder = Path(scratch) / "pelican"
        pelican_site(manifests, theirs_folder)
        formats = ["--format", "email,text,eml"]
        pelican(theirs_folder)  # a warm-up of each, not counted: the files and Python's own caches in memory
        cold(root, formats)
        ours, theirs = [], []
        for _ in range(PAIRS):
            ours.append(cold(root, formats))
            theirs.append(pelican(theirs_folder))
        ratios = [mine / other for mine, other in zip(ours, theirs, strict=True)]
        series = next(editions.glob("*.series.yaml"))  # the same cold build without the search index
        kept = series.read_text("utf-8")
        series.write_text(kept + "search: false\n", "utf-8")
        unsearched = [cold(root, formats) for _ in range(PAIRS)]
        series.write_text(kept, "utf-8")
        settle()
        timed([*BRIEFKIT, "build", *formats], root)  # files compared by their bytes are now known by their times
        nothing = [timed([*BRIEFKIT, "build", *formats], root) for _ in range(5)]
        one = []
        for week in range(3):
            changed = manifests[week * 100]
            changed.write_text(changed.read_text("utf-8").replace("\ntitle: ", f"\ntitle: Revised {week}, ", 1))
            one.append(timed([*BRIEFKIT, "build", *formats], root))
        pages = len(list((root / "outbox" / "web").glob("*/index.html")))

        sample = manifests[:50]
        start = time.perf_counter()
        for manifest in sample:
            subprocess.run([*BRIEFKIT, "render", str(manifest), "--format", "email,text,eml"], cwd=root, env=ENV,
                           check=True, capture_output=True)  # fmt: skip
        loop = (time.perf_counter() - start) / len(sample) * COUNT

        pdf_root = Path(scratch) / "pdfs"
        pdf_root.mkdir()
        generated_project(pdf_root, 20, count=100)
        settle()
        pdf_times = {}
        for jobs in (1, 2):
            shutil.rmtree(pdf_root / "outbox", ignore_errors=True)
            shutil.rmtree(pdf_root / ".briefkit-cache", ignore_errors=True)
            pdf_times[jobs] = timed([*BRIEFKIT, "build", "--format", "pdf", "--jobs", str(jobs)], pdf_root)

    median = statistics.median
    print(f"`briefkit build` of {COUNT:,} editions, email + text + message file, feeds and web archive "
          f"({pages:,} pages), {cores} cores, whole processes")  # fmt: skip
    print(f"  cold build / Pelican 4 (the same words as Markdown articles, default theme and feeds), "
          f"{PAIRS} pairs in turn")  # fmt: skip
    print(f"    {median(ratios):.2f}x  (pairs {', '.join(f'{r:.2f}' for r in ratios)}; "
          f"target <= {PELICAN_TARGET}x, moonshot < 1x)  "
          f"briefkit {median(ours):.2f} s, Pelican {median(theirs):.2f} s (medians)")  # fmt: skip
    print(f"  cold build with the search index (Pagefind) / without it (search: false): "
          f"{median(ours) / median(unsearched):.2f}x  ({median(ours):.2f} s against {median(unsearched):.2f} s, "
          f"medians of {PAIRS})")  # fmt: skip
    print(f"  one edition changed / its {ONE_TARGET} s target: {median(one) / ONE_TARGET:.2f}x  "
          f"({median(one):.2f} s, median of {len(one)})")  # fmt: skip
    print(f"  nothing changed / its {NOTHING_TARGET} s target: {median(nothing) / NOTHING_TARGET:.2f}x  "
          f"({median(nothing):.2f} s, median of {len(nothing)})")  # fmt: skip
    print(f"  cold build / a shell loop of `briefkit render`, one process an edition (50 timed, scaled to "
          f"{COUNT:,}: {loop:.1f} s): {median(ours) / loop:.2f}x")  # fmt: skip
    rate = {jobs: 100 / seconds for jobs, seconds in pdf_times.items()}
    print(f"PDFs of 100 editions (`build --format pdf`): --jobs 2 / --jobs 1 throughput {rate[2] / rate[1]:.2f}x  "
          f"(target >= 1.7x; --jobs 1 {pdf_times[1]:.1f} s, --jobs 2 {pdf_times[2]:.1f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
