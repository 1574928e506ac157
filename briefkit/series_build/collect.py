"""The build's first phase: every edition's record. An edition whose files and outputs are as the store has them
keeps its record; the others are made, in worker processes when there is more than one, and come back as a new
record with their files, or as a failure."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.io.reads import Checker
from briefkit.series_build.results import Failed, Made
from briefkit.series_feeds.record import Record
from briefkit.series_feeds.store import Store


@dataclass
class Plan:
    """The editions to make, and the records of those left as they are."""

    todo: list[str] = field(default_factory=list)
    unchanged: dict[str, Record] = field(default_factory=dict)


def plan(store: Store, manifests: list[str], outbox: Path) -> Plan:
    found = Plan()
    checker = Checker()
    for manifest in manifests:
        record = store.unchanged(manifest, checker, outbox)
        if record is None:
            found.todo.append(manifest)
        else:
            found.unchanged[manifest] = record
    return found


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def made(todo: list[str], root: Path, formats: list[str], drafts: bool, jobs: int) -> Iterator[Made | Failed]:
    """Each edition of ``todo`` made, in the order they finish; in ``jobs`` worker processes when there is more
    than one to make."""
    if not todo:
        return
    from briefkit.edition.translations import folders_read_once
    from briefkit.series_build.work import forget_themes, make  # loaded only when an edition is to be made

    forget_themes()  # a theme edited since an earlier build in this process is seen
    with folders_read_once():  # each process looks through editions/ for language versions once, not per edition
        yield from _made(todo, root, formats, drafts, jobs, make)


def _made(
    todo: list[str], root: Path, formats: list[str], drafts: bool, jobs: int, make: Callable[..., Made | Failed]
) -> Iterator[Made | Failed]:
    if jobs <= 1 or len(todo) <= 1:
        for manifest in todo:
            yield make(manifest, str(root), formats, drafts)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Workers start as copies of this process (fork), briefkit already loaded; each makes one edition at a time.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
        futures = [pool.submit(make, manifest, str(root), formats, drafts) for manifest in todo]
        for future in as_completed(futures):
            yield future.result()
