"""Benchmark: a test send to an SMTP server on loopback (aiosmtpd), and the size of the sample's message file.

Run with `make bench`. Prints figures and ratios; it asserts nothing (the tests never time anything).

`briefkit send` as an editor runs it (a new process: load, render in memory, send) against the floor a script
would reach with the standard library: smtplib handing the already-made message file to the same server.
"""

from __future__ import annotations

import os
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

from aiosmtpd.controller import Controller

from timing import timings

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "editions" / "2021-03-31-the-beijing-moscow-partnership.yaml"
RUNS = 10


class Inbox:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        return "250 accepted"


def main() -> None:
    project = Path(tempfile.mkdtemp(prefix="briefkit-bench-send-"))
    try:
        for folder in ("editions", "seeds", "images", "feeds"):
            shutil.copytree(REPO / folder, project / folder)
        inbox = Inbox()
        with socket.socket() as probe:  # a free port
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        manifest = f"editions/{SAMPLE.name}"
        subprocess.run(
            [sys.executable, "-m", "briefkit", "render", manifest, "--format", "eml"], cwd=project, check=True,
            capture_output=True,
        )  # fmt: skip
        message = (project / "outbox" / SAMPLE.stem / "email.eml").read_bytes()
        command = [sys.executable, "-m", "briefkit", "send", manifest, "--to", "me@example.org",
                   "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-security", "none"]  # fmt: skip
        environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

        def briefkit_send() -> None:
            subprocess.run(command, cwd=project, env=environment, check=True, capture_output=True)

        def smtplib_send() -> None:
            with smtplib.SMTP("127.0.0.1", port) as client:
                client.sendmail("sharper@cnas.org", ["me@example.org"], message)

        briefkit_send()  # caches warm, as for an editor's second send
        ours = median(timings(RUNS, briefkit_send))
        floor = median(timings(RUNS, smtplib_send))
        controller.stop()
        print(f"message file (sample edition): {len(message):,} bytes ({len(message) / 1024:.1f} KB)")
        print(f"test send to loopback, whole `briefkit send` process: {ours:.0f} ms (median of {RUNS})")
        print(f"smtplib sending the finished file to the same server: {floor:.1f} ms")
        print(f"ratio: {ours / floor:.0f}x; what briefkit adds is starting, loading and rendering the edition")
        print(f"messages received: {inbox.count}")
    finally:
        shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()
