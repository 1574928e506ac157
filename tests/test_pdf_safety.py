"""The PDF loads nothing it should not: no file: addresses, no local network, no attachments; and it cannot hang."""

from __future__ import annotations

import http.server
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from briefkit.api import render
from briefkit.io.addresses import is_local
from briefkit.render.pdf_resources import Refused, Resources

from conftest import SECOND, loopback_server, own_theme, run_cli


class _Spy(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Spy.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def spy() -> Iterator[int]:
    """A server on loopback that records every request; yields its port."""
    _Spy.requests = []
    with loopback_server(_Spy) as port:
        yield port


HOSTILE_MANIFEST = """\
series: sharper.series.yaml
date: 2021-03-31
title: Hostile pictures
intro: "Words with a [file link](file:///etc/hostname) that must stay text."
sections:
  - kind: features
    items:
      - title: Loopback
        url: https://example.org/a
        summary: Words.
        image: {{src: "http://127.0.0.1:{port}/spy.png", alt: a}}
      - title: Loopback by name
        url: https://example.org/b
        summary: Words.
        image: {{src: "http://localhost:{port}/spy.png", alt: b}}
      - title: Link-local
        url: https://example.org/c
        summary: Words.
        image: {{src: "http://169.254.169.254/latest/meta-data.png", alt: c}}
      - title: IPv6 loopback
        url: https://example.org/d
        summary: Words.
        image: {{src: "http://[::1]:{port}/spy.png", alt: d}}
      - title: Not an allowed host
        url: https://example.org/e
        summary: Words.
        image: {{src: "https://images.example.org/e.png", alt: e}}
"""

HOSTILE_CSS = """@import url("file:///etc/hostname");
@import url("http://127.0.0.1:{port}/spy.css");
@import url("../../editions/sharper.series.yaml");
.edition {{ background: url("file:///etc/hostname"); }}
.colophon::after {{ content: url("http://127.0.0.1:{port}/after.png"); }}
"""

HOSTILE_BODY = """<body class="single">
<link rel="attachment" href="file:///etc/hostname">
<a rel="attachment" href="http://127.0.0.1:{port}/attached.bin">attached</a>
<img src="file:///etc/hostname" alt="">
<img src="http://127.0.0.1:{port}/img.png" alt="">
"""


def _hostile_project(project: Path, port: int) -> Path:
    theme = own_theme(project)
    css = theme / "print.css"
    css.write_text(HOSTILE_CSS.format(port=port) + css.read_text(encoding="utf-8"), encoding="utf-8")
    page = theme / "print.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace('<body class="single">', HOSTILE_BODY.format(port=port)),
        encoding="utf-8",
    )
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(  # even a listed host is refused when it is local
        series.read_text(encoding="utf-8").replace("pdf:\n", "pdf:\n  allowed_hosts: [127.0.0.1]\n"),
        encoding="utf-8",
    )
    manifest = project / "editions" / "hostile.yaml"
    manifest.write_text(HOSTILE_MANIFEST.format(port=port), encoding="utf-8")
    return manifest


def test_hostile_resources_leave_no_trace_and_make_no_request(project: Path, spy: int) -> None:
    manifest = _hostile_project(project, spy)
    result = render(manifest, ["pdf"])
    assert _Spy.requests == []
    pdf = project / "outbox" / "hostile" / "edition.pdf"
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in (root.get("/Names") or {})
    assert "/AF" not in root
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    assert all(a["/Subtype"] == "/Link" for a in annotations)
    uris = {str(a["/A"]["/URI"]) for a in annotations if "/URI" in a.get("/A", {})}
    assert not any(uri.startswith("file:") or "127.0.0.1" in uri for uri in uris)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert Path("/etc/hostname").read_text().strip() not in text.replace("hostname", "")
    assert "[file link](file:///etc/hostname)" in " ".join(text.split())
    assert {w.check for w in result.warnings} == {"picture"}
    refused = "\n".join(w.message for w in result.warnings)
    for resource in (
        "file:///etc/hostname: file addresses are never loaded",
        f"http://127.0.0.1:{spy}/spy.png: 127.0.0.1 is a local or private address",
        f"http://localhost:{spy}/spy.png: localhost is a local or private address",
        "http://169.254.169.254/latest/meta-data.png: 169.254.169.254 is a local or private address",
        f"http://[::1]:{spy}/spy.png: ::1 is a local or private address",
        "https://images.example.org/e.png: images.example.org is not an allowed host",
        f"http://127.0.0.1:{spy}/spy.css",
        f"http://127.0.0.1:{spy}/after.png",
        f"http://127.0.0.1:{spy}/attached.bin",
        "editions/sharper.series.yaml: it is not a file of the theme",
    ):
        assert resource in refused


def test_refused_resources_are_warnings_on_the_command_line(project: Path, spy: int) -> None:
    _hostile_project(project, spy)
    result = run_cli("render", "editions/hostile.yaml", "--format", "pdf", cwd=project)
    assert result.returncode == 0
    assert f"warning: hostile/edition.pdf: the PDF did not load http://127.0.0.1:{spy}/spy.png" in result.stderr
    assert "Traceback" not in result.stderr


def test_resources_answer_only_theme_files_and_named_pictures(tmp_path: Path) -> None:
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "print.css").write_text("p {}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    resources = Resources((tmp_path / "theme",), {})
    assert resources.load("https://theme.briefkit.invalid/print.css") == (b"p {}", "text/css")
    for url in (
        "https://theme.briefkit.invalid/../secret.txt",
        "https://theme.briefkit.invalid/%2e%2e/secret.txt",
        "https://project.briefkit.invalid/secret.txt",
        "file:///etc/hostname",
        "data:text/plain,hello",
        "ftp://example.org/x",
        "http://10.0.0.1/x.png",
        "http://192.168.1.1/x.png",
        "http://[fe80::1]/x.png",
        "http://printer.local/x.png",
    ):
        with pytest.raises(Refused):
            resources.load(url)
    assert len(resources.warnings) == 10


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("169.254.1.1", True),
        ("::1", True),
        ("10.1.2.3", True),
        ("www.cnas.org", False),
        ("8.8.8.8", False),
        # other spellings of loopback and private ranges, as the C library reads them
        ("127.1", True),
        ("0177.0.0.1", True),
        ("0x7f.0.0.1", True),
        ("127.000.000.001", True),
        ("2130706433", True),
        ("0x7f000001", True),
        ("::ffff:127.0.0.1", True),
        ("[::ffff:10.0.0.1]", True),
        ("0.0.0.0", True),
        ("0", True),
        ("fd00::1", True),
        ("printer.local.", True),
        ("127.0.0.1.", True),
        ("8.8.8.8.", False),
        ("010.010.010.010", False),  # octal: 8.8.8.8
    ],
)
def test_local_hosts(host: str, private: bool) -> None:
    assert is_local(host) is private


def test_a_pdf_over_its_time_limit_is_stopped_and_the_other_formats_still_come_out(project: Path) -> None:
    css = own_theme(project) / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\np { font-size: 400pt; word-break: break-all; }\n", "utf-8")
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text(encoding="utf-8").replace("pdf:\n", "pdf:\n  time_limit: 2\n"), "utf-8")
    shutil.copy(SECOND, project / "editions")
    stale = project / "outbox" / SECOND.stem / "edition.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF from an earlier render")
    result = run_cli("render", f"editions/{SECOND.name}", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        "templates/sharper/print.css: the PDF took longer than 2 seconds and was stopped; simplify the print "
        "stylesheet, or raise 'pdf: time_limit:' in the series file\n"
    )
    assert (project / "outbox" / SECOND.stem / "email.html").is_file()
    assert (project / "outbox" / SECOND.stem / "email.txt").is_file()
    assert not stale.exists()


def test_loopback_in_any_spelling_is_refused_even_when_listed(tmp_path: Path) -> None:
    spellings = ("127.1", "0177.0.0.1", "0x7f.0.0.1", "127.000.000.001", "2130706433")

    class Spy(http.server.BaseHTTPRequestHandler):
        hits: ClassVar[list[str]] = []

        def do_GET(self) -> None:
            Spy.hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    with loopback_server(Spy) as port:
        resources = Resources((tmp_path,), {}, allowed_hosts=spellings)
        for host in spellings:
            with pytest.raises(Refused):
                resources.load(f"http://{host}:{port}/x.png")
    assert Spy.hits == []
    assert all("is a local or private address" in warning for warning in resources.warnings)


def test_a_listed_name_that_resolves_to_loopback_is_refused(tmp_path: Path) -> None:
    """A host allowed by name is checked again by the address it resolves to, when connecting."""
    import socket

    name = socket.gethostname()
    try:
        resolved = socket.gethostbyname(name)
    except OSError:
        pytest.skip("this machine's name does not resolve")
    if not resolved.startswith("127.") or ("." not in name and not name.isalnum()):
        pytest.skip("this machine's name does not resolve to loopback")
    from briefkit.io.fetch import FetchError, fetch

    with pytest.raises(FetchError, match=f"resolves to {resolved}, a local or private address"):
        fetch(f"http://{name}:9/x.png", lambda host: host == name)
