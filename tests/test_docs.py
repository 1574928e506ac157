"""The manifest reference documents every key the schema knows."""

from __future__ import annotations

import re

import pytest

from briefkit.manifest.fields import EDITION, EDITION_FIELDS, SERIES
from briefkit.manifest.types import RecordType, record_types

from conftest import REPO

DOC = (REPO / "docs" / "manifest.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    found = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^#{{2,3}} |\Z)", DOC, flags=re.MULTILINE | re.DOTALL)
    assert found, f"docs/manifest.md has no '### {title}' section"
    return found.group(1)


RECORDS: list[RecordType] = []
for record in record_types(SERIES) + record_types(EDITION):
    if not any(record is seen for seen in RECORDS):
        RECORDS.append(record)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.title)
def test_every_key_is_documented(record: RecordType) -> None:
    text = section(record.title)
    fields = EDITION_FIELDS if record is EDITION else record.fields
    missing = [f.name for f in fields if f"| `{f.name}` |" not in text]
    assert not missing, f"docs/manifest.md, section '{record.title}', does not document: {', '.join(missing)}"
