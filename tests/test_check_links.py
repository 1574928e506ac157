"""`briefkit check --links` under the policy every request of briefkit keeps: a link to this machine or its local
network, in any spelling or by a name that resolves there, is reported as not asked and never connected to; each
link has a deadline for all of it, the whole check has another, and a stuck link never holds the process.

Tests that need real answers ask a server on loopback through ``permit_local``, a parameter the command line never
sets: the command line itself is tested to refuse the same server."""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from briefkit.check.findings import Finding
from briefkit.check.links import CACHE, KEPT_FOR, check_links
from briefkit.check.run import check
from briefkit.io.fetch import FetchError, fetch

from conftest import MINIMAL, REPO, loopback_server, run_cli

SECRET = "only-the-local-server-says-this"
LOCAL = "an address on this machine or its local network; links to local addresses are never asked"


def edition(project: Path, *links: str) -> Path:
    """An edition whose intro links to each of ``links``."""
    shown = ", ".join(f"[link {number}]({url})" for number, url in enumerate(links))
    path = project / "editions" / "links.yaml"
    path.write_text(MINIMAL.replace("intro: Some words.", f"intro: 'See {shown}.'"), "utf-8")
    return path


def link_findings(findings: list[Finding]) -> list[str]:
    """The links check's findings about the edition's own links (the series' links to its publisher's site are
    asked too, over the network when there is one)."""
    return [
        f"{finding.level}: {finding.message}"
        for finding in findings
        if finding.check == "links" and "www.cnas.org" not in finding.message
    ]


class _Local(http.server.BaseHTTPRequestHandler):
    """A service on this machine: what it answers must never reach check's output."""

    asked: ClassVar[list[tuple[str, str]]] = []

    def _answer(self) -> None:
        _Local.asked.append((self.command, self.path))
        if self.path == "/fine":
            self.send_response(200)
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/here")
        elif self.path == "/to-local":
            self.send_response(302)
            self.send_header("Location", f"http://0x7f.1:8080/{SECRET}")
        else:
            self.send_response(307, SECRET)
            self.send_header("Location", f"https://admin.example.org/{SECRET}")
        self.send_header("X-Secret", SECRET)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[int]:
    _Local.asked = []
    with loopback_server(_Local) as port:
        yield port


def test_a_link_to_this_machine_is_not_asked_and_its_answer_never_shown(project: Path, local_server: int) -> None:
    base = f"http://127.0.0.1:{local_server}"
    spellings = [f"{base}/secret", f"http://localhost:{local_server}/secret", f"http://127.1:{local_server}/"]
    edition(project, *spellings, f"http://[::1]:{local_server}/", f"http://0x7f.1:{local_server}/")
    result = run_cli("check", "editions/links.yaml", "--links", cwd=project)
    assert "Traceback" not in result.stderr
    assert f"warning: links: {base}/secret not asked: 127.0.0.1 is {LOCAL}" in result.stdout
    assert f"http://localhost:{local_server}/secret not asked: localhost names {LOCAL}" in result.stdout
    assert f"http://127.1:{local_server}/ not asked: 127.1 is {LOCAL}" in result.stdout
    assert f"http://[::1]:{local_server}/ not asked: ::1 is {LOCAL}" in result.stdout
    assert f"http://0x7f.1:{local_server}/ not asked: 0x7f.1 is {LOCAL}" in result.stdout
    as_json = run_cli("check", "editions/links.yaml", "--links", "--format", "json", cwd=project)
    for output in (result.stdout, result.stderr, as_json.stdout, as_json.stderr):
        assert SECRET not in output and "admin.example.org" not in output
    assert _Local.asked == []  # never connected to at all
    kept = project / CACHE
    assert not kept.exists() or f"{base}/secret" not in json.loads(kept.read_text("utf-8"))


def test_a_cached_answer_for_a_local_link_is_not_shown(project: Path) -> None:
    """The cache is a file anyone can write; a local link is refused before it is read."""
    url, public = "http://127.0.0.1:9/", "https://public.example.org/old"
    (project / CACHE).parent.mkdir(parents=True)
    (project / CACHE).write_text(
        json.dumps({url: [time.time(), 301, SECRET, "Moved"], public: [time.time(), 301, "http://10.1.2.3/x", "M"]}),
        "utf-8",
    )
    findings = link_findings(check([edition(project, url, public)], links=True, timeout=1.0)[0].findings)
    assert f"warning: {url} not asked: 127.0.0.1 is {LOCAL}" in findings
    assert f"warning: {public} redirects (301) to an address on this machine or its local network (not shown" in (
        "\n".join(findings)
    )
    assert not any(SECRET in finding or "10.1.2.3" in finding for finding in findings)


def test_an_outside_name_that_resolves_to_loopback_is_refused(
    project: Path, local_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the name's look-up is made up; the connection, when one is allowed, is real."""
    real = socket.getaddrinfo
    looked_up: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "news.example.org":
            looked_up.append(host)
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    url = f"http://news.example.org:{local_server}/secret"
    findings = link_findings(check([edition(project, url)], links=True, timeout=5.0)[0].findings)
    assert findings == [f"warning: {url} not asked: news.example.org resolves to {LOCAL}"]
    assert looked_up and _Local.asked == []
    # the same name, with loopback let in as only tests can: the look-up above is what refused it
    allowed = check([edition(project, url)], links=True, timeout=5.0, permit_local=["127.0.0.1"])[0].findings
    assert _Local.asked == [("HEAD", "/secret")]
    assert link_findings(allowed) == [
        f"warning: {url} redirects (307) to https://admin.example.org/{SECRET}; link to where it leads"
    ]


def test_links_broken_and_moved_through_the_tests_way_in(project: Path, local_server: int) -> None:
    base = f"http://127.0.0.1:{local_server}"
    names = ("fine", "gone", "moved", "no-head", "to-local")
    manifest = edition(project, *(f"{base}/{name}" for name in names))
    findings = link_findings(check([manifest], links=True, timeout=5.0, permit_local=["127.0.0.1"])[0].findings)
    assert findings == [
        f"error: {base}/gone answers 404; fix or remove the link",
        f"warning: {base}/moved redirects (301) to /here; link to where it leads",
        f"warning: {base}/to-local redirects (302) to an address on this machine or its local network (not shown; "
        "links to local addresses are never asked); link to where it leads",
    ]
    assert ("GET", "/no-head") in _Local.asked  # HEAD refused, so GET
    assert not any("here" in path or SECRET in path for _, path in _Local.asked)  # redirects not followed
    kept = (project / CACHE).read_text("utf-8")
    assert SECRET not in kept and "0x7f" not in kept
    asked = len(_Local.asked)
    again = check([manifest], links=True, timeout=5.0, permit_local=["127.0.0.1"])[0].findings
    assert link_findings(again) == findings and len(_Local.asked) == asked  # within a day: from the cache


def test_an_answer_is_kept_for_a_day_and_asked_again_after(project: Path, local_server: int) -> None:
    url = f"http://127.0.0.1:{local_server}/fine"
    start = 1_700_000_000.0

    def asked_at(now: float) -> int:
        """How many requests reached the server for a check at ``now``; the answer is the same each time."""
        before = len(_Local.asked)
        answers = check_links([url], project, timeout=5.0, now=now, permit_local=["127.0.0.1"])
        assert answers[url].status == 200
        return len(_Local.asked) - before

    assert asked_at(start) == 1  # HEAD, answered 200: kept
    assert asked_at(start + KEPT_FOR - 1) == 0  # younger than a day: from the cache
    assert asked_at(start + KEPT_FOR + 1) == 1  # older than a day: asked again, and kept from then
    assert asked_at(start + KEPT_FOR + 2) == 0


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Sends its status line and headers one byte every half second: each wait is short, the whole is not."""

    def _answer(self) -> None:
        head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"x" * 200 + b"\r\n\r\n"
        try:
            for byte in head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            return

    do_HEAD = do_GET = _answer

    def log_message(self, *args: object) -> None:
        pass


def test_a_link_whose_server_trickles_its_headers_is_cut_at_the_links_deadline(project: Path) -> None:
    with loopback_server(_Trickle) as port:
        url = f"http://127.0.0.1:{port}/slow"
        started = time.monotonic()
        findings = check([edition(project, url)], links=True, timeout=1.0, permit_local=["127.0.0.1"])[0].findings
        took = time.monotonic() - started
    assert link_findings(findings) == [
        f"error: {url} does not answer (no answer within 1 seconds); fix or remove the link"
    ]
    assert took < 10


def test_the_whole_check_has_a_deadline(project: Path) -> None:
    with loopback_server(_Trickle) as port:
        urls = [f"http://127.0.0.1:{port}/{number}" for number in range(6)]
        started = time.monotonic()
        findings = check([edition(project, *urls)], links=True, timeout=30.0, total=1.0, permit_local=["127.0.0.1"])[
            0
        ].findings
        took = time.monotonic() - started
    said = "not asked: the check's time for links ran out before it; check again to ask the rest"
    assert link_findings(findings) == [f"warning: {url} {said}" for url in urls]
    assert took < 10
    kept = project / CACHE
    assert not kept.exists() or not any(url in kept.read_text("utf-8") for url in urls)  # nothing kept for them


def test_a_stuck_look_up_does_not_keep_the_process_alive(tmp_path: Path) -> None:
    """A name look-up cannot be interrupted: its thread is left behind at the link's deadline, and the process
    still ends at once."""
    program = (
        "import socket, time, sys\n"
        "from pathlib import Path\n"
        "socket.getaddrinfo = lambda *args, **kwargs: time.sleep(120)\n"
        "from briefkit.check.links import check_links\n"
        f"answers = check_links(['http://stuck.example.org/'], Path({str(tmp_path)!r}), timeout=1.0, total=5.0)\n"
        "print(answers['http://stuck.example.org/'].reason)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "no answer within 1 seconds"
    assert time.monotonic() - started < 30


def test_fetch_cuts_a_server_that_trickles_its_headers() -> None:
    """The same deadline for remote feeds and the PDF's pictures: it covers the headers, not only the body."""
    with loopback_server(_Trickle) as port:
        started = time.monotonic()
        with pytest.raises(FetchError, match="took longer than 1 seconds and was given up"):
            fetch(f"http://127.0.0.1:{port}/feed.xml", lambda host: host == "127.0.0.1", 1.0, private_if_listed=True)
        assert time.monotonic() - started < 10


def test_every_picture_address_is_asked_as_links_are(project: Path, local_server: int) -> None:
    """A picture whose address does not answer is an error: the email would show it broken (here the feature's
    picture answers 404, the logo 200)."""
    base = f"http://127.0.0.1:{local_server}"
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text("utf-8").replace("https://www.cnas.org/images/cnas-logo.png", f"{base}/fine"), "utf-8"
    )
    manifest = project / "editions" / "pictured.yaml"
    manifest.write_text(
        MINIMAL
        + "  - kind: features\n    items:\n      - title: A feature\n        url: https://www.cnas.org/a\n"
        + f"        summary: Some words.\n        image: {{src: '{base}/gone', alt: A banner}}\n",
        "utf-8",
    )
    findings = check([manifest], links=True, timeout=5.0, permit_local=["127.0.0.1"])[0].findings
    pictures = [
        (f.level, f.where.line, f.message)
        for f in findings
        if f.check == "picture" and f.message.startswith("the picture")  # not the PDF's, which has no file: here
    ]
    assert pictures == [
        (
            "error",
            13,
            f"the picture {base}/gone answers 404, so the email shows it broken; publish it there (for a file: "
            "picture, publish the web archive first) or fix its address",
        )
    ]
    assert ("HEAD", "/fine") in _Local.asked and ("HEAD", "/gone") in _Local.asked
