"""The outbox transaction (briefkit/io/outbox.py): every path checked to lie inside the folders allowed before
anything is touched; every failure, at any step, a located OutputError with the old files as they were, no
temporary file and no new folder left."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import briefkit.io.outbox as outbox_module
from briefkit.errors import OutputError
from briefkit.io.outbox import is_inside, write_all, write_files


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): None if p.is_dir() and not p.is_symlink() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    """An outbox holding an edition's files, with a file beside the outbox that nothing may touch."""
    folder = tmp_path / "project" / "outbox"
    (folder / "x").mkdir(parents=True)
    for name in ("email.html", "email.txt", "edition.pdf"):
        (folder / "x" / name).write_bytes(f"old {name}".encode())
    (tmp_path / "beside.txt").write_text("not the project's\n", "utf-8")
    return folder


NEW = {"x/email.html": b"new html", "x/email.txt": b"new text", "y/email.html": b"a new edition"}


def _new(outbox: Path) -> dict[Path, bytes]:
    return {outbox / name: data for name, data in NEW.items()}


def test_all_files_in_place_and_the_stale_ones_gone(outbox: Path) -> None:
    write_files(_new(outbox), remove=[outbox / "x" / "edition.pdf"], within=[outbox])
    assert _tree(outbox) == {
        "x": None, "x/email.html": b"new html", "x/email.txt": b"new text",
        "y": None, "y/email.html": b"a new edition",
    }  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["../beside.txt", "../../beside.txt", "x/../../editions/a.yaml", "/etc/hostname", ".."],
)
def test_a_path_outside_the_outbox_is_refused_before_anything_is_written(outbox: Path, name: str) -> None:
    before = _tree(outbox.parent.parent)
    with pytest.raises(OutputError) as raised:
        write_files({**_new(outbox), outbox / name: b"evil"}, within=[outbox])
    assert "is outside" in str(raised.value) and "nothing was written" in str(raised.value)
    with pytest.raises(OutputError):
        write_files({}, remove=[outbox / name], within=[outbox])
    assert _tree(outbox.parent.parent) == before


def test_a_link_in_the_outbox_to_elsewhere_is_not_followed(outbox: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "email.html").write_text("someone else's", "utf-8")
    (outbox / "z").symlink_to(elsewhere)
    with pytest.raises(OutputError) as raised:
        write_files({outbox / "z" / "email.html": b"new"}, within=[outbox])
    assert raised.value.problems[0].location.path == outbox / "z" / "email.html"
    with pytest.raises(OutputError):
        write_files({}, remove=[outbox / "z" / "email.html"], within=[outbox])
    assert (elsewhere / "email.html").read_text("utf-8") == "someone else's"
    # A link as the file itself is replaced, never what it points to.
    (outbox / "x" / "email.txt").unlink()
    (outbox / "x" / "email.txt").symlink_to(tmp_path / "beside.txt")
    write_files({outbox / "x" / "email.txt": b"new text"}, within=[outbox])
    assert not (outbox / "x" / "email.txt").is_symlink()
    assert (tmp_path / "beside.txt").read_text("utf-8") == "not the project's\n"


def test_an_outbox_reached_through_a_link_is_still_the_outbox(tmp_path: Path, outbox: Path) -> None:
    link = tmp_path / "linked-outbox"
    link.symlink_to(outbox)
    write_files({link / "x" / "email.html": b"through the link"}, within=[link])
    assert (outbox / "x" / "email.html").read_bytes() == b"through the link"


def test_a_single_file_may_be_allowed(tmp_path: Path, outbox: Path) -> None:
    lock = tmp_path / "project" / "editions" / "x.lock.json"
    lock.parent.mkdir()
    write_files({lock: b"{}", outbox / "x" / "email.html": b"new"}, within=[outbox, lock])
    assert lock.read_bytes() == b"{}"
    with pytest.raises(OutputError):
        write_files({lock.with_name("y.lock.json"): b"{}"}, within=[outbox, lock])


def test_write_all_stays_in_its_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_all(tmp_path / "cache", {"../escaped.json": b"{}"})
    assert not (tmp_path / "escaped.json").exists()


def test_is_inside() -> None:
    assert is_inside(Path("/a/outbox/x/email.html"), Path("/a/outbox"))
    assert not is_inside(Path("/a/outbox/../x"), Path("/a/outbox"))
    assert not is_inside(Path("/a/outbox-other/x"), Path("/a/outbox"))


def test_a_folder_where_a_file_goes_is_a_located_message_and_nothing_changes(outbox: Path) -> None:
    (outbox / "x" / "email.txt").unlink()
    (outbox / "x" / "email.txt").mkdir()
    before = _tree(outbox)
    with pytest.raises(OutputError) as raised:
        write_files(_new(outbox), within=[outbox])
    assert raised.value.display(outbox.parent) == (
        "outbox/x/email.txt: is a folder where briefkit writes a file; move or remove the folder, then run "
        "briefkit again"
    )
    assert _tree(outbox) == before  # y/ was not made either
    with pytest.raises(OutputError) as raised:  # a folder where a stale file was to be removed
        write_files({outbox / "y" / "email.html": b"new"}, remove=[outbox / "x" / "email.txt"], within=[outbox])
    assert raised.value.display(outbox.parent) == (
        "outbox/x/email.txt: is a folder where briefkit had written a file it now removes; move or remove the "
        "folder, then run briefkit again"
    )
    assert _tree(outbox) == before


def test_a_file_where_a_folder_goes(outbox: Path) -> None:
    (outbox / "y").write_text("in the way", "utf-8")
    before = _tree(outbox)
    with pytest.raises(OutputError) as raised:
        write_files(_new(outbox), within=[outbox])
    assert raised.value.display(outbox.parent) == (
        "outbox/y: is a file where briefkit writes a folder; move or rename it, or choose another --outbox"
    )
    assert _tree(outbox) == before


def _failing_at(monkeypatch: pytest.MonkeyPatch, call: int, error: OSError, kind: str = ".tmp") -> list[str]:
    """os.replace fails at its ``call``-th move of a file whose name ends with ``kind``."""
    replace = os.replace
    seen: list[str] = []

    def failing(source: object, target: object) -> None:
        if str(source).endswith(kind):
            seen.append(str(target))
            if len(seen) == call:
                raise error
        replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox_module.os, "replace", failing)
    return seen


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "cannot write (permission denied)"),
        (OSError(errno.ENOSPC, "No space left on device"), "cannot write (no space left on the disk)"),
        (OSError(errno.EROFS, "Read-only file system"), "cannot write (read-only file system)"),
        (IsADirectoryError(errno.EISDIR, "Is a directory"), "is a folder where briefkit writes a file"),
    ],
)
def test_a_move_that_fails_part_way_puts_everything_back(
    outbox: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    before = _tree(outbox)
    seen = _failing_at(monkeypatch, 3, error)  # x/email.html and x/email.txt are in, y/email.html is not
    with pytest.raises(OutputError) as raised:
        write_files(_new(outbox), remove=[outbox / "x" / "edition.pdf"], within=[outbox])
    assert len(seen) == 3
    assert raised.value.display(outbox.parent).startswith(f"outbox/y/email.html: {reason}")
    assert _tree(outbox) == before  # no temporary file, no kept copy, no new folder


def test_a_removal_that_fails_puts_everything_back(outbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _tree(outbox)
    replace = os.replace

    def failing(source: object, target: object) -> None:
        if str(target).endswith(".old") and Path(str(source)).name == "edition.pdf":
            raise PermissionError(errno.EACCES, "Permission denied")
        replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox_module.os, "replace", failing)
    with pytest.raises(OutputError) as raised:
        write_files(_new(outbox), remove=[outbox / "x" / "edition.pdf"], within=[outbox])
    assert raised.value.display(outbox.parent).startswith("outbox/x/edition.pdf: cannot write (permission denied)")
    assert _tree(outbox) == before


def test_staging_that_fails_leaves_nothing(outbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _tree(outbox)
    fdopen = os.fdopen
    opened: list[int] = []

    def full(handle: int, mode: str) -> object:
        opened.append(handle)
        if len(opened) == 3:
            os.close(handle)
            raise OSError(errno.ENOSPC, "No space left on device")
        return fdopen(handle, mode)

    monkeypatch.setattr(outbox_module.os, "fdopen", full)
    with pytest.raises(OutputError) as raised:
        write_files(_new(outbox), within=[outbox])
    assert "no space left on the disk" in str(raised.value)
    assert _tree(outbox) == before


def test_a_folder_that_cannot_be_written_to(outbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only folder (root writes anyway, so its refusal is simulated)."""
    before = _tree(outbox)

    opening = os.open

    def refused(path: str, flags: int, mode: int = 0o777) -> int:
        if path.endswith(".tmp"):  # a file staged beside its place
            raise PermissionError(errno.EACCES, "Permission denied")
        return opening(path, flags, mode)

    monkeypatch.setattr(outbox_module.os, "open", refused)
    with pytest.raises(OutputError) as raised:
        write_files(_new(outbox), within=[outbox])
    assert raised.value.display(outbox.parent) == (
        "outbox/x/email.html: cannot write (permission denied); check the folder can be written to, or choose "
        "another with --outbox"
    )
    assert _tree(outbox) == before


def test_unchanged_files_keep_their_times(outbox: Path) -> None:
    write_files(_new(outbox), within=[outbox])
    times = {p: p.stat().st_mtime_ns for p in outbox.rglob("*.html")}
    os.utime(outbox / "x" / "email.html", ns=(1, 1))
    write_files(_new(outbox), within=[outbox])
    assert (outbox / "x" / "email.html").stat().st_mtime_ns == 1
    assert (outbox / "y" / "email.html").stat().st_mtime_ns == times[outbox / "y" / "email.html"]
