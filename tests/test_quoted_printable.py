"""The message file's bodies are quoted-printable by briefkit/render/quoted_printable.py, with the C codecs: the bytes
must be those the standard library's email package writes for the same text, and the whole message file the one
EmailMessage.set_content and add_alternative would compose."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import random
from email.message import EmailMessage

import pytest

from briefkit.render.email_message import POLICY, render_message
from briefkit.render.quoted_printable import body_encode

from conftest import SAMPLE

# What an email's words and HTML hold: '=' (in every HTML attribute), white space that may end a line, letters
# outside ASCII of one to four UTF-8 bytes, control characters, every kind of line end.
PIECES = ["a", "word ", "=", "==", " ", "\t", "é", "’", "—", "😀", ".", "\x00", "\x0b", "\x0c", "\x1b", "\x7f",
          "\x85", "\u2028", "\n", "\r\n", "\r", "x" * 70, "=3D", "<td style=\"a\">", "_"]  # fmt: skip


def _email_package(text: str, max_line_length: int) -> bytes:
    """The body EmailMessage.set_content writes for ``text``, quoted-printable."""
    message = EmailMessage(policy=email.policy.SMTP.clone(max_line_length=max_line_length))
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    payload = message.get_payload()
    assert isinstance(payload, str)
    return payload.encode("ascii")


def _texts() -> list[str]:
    chance = random.Random(27)  # the same texts every run
    texts = ["", "\n", "x", " ", "\t\n", "a" * 77 + " ", "a" * 76 + "=", "a" * 75 + "é", "a" * 76 + " \n"]
    texts += ["a" * width + tail for width in range(70, 84) for tail in ("", " ", "\t", "=", "é", "=é ", "  ")]
    for _ in range(600):
        texts.append("".join(chance.choice(PIECES) for _ in range(chance.randint(1, 60))))
    return texts


@pytest.mark.parametrize("max_line_length", [76, 78])
def test_bodies_are_the_email_packages_bytes(max_line_length: int) -> None:
    for text in _texts():
        data = text.encode("utf-8")
        assert body_encode(data, max_line_length, b"\n") == _email_package(text, max_line_length), repr(text)


def test_a_line_shorter_than_an_escape_and_its_break_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 4"):
        body_encode(b"x", 3, b"\n")


def _composed(ours: bytes, subject: str, html: bytes, text: bytes) -> bytes:
    """The message file as the email package composes it: the same headers before the parts, then the parts added
    with set_content and add_alternative, the boundary set, and the message written by its generator."""
    written = email.message_from_bytes(ours, policy=email.policy.default)
    boundary = written.get_boundary()
    message = EmailMessage(policy=POLICY)
    for name, value in written.items():
        if name not in ("MIME-Version", "Content-Type", "Content-Language"):
            message[name] = subject if name == "Subject" else str(value).strip()  # less the fold's space
    message.set_content(text.decode("utf-8"), subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html.decode("utf-8"), subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = "en"
    assert boundary is not None
    message.set_boundary(boundary)
    return message.as_bytes(policy=POLICY)


def test_the_message_file_is_what_the_email_package_composes() -> None:
    from briefkit.api import load_edition

    edition, _, _ = load_edition(SAMPLE)
    chance = random.Random(6)
    cases = [(b"<p>x</p>", b"x"), (b"", b"")]
    for _ in range(40):
        html = "".join(chance.choice(PIECES) for _ in range(chance.randint(1, 200))).encode("utf-8")
        text = "".join(chance.choice(PIECES) for _ in range(chance.randint(1, 200))).encode("utf-8")
        cases.append((html, text))
    for html, text in cases:
        for subject in ("Sharper: a subject", "Sharper: ’quoted’ — " + "long " * 20):
            ours = render_message(dataclasses.replace(edition, subject=subject), html, text)
            assert ours == _composed(ours, subject, html, text), (html, text)
