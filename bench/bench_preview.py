"""Benchmark: from a saved edit to the preview serving the updated email, as the preview page sees it.

Run with `make bench` (or `python bench/bench_preview.py [edits]`). Prints figures; it asserts nothing (the tests
never time anything). A `briefkit preview` server runs in this process on a copy of the sample project; a client
listens to its events as the page does. Each edit changes the sample's title on disk; the time is from the write
to the response of `email.html` holding the new title (the file watcher's debounce included), median of 10 edits.

1. The email view open: a save renders the email and the text; the PDF is not made. Target: <= 250 ms.
2. The PDF view open: the same, and then the client asks for `edition.pdf`, as the page does once the email is
   shown: the time to the email, and to the PDF.
3. As before the PDF was made on demand: each save renders the PDF with the email (the anchor).
"""

from __future__ import annotations

import http.client
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_pdf import REPO, SAMPLE


def project_copy(folder: Path) -> Path:
    for name in ("editions", "seeds", "images", "feeds"):
        shutil.copytree(REPO / name, folder / name)
    return folder / "editions" / SAMPLE.name


class Client:
    """What the preview page does: listens to the events, and fetches the email (and the PDF) after each."""

    def __init__(self, host: str, port: int, slug: str) -> None:
        self.host, self.port, self.base = host, port, f"/edition/{slug}/"
        self.events = http.client.HTTPConnection(host, port, timeout=60)
        self.events.request("GET", self.base + "events")
        self.stream = self.events.getresponse()
        self.next_render()

    def next_render(self) -> None:
        while self.stream.readline() != b"event: render\n":
            pass
        self.stream.readline()  # data
        self.stream.readline()  # blank line

    def get(self, name: str) -> bytes:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.request("GET", self.base + name)
        body = connection.getresponse().read()
        connection.close()
        return body

    def close(self) -> None:
        self.events.close()


def edits(manifest: Path, count: int, with_pdf: bool) -> tuple[list[float], list[float]]:
    """Milliseconds from each save to the updated email (and to the PDF, when asked for)."""
    from briefkit.preview.server import PreviewServer

    server = PreviewServer(manifest)
    server.start()
    host, port = str(server.httpd.server_address[0]), int(server.httpd.server_address[1])
    client = Client(host, port, manifest.stem)
    original = manifest.read_text("utf-8")
    to_email: list[float] = []
    to_pdf: list[float] = []
    try:
        if with_pdf:
            client.get("edition.pdf")
        for i in range(count + 1):  # the first edit warms up
            title = f"Edit {i} of the Partnership"
            started = time.perf_counter()
            manifest.write_text(original.replace("title: The Beijing-Moscow Partnership", f"title: {title}"), "utf-8")
            client.next_render()
            email = client.get("email.html")
            shown = time.perf_counter()
            if title.encode() not in email:
                raise SystemExit(f"the preview served an email without the edit {i}")
            if with_pdf:
                client.get("edition.pdf")
            done = time.perf_counter()
            if i:
                to_email.append((shown - started) * 1000)
                to_pdf.append((done - started) * 1000)
            time.sleep(0.3)  # an editor does not save twice within a render
    finally:
        client.close()
        server.stop()
        manifest.write_text(original, "utf-8")
    return to_email, to_pdf


def main() -> None:
    from briefkit.preview import state

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as scratch_name:
        manifest = project_copy(Path(scratch_name))
        email_only, _ = edits(manifest, count, with_pdf=False)
        with_pdf_email, with_pdf = edits(manifest, count, with_pdf=True)
        state.PREVIEW_FORMATS.append("pdf")  # as before: the PDF rendered with the email on every save
        try:
            before, _ = edits(manifest, count, with_pdf=False)
        finally:
            state.PREVIEW_FORMATS.remove("pdf")
    print(f"Preview: a saved edit to the updated email served (median of {count} edits, in-process server)")
    print(f"  email view open          {statistics.median(email_only):7.0f} ms   target <= 250 ms"
          f"   (min {min(email_only):.0f}, max {max(email_only):.0f})")  # fmt: skip
    print(f"  PDF view open: email     {statistics.median(with_pdf_email):7.0f} ms")
    print(f"  PDF view open: PDF       {statistics.median(with_pdf):7.0f} ms")
    print(f"  PDF with every save      {statistics.median(before):7.0f} ms   (as before; "
          f"{statistics.median(before) / statistics.median(email_only):.1f}x the email view's)")  # fmt: skip


if __name__ == "__main__":
    main()
