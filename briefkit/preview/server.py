"""`briefkit preview`: a local server that shows editions as readers will see them, re-rendered when files change."""

from __future__ import annotations

import http.server
import ipaddress
import json
import mimetypes
import re
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import watchfiles

from briefkit.errors import BriefkitError
from briefkit.io.outbox import EDITION_PDF, EMAIL_HTML, EMAIL_TEXT
from briefkit.manifest.load import project_root
from briefkit.manifest.siblings import manifests_in, top_level
from briefkit.manifest.yaml_nodes import Scalar
from briefkit.preview.state import EditionPreview, PdfRender, Snapshot
from briefkit.render.email_measure import GMAIL_CLIP_BYTES
from briefkit.render.package_templates import package_templates
from briefkit.sending.trial import send_trial

LOOPBACK = ("127.0.0.1", "localhost")
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
FILES = {
    EMAIL_HTML: "text/html; charset=utf-8",
    EMAIL_TEXT: "text/plain; charset=utf-8",
    EDITION_PDF: "application/pdf",
}
KEEPALIVE_SECONDS = 15.0
MAX_FORM = 4096  # a "Send test" form is a few addresses
MAX_PATH = 1024  # longer request paths are never ours
TEMPLATES = Path(__file__).parent / "templates"  # the preview's own pages


DARK_QUERY = b"@media (prefers-color-scheme: dark)"


def as_in_dark_mode(html: bytes) -> bytes:
    """The email as a mail app in dark mode shows it: its dark-mode rules hold whatever the browser asks for."""
    return html.replace(DARK_QUERY, b"@media all")


def pdf_state(pdf: PdfRender | None) -> str:
    """Where the PDF of the current render stands: made only when the PDF view asks for it."""
    if pdf is None:
        return "not made"
    return "made" if pdf.data is not None else "failed"


def state_of(snapshot: Snapshot, pdf: PdfRender | None = None) -> dict[str, Any]:
    """What the preview page shows in its header strip, as JSON; ``pdf`` is the current render's PDF, when made."""
    stats = snapshot.stats
    return {
        "version": snapshot.version,
        "title": snapshot.title,
        "subject": snapshot.subject,
        "preheader": snapshot.preheader,
        "sender": snapshot.sender,
        "list_unsubscribe": snapshot.list_unsubscribe,
        "draft": snapshot.draft,
        "html_bytes": stats.html_bytes if stats else 0,
        "clip_bytes": GMAIL_CLIP_BYTES,
        "clipped": bool(stats and stats.clipped_by_gmail),
        "links": stats.links if stats else 0,
        "images": stats.images if stats else 0,
        "warnings": list(snapshot.warnings) + list(pdf.warnings if pdf else ()),
        "errors": list(snapshot.errors),
        "pdf": pdf_state(pdf),
        "has_email": EMAIL_HTML in snapshot.files,
    }


class PreviewServer:
    """Serves the previews of a project's editions on ``host``:``port`` (a free port when 0)."""

    def __init__(
        self,
        manifest: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.manifest = Path(manifest)
        self.root = project_root(self.manifest)
        self.editions = self.manifest.resolve().parent
        self.report = report or (lambda message: None)
        self.previews: dict[str, EditionPreview] = {}
        self.lock = threading.Lock()
        self.pending = threading.Event()
        self.stopping = threading.Event()
        self.watching = threading.Event()
        self.host = host.lower()
        # The "Send test" form's token: a page of this server has it; a page elsewhere posting here does not.
        self.token = secrets.token_urlsafe(24)
        self.httpd = http.server.ThreadingHTTPServer((host, port), _handler(self))
        self.httpd.daemon_threads = True
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = str(self.httpd.server_address[0]), int(self.httpd.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/edition/{self.manifest.stem}/"

    # -- editions ----------------------------------------------------------------------------

    def answers_host(self, header: str) -> bool:
        """Whether a request's Host header names this server: 127.0.0.1, localhost or the --host given, with its
        port (or none)."""
        try:
            parts = urlsplit("//" + header.strip())
            port = parts.port
        except ValueError:
            return False
        names = {"127.0.0.1", "localhost", str(self.httpd.server_address[0]).lower(), self.host.strip("[]")}
        return (parts.hostname or "") in names and port in (None, self.httpd.server_address[1])

    @property
    def on_loopback(self) -> bool:
        """Whether the server listens on this machine only (test sends are allowed only then)."""
        return ipaddress.ip_address(str(self.httpd.server_address[0])).is_loopback

    def send_test(self, preview: EditionPreview, recipients: list[str]) -> dict[str, Any]:
        """The preview's "Send test": the same code as `briefkit send`, the series' smtp: settings."""
        try:
            sent = send_trial(preview.manifest, recipients)
        except BriefkitError as error:
            return {"ok": False, "error": error.display(self.root)}
        return {"ok": True, "message_id": sent.message_id, "accepted": sent.accepted}

    def preview(self, slug: str) -> EditionPreview | None:
        """The preview of editions/<slug>.yaml, rendered once when first asked for; None when there is none."""
        if not SLUG.fullmatch(slug) or slug.endswith(".series"):
            return None
        manifest = self.editions / f"{slug}.yaml"
        if not manifest.is_file():
            return None
        with self.lock:
            preview = self.previews.get(slug)
            if preview is None:
                preview = self.previews[slug] = EditionPreview(manifest, self.root)
                self.pending.set()
        return preview

    def pdf(self, preview: EditionPreview) -> PdfRender | None:
        """The PDF of the preview's current render, made now when it was not made yet (the PDF view asks)."""
        made = preview.pdf_made()
        if made is None:
            made = preview.pdf()
            if made is not None and made.data is not None:
                self.report(f"made the PDF of {preview.slug} in {made.seconds:.2f} s")
            elif made is not None:
                self.report("\n".join(made.warnings))
        return made

    def _render_all(self) -> None:
        with self.lock:
            previews = list(self.previews.values())
        for preview in previews:
            started = time.perf_counter()
            before = preview.snapshot.errors
            snapshot = preview.render()
            if snapshot.errors:
                if snapshot.errors != before:
                    self.report("\n".join(snapshot.errors))
            else:
                self.report(f"rendered {preview.slug} in {time.perf_counter() - started:.2f} s")

    def _worker(self) -> None:
        """Renders happen here, one at a time, so pages only ever see finished ones."""
        while not self.stopping.is_set():
            if self.pending.wait(timeout=0.2):
                self.pending.clear()
                self._render_all()

    def watched_folders(self) -> list[Path]:
        """The folders holding what the last renders read (manifests, series, lock files, source documents,
        pictures, feed files) and every folder of their themes; the editions folder until a render has run."""
        with self.lock:
            previews = list(self.previews.values())
        folders: set[Path] = {self.editions}
        for preview in previews:
            folders |= preview.snapshot.watched
        return sorted(folder for folder in folders if folder.is_dir())

    def _watcher(self) -> None:
        """Watch the folders renders depend on (not the whole project); when a render comes to depend on other
        folders, watch those from then on."""
        while not self.stopping.is_set():
            folders = self.watched_folders()
            for changes in watchfiles.watch(
                *[str(folder) for folder in folders],
                stop_event=self.stopping,
                recursive=False,
                debounce=60,
                step=20,
                rust_timeout=200,
                yield_on_timeout=True,  # an empty set now and then: the first one says the watch is in place
                raise_interrupt=False,
            ):
                self.watching.set()
                if changes:
                    self.pending.set()
                if self.watched_folders() != folders:
                    break

    # -- running -----------------------------------------------------------------------------

    def start(self) -> None:
        """Render the first edition, then serve, watch and re-render in background threads."""
        self.preview(self.manifest.stem)
        self.pending.clear()
        self._render_all()
        for target in (self.httpd.serve_forever, self._worker, self._watcher):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)
        self.watching.wait(timeout=10)  # changes saved from now on are seen

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=5)

    def index(self) -> list[dict[str, Any]]:
        """Every edition in editions/, newest first: slug, date and title as written."""
        rows = []
        for path in manifests_in(self.editions):
            top = top_level(path)
            written = {key: child.value or "" for key, child in top.items() if isinstance(child, Scalar)}
            rows.append(
                {
                    "slug": path.stem,
                    "date": written.get("date", ""),
                    "title": written.get("title") or path.stem,
                    "draft": written.get("status") == "draft",
                }
            )
        return sorted(rows, key=lambda row: (row["date"], row["slug"]), reverse=True)


def _handler(server: PreviewServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # the terminal shows renders and problems, not every request

        def send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def not_found(self) -> None:
            self.send(404, b"Not found\n", "text/plain; charset=utf-8")

        def page(self, name: str, **values: Any) -> None:
            pages = package_templates(TEMPLATES, keep_trailing_newline=False)
            html = pages.get_template(name).render(**values).encode("utf-8")
            self.send(200, html, "text/html; charset=utf-8")

        def do_GET(self) -> None:
            """Answer only requests addressed to this server by name (a page elsewhere that points a name of its
            own at 127.0.0.1 gets nothing), and any odd path with 404, never a traceback."""
            if not server.answers_host(self.headers.get("Host", "")):
                self.send(421, b"Misdirected request\n", "text/plain; charset=utf-8")
                return
            try:
                self.route()
            except (BrokenPipeError, ConnectionResetError):
                return
            except (ValueError, OSError):
                self.not_found()

        def do_POST(self) -> None:
            """The "Send test" form, and nothing else: only from this machine, to a server listening on this
            machine only, from a page of this server (its Origin and its token)."""
            if not server.answers_host(self.headers.get("Host", "")):
                self.send(421, b"Misdirected request\n", "text/plain; charset=utf-8")
                return
            parts = unquote(urlsplit(self.path).path).split("/")
            preview = server.preview(parts[2]) if len(parts) == 4 and parts[:2] == ["", "edition"] else None
            if preview is None or parts[3] != "send":
                self.not_found()
                return
            origin = self.headers.get("Origin")
            own = urlsplit(server.url)
            local = ipaddress.ip_address(self.client_address[0]).is_loopback and server.on_loopback
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if not local:
                self.answer(403, {"ok": False, "error": "test sends are sent only from this machine"})
                return
            if origin is not None and urlsplit(origin).netloc != self.headers.get("Host", own.netloc):
                self.answer(403, {"ok": False, "error": "a page of another site cannot send tests"})
                return
            if not 0 <= length <= MAX_FORM:
                self.answer(413, {"ok": False, "error": "the form is too long"})
                return
            try:  # strictly UTF-8, percent-escapes too: a character replaced by U+FFFD would be another address
                form = parse_qs(self.rfile.read(length).decode("utf-8"), errors="strict")
            except UnicodeDecodeError:
                self.answer(
                    400, {"ok": False, "error": "the form is not UTF-8; reload the preview page and send again"}
                )
                return
            if not secrets.compare_digest(form.get("token", [""])[0], server.token):
                self.answer(403, {"ok": False, "error": "reload the preview page and send again"})
                return
            recipients = [a.strip() for a in form.get("to", [""])[0].split(",") if a.strip()]
            self.answer(200, server.send_test(preview, recipients))

        def answer(self, status: int, value: dict[str, Any]) -> None:
            self.send(status, json.dumps(value).encode("utf-8"), "application/json")

        def route(self) -> None:
            if len(self.path) > MAX_PATH or "\0" in unquote(self.path):
                self.not_found()
                return
            path = unquote(urlsplit(self.path).path)
            if path == "/":
                self.page("index.html", editions=server.index())
                return
            parts = path.split("/")
            if len(parts) < 4 or parts[:2] != ["", "edition"]:
                self.not_found()
                return
            preview = server.preview(parts[2])
            if preview is None:
                self.not_found()
                return
            rest = "/".join(parts[3:])
            if rest == "":
                self.page("preview.html", slug=preview.slug, token=server.token, can_send=server.on_loopback)
            elif rest == "state.json":
                snapshot = preview.wait_newer(0, timeout=30)
                state = state_of(snapshot, preview.pdf_made())
                self.send(200, json.dumps(state).encode("utf-8"), "application/json")
            elif rest == "events":
                self.events(preview)
            elif rest == EDITION_PDF:
                preview.wait_newer(0, timeout=30)
                pdf = server.pdf(preview)
                if pdf is not None and pdf.data is not None:
                    self.send(200, pdf.data, FILES[rest])
                else:
                    self.not_found()
            elif rest in FILES:
                snapshot = preview.wait_newer(0, timeout=30)
                if rest in snapshot.files:
                    data = snapshot.files[rest]
                    if rest == EMAIL_HTML and parse_qs(urlsplit(self.path).query).get("scheme") == ["dark"]:
                        data = as_in_dark_mode(data)
                    self.send(200, data, FILES[rest])
                else:
                    self.not_found()
            elif rest.startswith("assets/"):
                self.asset(preview, rest[len("assets/") :])
            elif rest.startswith("pictures/"):
                self.picture(preview, rest[len("pictures/") :])
            else:
                self.not_found()

        def picture(self, preview: EditionPreview, name: str) -> None:
            """A `file:` picture of the edition, served in place of its published address (see state.shown_here)."""
            found = preview.wait_newer(0, timeout=30).pictures.get(name)
            if found is None:
                self.not_found()
                return
            kind, data = found
            self.send(200, data, kind)

        def asset(self, preview: EditionPreview, name: str) -> None:
            """A file of an assets/ folder along the edition's theme's search path, and nothing outside them."""
            for folder in preview.wait_newer(0, timeout=30).assets:
                candidate = (folder / name).resolve()
                if not candidate.is_relative_to(folder.resolve()):
                    break
                if candidate.is_file():
                    kind = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
                    self.send(200, candidate.read_bytes(), kind)
                    return
            self.not_found()

        def events(self, preview: EditionPreview) -> None:
            """Server-sent events: one `render` event with the new version after each finished render."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not server.stopping.is_set():
                    snapshot = preview.wait_newer(seen, timeout=KEEPALIVE_SECONDS)
                    if snapshot.version > seen:
                        seen = snapshot.version
                        self.wfile.write(f"event: render\ndata: {seen}\n\n".encode())
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler
