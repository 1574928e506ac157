"""The message file, outbox/<slug>/email.eml: a standards-correct multipart/alternative message with the headers a
sending service and a mailbox provider look for, the same bytes every time, and DKIM-signed when asked."""

from __future__ import annotations

import email
import email.policy
import shutil
import subprocess
import sys
from pathlib import Path

import dkim
import pytest

from briefkit.api import render
from briefkit.errors import MessageError

from conftest import MINIMAL, SAMPLE, run_cli


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


# -- names and domains outside ASCII; what no header may hold ---------------------------------------------------


def _series_outside_ascii(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    text = (
        series.read_text("utf-8")
        .replace("name: Sharper\n", 'name: "Schärfer, \\"Brief\\""\n', 1)
        .replace("  name: CNAS Sharper", "  name: Bürger Brief")
        .replace("address: sharper@cnas.org", "address: sharper@münchen.example")
        .replace("unsubscribe_url: https://www.cnas.org/newsletters/unsubscribe", "unsubscribe_url: https://münchen.example/ab/ü")
    )  # fmt: skip
    series.write_text(
        text
        + "message:\n  reply_to: redaktion@münchen.example\n  to: liste@münchen.example\n"
        + "  unsubscribe_mailto: mailto:abmelden@münchen.example?subject=Abmelden\n",
        "utf-8",
    )


def test_names_are_encoded_and_domains_written_in_idna(project: Path) -> None:
    """RFC 2047 for display names (the email package's policy), IDNA for every domain a header holds: the file is
    ASCII, and reads back as what the series says."""
    (project / "editions" / "x.yaml").write_text(MINIMAL, "utf-8")
    _series_outside_ascii(project)
    result = run_cli("render", "editions/x.yaml", "--format", "eml", cwd=project)
    assert result.returncode == 0, result.stderr
    raw = (project / "outbox" / "x" / "email.eml").read_bytes()
    assert raw.isascii()
    assert b"From: =?utf-8?q?B=C3=BCrger?= Brief <sharper@xn--mnchen-3ya.example>\r\n" in raw
    assert b"Reply-To: redaktion@xn--mnchen-3ya.example\r\nTo: liste@xn--mnchen-3ya.example\r\n" in raw
    assert b"@xn--mnchen-3ya.example>\r\n" in raw.split(b"Message-ID: ")[1].split(b"\r\n", 1)[0] + b"\r\n"
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["From"] == "Bürger Brief <sharper@xn--mnchen-3ya.example>"
    assert message["List-Id"] == 'Schärfer, "Brief" <sharper.xn--mnchen-3ya.example>'
    assert message["List-Unsubscribe"] == (
        "<https://xn--mnchen-3ya.example/ab/%C3%BC>, <mailto:abmelden@xn--mnchen-3ya.example?subject=Abmelden>"
    )


def test_a_file_name_outside_ascii_still_makes_an_ascii_message_id(project: Path) -> None:
    from dataclasses import replace

    from briefkit.edition.prepare import prepare
    from briefkit.render.email_message import list_id, message_id

    (project / "editions" / "x.yaml").write_text(MINIMAL, "utf-8")
    edition = replace(prepare(project / "editions" / "x.yaml").edition, slug="café brief", series_key="brèves")
    identifier = message_id(edition, b"<p>", b"text")
    assert identifier.isascii() and identifier.endswith(".xn--caf-brief-d4a@cnas.org>")
    assert list_id(edition) == "Sharper <xn--brves-5ra.cnas.org>"


def test_an_edition_made_without_validation_is_refused_not_a_traceback(project: Path) -> None:
    from dataclasses import replace

    from briefkit.edition.prepare import prepare
    from briefkit.render.email_message import render_message

    (project / "editions" / "x.yaml").write_text(MINIMAL, "utf-8")
    edition = prepare(project / "editions" / "x.yaml").edition
    for changed, words in [
        (replace(edition, subject="A\rBcc: all@example.org"), "subject: contains a carriage return"),
        (replace(edition, sender_name="A\u2028B"), "sender.name: contains a line separator"),
        (replace(edition, sender_address="a@x.org;b@y.org"), "';' makes it more than one address"),
    ]:
        with pytest.raises(MessageError, match=words):
            render_message(changed, b"<p>", b"text")


def test_a_signed_message_from_a_domain_outside_ascii_verifies(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "editions" / "x.yaml").write_text(MINIMAL, "utf-8")
    _series_outside_ascii(project)
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text("utf-8") + "  dkim: {domain: xn--mnchen-3ya.example, selector: brief2026}\n", "utf-8"
    )
    key, record = _key_pair(tmp_path)
    monkeypatch.setenv("BRIEFKIT_DKIM_KEY_FILE", str(key))
    render(project / "editions" / "x.yaml", ["eml"])
    raw = (project / "outbox" / "x" / "email.eml").read_bytes()

    def dns(name: bytes, timeout: int = 5) -> bytes:
        assert name == b"brief2026._domainkey.xn--mnchen-3ya.example."
        return record

    assert raw.startswith(b"DKIM-Signature: ") and dkim.verify(raw, dnsfunc=dns)


def _dkim_series(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".lock.json"), project / "editions")
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + "message:\n  dkim: {domain: cnas.org, selector: s1}\n", "utf-8")


@pytest.mark.parametrize(
    ("made", "words"),
    [
        ("zero", "/dev/zero is not a regular file (a device, a pipe or a socket)"),
        ("fifo", "is not a regular file (a device, a pipe or a socket)"),
        ("folder", "is a folder"),
        ("large", "is larger than 64 KiB, which no private key is"),
    ],
)
def test_the_dkim_key_is_read_from_a_regular_file_of_a_few_kib(
    project: Path, tmp_path: Path, made: str, words: str
) -> None:
    """/dev/zero would be read until memory runs out, a pipe with no writer would wait forever."""
    import os

    _dkim_series(project)
    path = {"zero": Path("/dev/zero"), "fifo": tmp_path / "key.pipe", "folder": tmp_path, "large": tmp_path / "big"}
    if made == "fifo":
        os.mkfifo(path[made])
    if made == "large":
        path[made].write_bytes(b"-" * (64 * 1024 + 1))
    result = subprocess.run(
        [sys.executable, "-m", "briefkit", "render", f"editions/{SAMPLE.name}", "--format", "eml"],
        cwd=project, env={**os.environ, "BRIEFKIT_DKIM_KEY_FILE": str(path[made])},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("$BRIEFKIT_DKIM_KEY_FILE: ") and words in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and not (project / "outbox").exists()


SUBJECT_WORDS = ["Sharper:", "a", "b  c", "=?utf-8?q?x?=", "=?", "?=", "y" * 90, "é", "l’Arctique", "中文", "&#37;",
                 "{", "}}", "*|EMAIL|*", "\u2060*\u2060", "%", "·", "\\t"]  # fmt: skip


def test_every_subject_is_read_back_as_written() -> None:
    """Long words, words outside ASCII next to ASCII ones, and words that look like encoded words: the Subject a
    mail program reads is the one written, and no line is longer than 78 characters."""
    import dataclasses
    import random

    from briefkit.api import load_edition
    from briefkit.render.email_message import render_message

    edition, _, _ = load_edition(SAMPLE)
    chance = random.Random(20)  # the same subjects every run
    for _ in range(400):
        subject = " ".join(chance.choice(SUBJECT_WORDS) for _ in range(chance.randint(1, 20)))
        raw = render_message(dataclasses.replace(edition, subject=subject), b"<p>x</p>", b"x")
        head = raw.split(b"\r\n\r\n", 1)[0]
        assert max(len(line) for line in head.split(b"\r\n")) <= 78, head
        assert email.message_from_bytes(raw, policy=email.policy.default)["Subject"] == subject, head
