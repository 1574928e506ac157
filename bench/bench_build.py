"""Benchmark: `briefkit build` of a whole series, against Pelican building the same editions as Markdown articles
and against a shell loop of `briefkit render`, one process per edition.

Run with `make bench`. Prints figures and ratios; it asserts nothing (the tests never time anything). Every
figure is a whole `briefkit build` process, as an editor or a CI job runs it.

1. Cold build of 1,000 editions without PDFs (email, text, message file; the feeds and the web archive), at
   the machine's cores. Target: under 10 s, and faster than Pelican.
2. A build after one edition changed (target: under 1 s), and with nothing changed (target: under 0.5 s).
3. Pelican 4 building the same 1,000 editions (their words as Markdown articles) with its default theme and
   feeds, in one process; and a shell loop of `briefkit render` over 50 editions, scaled to 1,000.
4. PDFs of 100 editions at --jobs 1 and --jobs 2: throughput, and the ratio (target: at least 1.7x).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bench_feeds import COUNT, generated_project

REPO = Path(__file__).resolve().parent.parent
BRIEFKIT = [sys.executable, "-m", "briefkit"]
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


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


def pelican(editions: list[Path], folder: Path) -> float:
    content = folder / "content"
    content.mkdir(parents=True)
    for manifest in editions:
        (content / f"{manifest.stem}.md").write_text(as_markdown(manifest), "utf-8")
    (folder / "pelicanconf.py").write_text(PELICAN_CONF, "utf-8")
    return timed([sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"], folder)


def main() -> None:
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "series"
        root.mkdir()
        editions = generated_project(root, 20)
        manifests = sorted(p for p in editions.glob("*.yaml") if not p.name.endswith(".series.yaml"))
        settle()
        formats = ["--format", "email,text,eml"]
        cold = timed([*BRIEFKIT, "build", *formats], root)
        settle()
        timed([*BRIEFKIT, "build", *formats], root)  # files compared by their bytes are now known by their times
        nothing = min(timed([*BRIEFKIT, "build", *formats], root) for _ in range(3))
        one = []
        for week in range(3):
            changed = manifests[week * 100]
            changed.write_text(changed.read_text("utf-8").replace("\ntitle: ", f"\ntitle: Revised {week}, ", 1))
            one.append(timed([*BRIEFKIT, "build", *formats], root))
        pages = len(list((root / "outbox" / "web").glob("*/index.html")))

        theirs = pelican(manifests, Path(scratch) / "pelican")
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

    print(f"`briefkit build` of {COUNT:,} editions, email + text + message file, feeds and web archive "
          f"({pages:,} pages), {cores} cores, whole processes")  # fmt: skip
    print(f"  cold build                        {cold:7.2f} s   (target < 10 s)")
    print(f"  one edition changed               {sum(one) / len(one):7.2f} s   (mean of {len(one)}; target < 1 s)")
    print(f"  nothing changed                   {nothing:7.2f} s   (best of 3; target < 0.5 s)")
    print(f"  Pelican 4, the same words as Markdown articles, default theme and feeds   {theirs:7.2f} s")
    print(f"    briefkit's cold build / Pelican: {cold / theirs:.2f}x  (below 1: briefkit is faster)")
    print(f"  a shell loop of `briefkit render`, one process an edition (50 timed, scaled)  {loop:7.1f} s")
    print(f"    briefkit's cold build / the loop: {cold / loop:.2f}x")
    rate = {jobs: 100 / seconds for jobs, seconds in pdf_times.items()}
    print(f"PDFs of 100 editions (`build --format pdf`): --jobs 1 {pdf_times[1]:.1f} s ({rate[1]:.1f}/s), "
          f"--jobs 2 {pdf_times[2]:.1f} s ({rate[2]:.1f}/s): {rate[2] / rate[1]:.2f}x  (target >= 1.7x)")  # fmt: skip


if __name__ == "__main__":
    main()
