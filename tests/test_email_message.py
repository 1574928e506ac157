"""The message file, outbox/<slug>/email.eml: a standards-correct multipart/alternative message with the headers a
sending service and a mailbox provider look for, the same bytes every time, and DKIM-signed when asked."""

from __future__ import annotations

import email
import email.policy
import shutil
from pathlib import Path

import dkim
import pytest

from briefkit.api import render
from briefkit.errors import MessageError

from conftest import SAMPLE, run_cli


@pytest.fixture
def rendered(project: Path) -> Path:
    shutil.copy(SAMPLE, project / "editions")
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".lock.json"), project / "editions")
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text("utf-8")
        + "message:\n  reply_to: editors@cnas.org\n  send_time: '07:30'\n"
        + "  unsubscribe_mailto: mailto:unsubscribe@cnas.org\n",
        "utf-8",
    )
    result = run_cli("render", f"editions/{SAMPLE.name}", "--format", "email,text,eml", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "outbox" / SAMPLE.stem


def test_the_message_has_every_header_and_both_parts(rendered: Path) -> None:
    raw = (rendered / "email.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["From"] == "CNAS Sharper <sharper@cnas.org>"
    assert message["Reply-To"] == "editors@cnas.org"
    assert message["To"] == "undisclosed-recipients:;"
    assert message["Subject"] == "Sharper: The Beijing-Moscow Partnership"
    assert message["Date"] == "Wed, 31 Mar 2021 07:30:00 -0400"  # the send time, in America/New_York
    assert message["Message-ID"].endswith(".2021-03-31-the-beijing-moscow-partnership@cnas.org>")
    assert message["List-Id"] == "Sharper <sharper.cnas.org>"
    assert message["List-Unsubscribe"].strip() == (
        "<https://www.cnas.org/newsletters/unsubscribe>, <mailto:unsubscribe@cnas.org>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["MIME-Version"] == "1.0"
    assert message["Content-Language"] == "en"
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()  # type: ignore[misc]
    assert text.get_content_type() == "text/plain" and html.get_content_type() == "text/html"

    # The same text, with the line ends a message travels with (CRLF, RFC 5322) and a last one.
    def as_file(part: email.message.EmailMessage) -> bytes:
        return part.get_content().replace("\r\n", "\n").encode("utf-8")

    assert as_file(html) == (rendered / "email.html").read_bytes() + b"\n"
    assert as_file(text) == (rendered / "email.txt").read_bytes()


def test_every_line_fits_in_78_characters_and_ends_in_crlf(rendered: Path) -> None:
    raw = (rendered / "email.eml").read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78


def test_the_same_edition_gives_the_same_bytes(rendered: Path, project: Path) -> None:
    first = (rendered / "email.eml").read_bytes()
    (rendered / "email.eml").unlink()
    assert run_cli("render", f"editions/{SAMPLE.name}", "--format", "eml", cwd=project).returncode == 0
    assert (rendered / "email.eml").read_bytes() == first


def test_a_changed_edition_has_a_new_message_id(rendered: Path, project: Path) -> None:
    before = email.message_from_bytes((rendered / "email.eml").read_bytes())["Message-ID"]
    manifest = project / "editions" / SAMPLE.name
    manifest.write_text(
        manifest.read_text("utf-8").replace("Cooperation between", "Cooperation, now, between"), "utf-8"
    )
    render(manifest, ["eml"])
    assert email.message_from_bytes((rendered / "email.eml").read_bytes())["Message-ID"] != before


def _key_pair(folder: Path) -> tuple[Path, bytes]:
    """A fresh RSA key in a PEM file, and the DNS TXT record of its public half (cryptography, which trustme brings)."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key = folder / "dkim.pem"
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return key, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def test_a_signed_message_verifies(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLE, project / "editions")
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text("utf-8") + "message:\n  dkim: {domain: cnas.org, selector: brief2026}\n", "utf-8"
    )
    key, record = _key_pair(tmp_path)
    monkeypatch.setenv("BRIEFKIT_DKIM_KEY_FILE", str(key))
    render(project / "editions" / SAMPLE.name, ["eml"])
    raw = (project / "outbox" / SAMPLE.stem / "email.eml").read_bytes()
    assert raw.startswith(b"DKIM-Signature: ")
    signature = email.message_from_bytes(raw)["DKIM-Signature"].replace("\r\n", "").replace(" ", "")
    for header in ("from", "subject", "date", "to", "list-unsubscribe", "list-unsubscribe-post"):
        assert header in signature.split("h=")[1].split(";")[0].lower().split(":")

    def dns(name: bytes, timeout: int = 5) -> bytes:
        assert name == b"brief2026._domainkey.cnas.org."
        return record

    assert dkim.verify(raw, dnsfunc=dns)
    tampered = raw.replace(b"Subject: Sharper", b"Subject: Sharpest")
    assert not dkim.verify(tampered, dnsfunc=dns)


def test_dkim_asked_for_without_a_key_is_a_clear_error(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLE, project / "editions")
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + "message:\n  dkim: {domain: cnas.org, selector: s1}\n", "utf-8")
    monkeypatch.delenv("BRIEFKIT_DKIM_KEY_FILE", raising=False)
    with pytest.raises(MessageError, match="asks for DKIM signing but this variable is not set"):
        render(project / "editions" / SAMPLE.name, ["eml"])
    assert not (project / "outbox").exists()
    monkeypatch.setenv("BRIEFKIT_DKIM_KEY_FILE", str(project / "missing.pem"))
    result = run_cli("render", f"editions/{SAMPLE.name}", "--format", "eml", cwd=project)
    assert result.returncode == 2 and "cannot read the DKIM key" in result.stderr and "Traceback" not in result.stderr
