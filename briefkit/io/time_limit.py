"""Stop a long computation in the current thread after a number of seconds, by raising TimeLimitExceeded in it."""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(Exception):
    """Raised inside the limited block when its time is up."""


def _interrupt(thread_id: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(TimeLimitExceeded))


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Run the block; if it takes longer than ``seconds``, TimeLimitExceeded is raised in it.

    The exception arrives between two Python instructions, so a block that spends its time in Python code (as
    WeasyPrint's layout does) stops promptly; a single long call into C finishes first.
    """
    done = threading.Event()
    lock = threading.Lock()  # the timer may not interrupt once the block has left

    def expire() -> None:
        with lock:
            if not done.is_set():
                _interrupt(target)

    target = threading.get_ident()
    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done.set()
        timer.cancel()
