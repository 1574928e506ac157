"""The preview server without a browser: what it serves, what it refuses, events, and the command line."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefkit.preview.server import PreviewServer

from conftest import SAMPLE, SECOND, own_theme, run_cli, theme_file


@pytest.fixture
def server(project: Path) -> Iterator[PreviewServer]:
    shutil.copy(SAMPLE, project / "editions")
    shutil.copy(SECOND, project / "editions")
    own_theme(project)  # a theme of its own, to edit while the preview runs
    theme_file(project, "assets/mark.svg").write_text("<svg/>", encoding="utf-8")
    (project / "secret.txt").write_text("not for the browser", encoding="utf-8")
    started = PreviewServer(project / "editions" / SAMPLE.name)
    started.start()
    yield started
    started.stop()


def _get(server: PreviewServer, raw_path: str) -> tuple[int, bytes, str]:
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=30)
    connection.putrequest("GET", raw_path, skip_accept_encoding=True)  # sent exactly as written, ../ and all
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, response.getheader("Content-Type") or ""


def test_serves_on_loopback_on_a_free_port(server: PreviewServer) -> None:
    host, port = server.httpd.server_address[:2]
    assert host == "127.0.0.1" and port > 0
    assert server.url == f"http://127.0.0.1:{port}/edition/{SAMPLE.stem}/"


def test_serves_the_rendered_files(server: PreviewServer) -> None:
    slug = SAMPLE.stem
    for name, kind in (("email.html", "text/html"), ("email.txt", "text/plain"), ("edition.pdf", "application/pdf")):
        status, body, content_type = _get(server, f"/edition/{slug}/{name}")
        assert status == 200 and content_type.startswith(kind) and body
    status, body, _ = _get(server, f"/edition/{slug}/assets/mark.svg")
    assert (status, body) == (200, b"<svg/>")
    state = json.loads(_get(server, f"/edition/{slug}/state.json")[1])
    assert state["subject"] == "Sharper: The Beijing-Moscow Partnership"
    assert state["errors"] == [] and state["has_email"] is True and state["pdf"] == "made"
    status, body, _ = _get(server, "/")
    assert status == 200 and body.index(SAMPLE.stem.encode()) < body.index(SECOND.stem.encode())


@pytest.mark.parametrize(
    "path",
    [
        "/secret.txt",
        "/../secret.txt",
        "/edition/../../secret.txt",
        "/edition/..%2f..%2fsecret.txt/email.html",
        f"/edition/{SAMPLE.stem}/../../secret.txt",
        # assets/ is templates/sharper/assets/: three levels up is the project, where secret.txt is
        f"/edition/{SAMPLE.stem}/assets/../../../secret.txt",
        f"/edition/{SAMPLE.stem}/assets/%2e%2e/%2e%2e/%2e%2e/secret.txt",
        f"/edition/{SAMPLE.stem}/assets/..%2f..%2f..%2fsecret.txt",
        "/edition/%00/email.html",
        f"/edition/{SAMPLE.stem}%00/email.html",
        f"/edition/{'x' * 5000}/email.html",
        f"/edition/{SAMPLE.stem}/{'y' * 5000}",
        f"/edition/{SAMPLE.stem}/assets/../print.css",
        f"/edition/{SAMPLE.stem}/assets//etc/passwd",
        f"/edition/{SAMPLE.stem}/{SAMPLE.name}",
        "/edition/sharper.series/email.html",
        "/edition/nope/email.html",
        "/templates/sharper/print.css",
        "/outbox/",
    ],
)
def test_serves_nothing_else(server: PreviewServer, path: str) -> None:
    status, body, _ = _get(server, path)
    assert status == 404
    assert b"not for the browser" not in body and b"root:" not in body


def _get_as(server: PreviewServer, host_header: str, path: str) -> tuple[int, bytes]:
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=30)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host_header)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_answers_only_requests_addressed_to_it(server: PreviewServer) -> None:
    """A web page that points a name of its own at 127.0.0.1 (DNS rebinding) gets nothing from the preview."""
    port = server.httpd.server_address[1]
    path = f"/edition/{SAMPLE.stem}/email.txt"
    for good in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"LOCALHOST:{port}"):
        assert _get_as(server, good, path)[0] == 200, good
    for bad in (
        f"attacker.example:{port}",
        "attacker.example",
        f"127.0.0.1:{port + 1}",
        "",
        "127.0.0.1:x",
        f"[::1]:{port}",
    ):
        status, body = _get_as(server, bad, path)
        assert status == 421, bad
        assert b"Sharper" not in body


def test_a_manifest_linked_from_outside_the_project_is_not_read(
    server: PreviewServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "private.yaml"
    outside.write_text(SAMPLE.read_text("utf-8").replace("The Beijing-Moscow Partnership", "Not Yours"), "utf-8")
    (server.root / "editions" / "private.yaml").symlink_to(outside)
    status, body, _ = _get(server, "/edition/private/email.txt")
    assert status == 404
    assert b"Not Yours" not in body
    state = json.loads(_get(server, "/edition/private/state.json")[1])
    assert any("is a link to a file outside the project" in error for error in state["errors"])


def _touched(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def test_events_announce_each_finished_render(server: PreviewServer) -> None:
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=30)
    connection.request("GET", f"/edition/{SAMPLE.stem}/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline() == b"event: render\n"
    first = int(response.readline().split(b": ")[1])
    response.readline()
    series = Path(server.root / "editions" / "sharper.series.yaml")
    series.write_text(
        series.read_text(encoding="utf-8").replace(
            'title_pattern: "Sharper: {title}"', 'title_pattern: "Sharper Still: {title}"'
        ),
        "utf-8",
    )
    assert response.readline() == b"event: render\n"
    assert int(response.readline().split(b": ")[1]) == first + 1
    response.readline()
    state = json.loads(_get(server, f"/edition/{SAMPLE.stem}/state.json")[1])
    assert state["version"] == first + 1 and state["subject"] == "Sharper Still: The Beijing-Moscow Partnership"
    # a template, the feed its listing takes items from and a picture it reads re-render too
    for changed in ("templates/sharper/email.txt", "feeds/cnas-latest.xml", "images/sharper-mark.svg"):
        _touched(server.root / changed)
        assert response.readline() == b"event: render\n", changed
        response.readline()
        response.readline()
    connection.close()


def _state(server: PreviewServer) -> dict[str, object]:
    return dict(json.loads(_get(server, f"/edition/{SAMPLE.stem}/state.json")[1]))


def test_the_pdf_is_made_only_when_the_pdf_view_asks_for_it(server: PreviewServer) -> None:
    """A save renders the email and the text; the PDF is made when edition.pdf is asked for (the page asks while
    its PDF view is open), once for each render, from that render's edition."""
    slug = SAMPLE.stem
    status, email, _ = _get(server, f"/edition/{slug}/email.html")
    assert status == 200 and b"The Beijing-Moscow Partnership" in email
    assert _get(server, f"/edition/{slug}/email.txt")[0] == 200
    before = _state(server)
    assert before["pdf"] == "not made" and before["has_email"] is True
    assert server.preview(slug).pdf_made() is None  # type: ignore[union-attr]
    status, pdf, kind = _get(server, f"/edition/{slug}/edition.pdf")
    assert (status, kind) == (200, "application/pdf") and pdf.startswith(b"%PDF")
    assert _state(server)["pdf"] == "made"
    assert _get(server, f"/edition/{slug}/edition.pdf")[1] == pdf  # made once, served again

    manifest = server.root / "editions" / SAMPLE.name
    manifest.write_text(manifest.read_text("utf-8").replace("The Beijing-Moscow", "The Moscow-Beijing"), "utf-8")
    version = int(str(before["version"]))
    server.preview(slug).wait_newer(version, timeout=30)  # type: ignore[union-attr]
    after = _state(server)
    assert after["version"] == version + 1 and after["subject"] == "Sharper: The Moscow-Beijing Partnership"
    assert b"The Moscow-Beijing Partnership" in _get(server, f"/edition/{slug}/email.html")[1]
    assert after["pdf"] == "not made"  # the email view alone was open
    status, again, _ = _get(server, f"/edition/{slug}/edition.pdf")
    assert status == 200 and again != pdf and _state(server)["pdf"] == "made"


def test_a_pdf_that_fails_says_why_and_the_email_stays(server: PreviewServer) -> None:
    """A print template with a mistake: edition.pdf is "Not found" and the state says the PDF failed and where;
    the email and text are served as ever."""
    slug = SAMPLE.stem
    version = int(str(_state(server)["version"]))
    (server.root / "templates" / "sharper" / "print.html").write_text("{{ unclosed(\n", "utf-8")
    preview = server.preview(slug)
    assert preview is not None and preview.wait_newer(version, timeout=30).version > version
    assert _get(server, f"/edition/{slug}/edition.pdf")[0] == 404
    state = _state(server)
    assert state["pdf"] == "failed" and state["errors"] == [] and state["has_email"] is True
    assert any(str(line).startswith("templates/sharper/print.html:") for line in state["warnings"])  # type: ignore[attr-defined]
    assert _get(server, f"/edition/{slug}/email.html")[0] == 200


def _start_cli(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefkit", "preview", f"editions/{SAMPLE.name}", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_command_prints_the_address_and_warns_off_loopback(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")
    process = _start_cli(project, "--host", "0.0.0.0")
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        assert line.startswith("previewing at http://0.0.0.0:") and f"/edition/{SAMPLE.stem}/" in line
        assert process.stderr.readline() == (
            "warning: serving on 0.0.0.0: other machines can see the preview, and it has no password\n"
        )
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=20)
    assert process.returncode == 0, rest


def test_a_port_in_use_is_a_clear_error(project: Path, server: PreviewServer) -> None:
    port = server.httpd.server_address[1]
    result = subprocess.run(
        [sys.executable, "-m", "briefkit", "preview", f"editions/{SAMPLE.name}", "--port", str(port)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr == f"--port: cannot serve on 127.0.0.1:{port} (Address already in use); choose another port\n"


def test_the_watch_covers_what_renders_read_and_the_theme_only(server: PreviewServer) -> None:
    root = server.root.resolve()
    preview = server.preview(SECOND.stem)  # its lead feature comes from a document in seeds/
    assert preview is not None
    preview.render()
    (root / "notes").mkdir()
    (root / "outbox").mkdir(exist_ok=True)
    watched = {folder.resolve() for folder in server.watched_folders()}
    for needed in ("editions", "seeds", "images", "templates/sharper", "templates/sharper/sections"):
        assert root / needed in watched, needed
    assert any(folder.name == "sections" and folder != root / "templates/sharper/sections" for folder in watched)
    for unrelated in ("notes", "outbox", ".briefkit-cache"):
        assert root / unrelated not in watched, unrelated
    assert not any(".briefkit-cache" in folder.parts for folder in watched)


# -- the "Send test" form ------------------------------------------------------------------------------


def _post(server: PreviewServer, path: str, body: str, origin: str | None = None) -> tuple[int, dict[str, object]]:
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if origin is not None:
        headers["Origin"] = origin
    connection.request("POST", path, body=body.encode(), headers=headers)
    response = connection.getresponse()
    data = response.read()
    answer = json.loads(data) if response.getheader("Content-Type") == "application/json" else {"body": data}
    connection.close()
    return response.status, answer


def _with_smtp(project: Path, port: int) -> None:
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8") + f"smtp:\n  host: 127.0.0.1\n  port: {port}\n  security: none\n"
    series.write_text(text, "utf-8")


def test_the_send_test_form_sends_through_the_series_server(project: Path, server: PreviewServer) -> None:
    from urllib.parse import urlencode

    from conftest import smtp_serving

    with smtp_serving() as smtp:
        _with_smtp(project, smtp.port)
        body = urlencode({"token": server.token, "to": "me@example.org, you@example.org"})
        status, answer = _post(server, f"/edition/{SAMPLE.stem}/send", body, origin=server.url.rsplit("/edition", 1)[0])
        assert status == 200 and answer["ok"] is True, answer
        assert answer["accepted"] == ["me@example.org", "you@example.org"]
        ((_, recipients, received),) = smtp.inbox.messages
        assert recipients == ["me@example.org", "you@example.org"]
        assert b"Subject: [Test] Sharper: The Beijing-Moscow Partnership" in received
        assert str(answer["message_id"]).encode() in received
    assert not (project / "outbox").exists()


def test_the_send_test_form_refuses_pages_of_other_sites(project: Path, server: PreviewServer) -> None:
    from urllib.parse import urlencode

    path = f"/edition/{SAMPLE.stem}/send"
    status, answer = _post(server, path, urlencode({"token": "guessed", "to": "me@example.org"}))
    assert status == 403 and "reload the preview page" in str(answer["error"])
    good = urlencode({"token": server.token, "to": "me@example.org"})
    status, answer = _post(server, path, good, origin="http://evil.example")
    assert status == 403 and "another site" in str(answer["error"])
    assert _post(server, f"/edition/{SAMPLE.stem}/state.json", good)[0] == 404
    status, answer = _post(server, path, "x" * 5000)
    assert status == 413


def test_the_send_test_form_without_smtp_settings_says_where_to_add_them(server: PreviewServer) -> None:
    from urllib.parse import urlencode

    body = urlencode({"token": server.token, "to": "me@example.org"})
    status, answer = _post(server, f"/edition/{SAMPLE.stem}/send", body)
    assert status == 200 and answer["ok"] is False
    assert str(answer["error"]).startswith(f"editions/{SAMPLE.name}:2:1: smtp: there are no smtp: settings")


def test_the_header_strip_names_the_list_unsubscribe_header(project: Path, server: PreviewServer) -> None:
    state = json.loads(_get(server, f"/edition/{SAMPLE.stem}/state.json")[1])
    assert state["list_unsubscribe"] == "<https://www.cnas.org/newsletters/unsubscribe>"
    page = _get(server, f"/edition/{SAMPLE.stem}/")[1].decode()
    assert server.token in page and 'id="send-test"' in page


def test_no_test_sends_when_the_preview_listens_beyond_this_machine(project: Path) -> None:
    from urllib.parse import urlencode

    shutil.copy(SAMPLE, project / "editions")
    started = PreviewServer(project / "editions" / SAMPLE.name, host="0.0.0.0")
    started.start()
    try:
        port = started.httpd.server_address[1]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", f"/edition/{SAMPLE.stem}/", headers={"Host": f"127.0.0.1:{port}"})
        page = connection.getresponse().read().decode()
        assert 'id="send-test"' not in page
        body = urlencode({"token": started.token, "to": "me@example.org"})
        connection.request("POST", f"/edition/{SAMPLE.stem}/send", body=body, headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        assert response.status == 403 and b"only from this machine" in response.read()
        connection.close()
    finally:
        started.stop()


def test_the_index_marks_drafts(project: Path, server: PreviewServer) -> None:
    draft = project / "editions" / SECOND.name
    draft.write_text(draft.read_text("utf-8").replace("\ntitle:", "\nstatus: draft\ntitle:", 1), "utf-8")
    page = _get(server, "/")[1].decode()
    row = next(line for line in page.splitlines() if SECOND.stem in line)
    assert '<span class="draft">draft</span>' in row
    assert '<span class="draft">' not in next(line for line in page.splitlines() if SAMPLE.stem in line)


@pytest.mark.parametrize(
    ("to", "words"),
    [
        ("me@example.org%00", r"send: 'me@example.org\x00' is not one usable address: it holds a NUL (U+0000)"),
        ("me@example.org%0D%0ARCPT TO:<b@y.org>", "it holds a carriage return (U+000D) and a line break (U+000A)"),
        ("a@x.org;b@y.org", "';' makes it more than one address"),
        ("me%FF@example.org", "the form is not UTF-8"),
    ],
)
def test_the_send_test_form_refuses_what_is_not_one_address_each(
    project: Path, server: PreviewServer, to: str, words: str
) -> None:
    from conftest import smtp_serving

    with smtp_serving() as smtp:
        _with_smtp(project, smtp.port)
        body = f"token={server.token}&to={to}"
        status, answer = _post(server, f"/edition/{SAMPLE.stem}/send", body)
        assert answer["ok"] is False and words in str(answer["error"]), answer
        assert status in (200, 400) and smtp.inbox.messages == []


def test_a_file_picture_shows_in_the_preview_before_the_archive_is_published(project: Path) -> None:
    """The email loads a `file:` picture from where the archive will publish it; the preview serves the file
    itself at that picture's name, so the editor sees it now (the logo here: file: beside src: of its own keeps
    src:, so the series' logo is given as a file alone)."""
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8").replace("  src: https://www.cnas.org/images/cnas-logo.png\n", ""))
    shutil.copy(SAMPLE, project / "editions")
    preview = PreviewServer(project / "editions" / SAMPLE.name)
    preview.start()
    try:
        status, html, _ = _get(preview, f"/edition/{SAMPLE.stem}/email.html")
        (name,) = re.findall(r'src="pictures/(sharper-mark-[0-9a-f]{12}\.svg)"', html.decode("utf-8"))
        status, data, kind = _get(preview, f"/edition/{SAMPLE.stem}/pictures/{name}")
        assert (status, kind) == (200, "image/svg+xml")
        assert data == (project / "images" / "sharper-mark.svg").read_bytes()
        assert _get(preview, f"/edition/{SAMPLE.stem}/pictures/other.svg")[0] == 404
    finally:
        preview.stop()
    # The email itself keeps the address the archive publishes it at.
    assert run_cli("render", f"editions/{SAMPLE.name}", "--format", "email", cwd=project).returncode == 0
    written = (project / "outbox" / SAMPLE.stem / "email.html").read_text("utf-8")
    assert f'src="https://www.cnas.org/sharper/pictures/{name}"' in written
