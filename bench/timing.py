"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def timings(runs: int, action: Callable[[], Any]) -> list[float]:
    """Milliseconds each of ``runs`` calls of ``action`` took."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times
