"""Shared fixtures: a throwaway project with the Sharper series and theme, and helpers to render in it."""

from __future__ import annotations

import atexit
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
# The repository's sample project, copied once: tests render there (or into their own projects), never into the
# repository's outbox/ or .briefkit-cache/.
SAMPLES = Path(tempfile.mkdtemp(prefix="briefkit-samples-"))
for _folder in ("editions", "seeds", "images", "feeds"):
    shutil.copytree(REPO / _folder, SAMPLES / _folder)
atexit.register(shutil.rmtree, SAMPLES, ignore_errors=True)
SAMPLE = SAMPLES / "editions" / "2021-03-31-the-beijing-moscow-partnership.yaml"
SECOND = SAMPLES / "editions" / "2020-08-10-sino-russian-defense-cooperation.yaml"
THIRD = SAMPLES / "editions" / "2020-04-09-the-arctic-opens-up.yaml"  # another house style
SEED_EDITION = REPO / "seeds" / "003_fd5b24ed01d562a1.txt"
WRITTEN_BY_RENDERS = ("outbox", ".briefkit-cache", "editions")


def _state(folders: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    found = {}
    for name in folders:
        for path in (REPO / name).rglob("*"):
            if path.is_file():
                status = path.stat()
                found[path.relative_to(REPO).as_posix()] = (status.st_size, status.st_mtime_ns)
    return found


@pytest.fixture(scope="session", autouse=True)
def repository_left_alone() -> Iterator[None]:
    """No test writes into the repository's outbox/, .briefkit-cache/ or editions/."""
    before = _state(WRITTEN_BY_RENDERS)
    yield
    after = _state(WRITTEN_BY_RENDERS)
    assert after == before, f"tests wrote into the repository: {sorted(set(after.items()) ^ set(before.items()))}"


MINIMAL = """\
series: sharper.series.yaml
date: 2021-03-31
title: A Test Edition
intro: Some words.
sections:
  - kind: in_the_news
    people: [A. Person]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with editions/ (the Sharper series file), seeds/, images/ and feeds/; its theme is the one
    briefkit ships (no templates/ of its own)."""
    (tmp_path / "editions").mkdir()
    shutil.copy(REPO / "editions" / "sharper.series.yaml", tmp_path / "editions")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "images", tmp_path / "images")
    shutil.copytree(REPO / "feeds", tmp_path / "feeds")
    return tmp_path


@pytest.fixture
def series(project: Path) -> Path:
    """A project with the three sample editions."""
    for manifest in (SAMPLE, SECOND, THIRD):
        shutil.copy(manifest, project / "editions")
        lock = manifest.with_name(manifest.stem + ".lock.json")
        if lock.exists():
            shutil.copy(lock, project / "editions")
    return project


@pytest.fixture
def sample(project: Path) -> Path:
    """The project with the sample edition (and its lock file); its manifest."""
    shutil.copy(SAMPLE, project / "editions")
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".lock.json"), project / "editions")
    return project / "editions" / SAMPLE.name


def deliver(project: Path, service: str, settings: str = "") -> None:
    """Name the delivering ``service`` in the project's series file, with ``settings`` (indented lines) below."""
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + f"delivery:\n  service: {service}\n" + settings, "utf-8")


def own_theme(project: Path, name: str = "sharper") -> Path:
    """Give ``project`` a copy of the shipped theme in templates/<name>/, to change it there; returns the folder."""
    folder = project / "templates" / name
    shutil.copytree(REPO / "templates" / "sharper", folder)
    return folder


def theme_file(project: Path, name: str, theme: str = "sharper") -> Path:
    """Where a project puts its own version of one template of ``theme`` (the folders made)."""
    path = project / "templates" / theme / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `briefkit ARGS` as a user would, in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "briefkit", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@contextmanager
def loopback_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[int]:
    """An HTTP server on 127.0.0.1 answering with ``handler``, in a thread; yields its port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


ARTIFACTS = REPO / "test-artifacts"  # screenshots from the browser tests; not in git
CHROMIUM = os.environ.get("BRIEFKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium from Debian (installed by `make test`), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing; `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def local_only(page: object) -> None:
    """Let a page load from this machine only: anything else (the email's remote pictures) fails at once."""

    def route(request_route: object) -> None:
        url = request_route.request.url  # type: ignore[attr-defined]
        local = url.startswith(("http://127.0.0.1", "http://localhost", "data:", "about:"))
        (request_route.continue_ if local else request_route.abort)()  # type: ignore[attr-defined]

    page.route("**/*", route)  # type: ignore[attr-defined]


# -- an SMTP server on loopback (aiosmtpd), for test sends ----------------------------------------------------


@dataclass
class Inbox:
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 accepted"


@dataclass
class Server:
    port: int
    inbox: Inbox
    ca_file: Path | None


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_serving(ca_file: Path | None = None, **options: Any) -> Iterator[Server]:
    """An aiosmtpd server on 127.0.0.1 with ``options``, for the length of a test."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), **options)
    controller.start()
    try:
        yield Server(controller.port, inbox, ca_file)
    finally:
        controller.stop()
