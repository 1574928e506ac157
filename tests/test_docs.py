"""The manifest reference documents every key the schema knows."""

from __future__ import annotations

import re

import pytest

from briefkit.manifest.compound_types import RecordType, record_types
from briefkit.manifest.edition_fields import EDITION, EDITION_FIELDS
from briefkit.manifest.series_fields import SERIES

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


THEMES_DOC = (REPO / "docs" / "themes.md").read_text(encoding="utf-8")
EVENING = REPO / "tests" / "themes" / "evening"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def test_the_themes_worked_example_is_the_test_theme() -> None:
    """docs/themes.md shows the test theme's files as they are (tests/test_themes.py renders them)."""
    shown = _blocks(THEMES_DOC, "yaml") + _blocks(THEMES_DOC, "jinja")
    for name in ("theme.yaml", "sections/gatherings.mjml", "email.mjml"):
        text = (EVENING / name).read_text(encoding="utf-8")
        if text.startswith("{#"):  # the partial's own comment line is left out of the docs
            text = text.split("\n", 1)[1]
        assert text in shown, f"docs/themes.md does not show tests/themes/evening/{name} as it is"


def test_the_themes_doc_lists_every_block_of_the_shipped_templates() -> None:
    for name in ("email.mjml", "email.txt", "print-edition.html", "feed-entry.html"):
        blocks = re.findall(r"{% block (\w+) %}", (REPO / "templates" / "sharper" / name).read_text("utf-8"))
        table = THEMES_DOC.split("| template | blocks |", 1)[1].split("\n\n", 1)[0]
        row = next(line for line in table.splitlines() if f"`{name}`" in line)
        missing = [block for block in blocks if f"`{block}`" not in row]
        assert not missing, f"docs/themes.md does not list the blocks {missing} of {name}"


def test_the_check_doc_lists_every_check() -> None:
    """Every check name a Finding is made with, anywhere in briefkit: in the table when `briefkit check` can meet
    it, else named on the page (the warnings of the PDF and of the series' feeds)."""
    source = "\n".join(path.read_text("utf-8") for path in (REPO / "briefkit").rglob("*.py"))
    made = r'Finding(?:\.noted|\.about)?\((?:[^,()]|\([^()]*\))+,\s*"([a-z-]+)"'  # the check: the second argument
    names = set(re.findall(made, source))
    names |= {"render", "pdf-glyphs", "pdf-stylesheet", "series-feed"}  # made through a name or a constant
    page = (REPO / "docs" / "check.md").read_text("utf-8")
    table = page.split("| check | level | finds |", 1)[1].split("\n\n")[0]
    unlisted = [name for name in sorted(names) if f"| `{name}` |" not in table and f"`{name}`" not in page]
    assert not unlisted, f"docs/check.md does not name: {unlisted}"
    assert len(names) >= 20
