"""Note which files an edition was made from, so that what was made from them can be reused while they stay the same."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

FILE, ABSENT, LISTING = "file", "absent", "listing"


@dataclass(frozen=True)
class Read:
    """One thing a preparation looked at: a file's bytes, a file's absence, or the names in a folder."""

    path: str  # absolute
    kind: str  # FILE, ABSENT or LISTING
    digest: str = ""  # sha256 of the bytes (FILE) or of the names (LISTING)
    size: int = -1  # FILE: the size and modification time seen before reading, to skip re-hashing;
    mtime_ns: int = -1  # -1 when the file was too new for its time to be trusted


@dataclass
class Reads:
    """What one preparation read. ``volatile`` when something came from the network: nothing may be reused then."""

    files: dict[str, Read] = field(default_factory=dict)
    volatile: bool = False

    def add(self, read: Read) -> None:
        self.files.setdefault(read.path, read)


_noting: ContextVar[tuple[Reads, ...]] = ContextVar("briefkit_reads", default=())


@contextmanager
def noting() -> Iterator[Reads]:
    """Collect every read made through this module inside the block (an enclosing block collects them too)."""
    reads = Reads()
    token = _noting.set((*_noting.get(), reads))
    try:
        yield reads
    finally:
        _noting.reset(token)


def _add(read: Read) -> None:
    for reads in _noting.get():
        reads.add(read)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _listing_digest(paths: Iterable[Path]) -> str:
    return _digest("\n".join(sorted(p.name for p in paths)).encode("utf-8"))


# A file changed this recently may change again within the same tick of the file system's clock, keeping its
# time; its bytes are compared next time instead.
_SETTLED_NS = 2_000_000_000


def _settled(mtime_ns: int) -> bool:
    return time.time_ns() - mtime_ns > _SETTLED_NS


def read_bytes(path: Path) -> bytes:
    """The file's bytes; noted. Its size and time are taken before reading, so a change made meanwhile is seen."""
    status = os.stat(path)
    data = path.read_bytes()
    if _noting.get():
        mtime = status.st_mtime_ns if _settled(status.st_mtime_ns) else -1
        _add(Read(str(path.absolute()), FILE, _digest(data), status.st_size, mtime))
    return data


def read_if_present(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no such file; either way noted."""
    try:
        return read_bytes(path)
    except FileNotFoundError:
        note_absent(path)
        return None


def note_absent(path: Path) -> None:
    if _noting.get():
        _add(Read(str(path.absolute()), ABSENT))


def listing(folder: Path, pattern: str) -> list[Path]:
    """The files in ``folder`` matching ``pattern``, in name order; noted: a file added or removed there matters."""
    paths = sorted(folder.glob(pattern))
    if _noting.get():
        _add(Read(f"{folder.absolute()}{os.sep}{pattern}", LISTING, _listing_digest(paths)))
    return paths


def note_network() -> None:
    """Something came from the network: what is made now cannot be checked later."""
    for reads in _noting.get():
        reads.volatile = True


class Checker:
    """Tells whether reads still hold; each is looked at once however many preparations share it. A file whose
    bytes had to be compared (it was touched, or too new to trust its time) and that has settled since gets
    a fresh read with its time in ``refreshed``, so that next time its time is enough."""

    def __init__(self) -> None:
        self._seen: dict[Read, bool] = {}
        # The kept archive shares one Read object among all the editions that read a file (the theme's, say):
        # looked up by identity first, a thousand editions cost a thousand dict lookups, not a thousand hashes.
        self._by_id: dict[int, tuple[Read, bool]] = {}
        self.refreshed: dict[Read, Read] = {}

    def holds(self, read: Read) -> bool:
        known = self._by_id.get(id(read))
        return known[1] if known is not None and known[0] is read else self._learn(read)

    def all_hold(self, reads: Iterable[Read]) -> bool:
        # holds() inlined: a build where one edition changed asks this of a thousand records of ~160 reads each,
        # most of them the theme's, shared and seen already.
        by_id = self._by_id
        for read in reads:
            known = by_id.get(id(read))
            if not (known[1] if known is not None and known[0] is read else self._learn(read)):
                return False
        return True

    def _learn(self, read: Read) -> bool:
        """Whether a read not looked up by identity yet holds: checked once per equal read."""
        seen = self._seen.get(read)
        if seen is None:
            seen = self._seen[read] = self._check(read)
        self._by_id[id(read)] = (read, seen)  # the Read is kept alive with it, so its id is not reused
        return seen

    def _check(self, read: Read) -> bool:
        if read.kind == LISTING:
            folder, _, pattern = read.path.rpartition(os.sep)
            return _listing_digest(Path(folder).glob(pattern)) == read.digest
        try:
            status = os.stat(read.path)
        except OSError:
            return read.kind == ABSENT
        if read.kind == ABSENT:
            return False
        if status.st_size != read.size:
            return False
        if status.st_mtime_ns == read.mtime_ns:
            return True
        try:  # touched (a checkout, say): the bytes decide
            same = _digest(Path(read.path).read_bytes()) == read.digest
        except OSError:
            return False
        if same and _settled(status.st_mtime_ns):
            self.refreshed[read] = Read(read.path, FILE, read.digest, status.st_size, status.st_mtime_ns)
        return same


class ReadTable:
    """Reads as a cache file keeps them: each file once (kind, digest, size, time) by its path relative to the
    project, so that a moved project keeps its cache, and each record naming its reads by those paths. Loaded,
    a file read by many records is one Read object, which the Checker then looks at once."""

    def __init__(self, root: Path) -> None:
        self._prefix = str(root) + os.sep

    def relative(self, path: str) -> str:
        return path[len(self._prefix) :] if path.startswith(self._prefix) else path

    def absolute(self, name: str) -> str:
        return name if os.path.isabs(name) else self._prefix + name

    def dump(self, reads: Iterable[Read]) -> dict[str, list[object]]:
        """The table of ``reads`` (with repeats), to write."""
        return {self.relative(read.path): [read.kind, read.digest, read.size, read.mtime_ns] for read in reads}

    def names(self, reads: Iterable[Read]) -> list[str]:
        """How a record names its ``reads`` in the table."""
        return [self.relative(read.path) for read in reads]

    def load(self, table: dict[str, list[object]]) -> dict[str, Read]:
        """The table read back: each name's Read. Raises ValueError, TypeError or KeyError when it is damaged."""
        return {
            name: Read(self.absolute(name), str(kind), str(digest), int(size), int(mtime))  # type: ignore[call-overload]
            for name, (kind, digest, size, mtime) in table.items()
        }
