"""How `briefkit build` makes each edition's accessibility page when the email is not among its formats: the email
is rendered with the other formats for the page's report (the same page, byte for byte, as a build that writes the
email makes), and not written."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefkit.api import build

from conftest import SAMPLE

PAGE = "accessibility.html"


def test_a_build_without_the_email_checks_it_and_does_not_write_it(series: Path, tmp_path: Path) -> None:
    written = tmp_path / "written"
    shutil.copytree(series, written)
    assert not build(series, ["text", "eml"], jobs=1).failed
    assert not build(written, ["email", "text", "eml"], jobs=1).failed
    outbox = series / "outbox"
    assert not list(outbox.glob("*/email.html"))
    assert (outbox / SAMPLE.stem / "email.txt").exists() and (outbox / SAMPLE.stem / "email.eml").exists()
    page = (outbox / "web" / SAMPLE.stem / PAGE).read_bytes()
    assert b"The email" in page
    assert page == (written / "outbox" / "web" / SAMPLE.stem / PAGE).read_bytes()
    assert (outbox / SAMPLE.stem / "email.eml").read_bytes() == (
        written / "outbox" / SAMPLE.stem / "email.eml"
    ).read_bytes()
