"""What `briefkit build` prints: a progress bar on a terminal (rich), one line per edition otherwise (CI logs),
then a summary; every problem with its place."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from briefkit.edition.wording import counted
from briefkit.errors import Finding

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from briefkit.series_build.run import BuildResult, Outcome


class Reporter:
    """``say``: how the command line shows a finding (one way for every command)."""

    def __init__(self, say: Callable[[Finding], str], stream: TextIO | None = None) -> None:
        self.say = say
        self.stream = stream or sys.stderr
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def begin(self, to_make: int, unchanged: int) -> None:
        if to_make and self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.description}"), console=Console(file=self.stream), transient=True,
            )  # fmt: skip
            self.progress.start()
            self.task = self.progress.add_task("", total=to_make)

    def report(self, outcome: Outcome) -> None:
        if self.progress is not None and self.task is not None:
            if outcome.status != "unchanged":
                self.progress.update(self.task, advance=1, description=outcome.slug)
            return
        self._line(f"{outcome.status:<9} {outcome.slug}{' (draft)' if outcome.draft else ''}")

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def summary(self, result: BuildResult) -> None:
        for outcome in result.outcomes:
            for warning in outcome.warnings:
                self._line(self.say(warning))
        for warning in result.warnings:
            self._line(self.say(warning))
        said: set[str] = set()  # a theme's mistake fails every edition that uses it: said once
        for outcome in result.failed:
            for line in outcome.problem.splitlines():
                if line not in said:
                    said.add(line)
                    self._line(line)
        warnings = sum(len(o.warnings) for o in result.outcomes) + len(result.warnings)
        parts = [
            f"{result.count('rendered')} rendered",
            f"{result.count('unchanged')} unchanged",
            counted(result.drafts, "draft")
            + (" included for review" if result.drafts_included else " kept out of the feeds and archive"),
            f"{len(result.removed)} removed",
            counted(warnings, "warning"),
            f"{len(result.failed)} failed",
        ]
        self._line(f"build: {', '.join(parts)}; the web archive holds {counted(result.archive, 'edition')}")

    def _line(self, text: str) -> None:
        print(text, file=self.stream)
