"""A test send behaves like a send: dated the moment it goes, with a Message-ID of its own each time (so a second
test to the same inbox is never hidden as a copy of the first), while email.eml keeps the edition's date and id."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import shutil
from pathlib import Path

from briefkit.api import render, send_test

from conftest import SAMPLE, smtp_serving


def test_each_test_send_is_dated_now_with_its_own_message_id(project: Path) -> None:
    shutil.copy(SAMPLE, project / "editions")
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".lock.json"), project / "editions")
    manifest = project / "editions" / SAMPLE.name
    smtp = {"host": "127.0.0.1", "security": "none"}
    with smtp_serving() as server:
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        first = send_test(manifest, ["me@example.org"], {**smtp, "port": server.port})
        second = send_test(manifest, ["me@example.org"], {**smtp, "port": server.port})
        after = dt.datetime.now(dt.UTC)
        received = [email.message_from_bytes(data, policy=email.policy.default) for _, _, data in server.inbox.messages]
    assert first.message_id != second.message_id
    assert [str(m["Message-ID"]) for m in received] == [first.message_id, second.message_id]
    for message in received:
        dated = email.utils.parsedate_to_datetime(str(message["Date"]))
        assert before <= dated <= after  # now, not the edition's date (2021)
        assert dated.utcoffset() in (dt.timedelta(hours=-4), dt.timedelta(hours=-5))  # America/New_York
    # The message file stays the same bytes, with the edition's own date and id.
    render(manifest, ["email", "text", "eml"])
    eml = (project / "outbox" / SAMPLE.stem / "email.eml").read_bytes()
    render(manifest, ["email", "text", "eml"])
    assert (project / "outbox" / SAMPLE.stem / "email.eml").read_bytes() == eml
    kept = email.message_from_bytes(eml, policy=email.policy.default)
    assert str(kept["Date"]).startswith("Wed, 31 Mar 2021")
    assert str(kept["Message-ID"]) not in (first.message_id, second.message_id)
