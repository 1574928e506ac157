"""`briefkit schema` matches the validator: every manifest and series file briefkit accepts validates against it
(the samples, the valid test manifests, what `briefkit new` writes), and files briefkit refuses for their shape fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from briefkit.manifest.json_schema import edition_schema, series_schema

from conftest import MINIMAL, REPO, run_cli


class _AsWritten(yaml.SafeLoader):
    """YAML as an editor's language server reads it for JSON Schema: dates stay text."""


_AsWritten.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=_AsWritten)


def _errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


EDITIONS = [p for p in sorted((REPO / "editions").glob("*.yaml")) if not p.name.endswith(".series.yaml")]


def test_the_schemas_are_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(edition_schema())
    jsonschema.Draft202012Validator.check_schema(series_schema())


@pytest.mark.parametrize("manifest", EDITIONS, ids=lambda p: p.stem)
def test_every_sample_edition_validates(manifest: Path) -> None:
    assert _errors(edition_schema(), _load(manifest)) == []


def test_the_sample_series_validates() -> None:
    assert _errors(series_schema(), _load(REPO / "editions" / "sharper.series.yaml")) == []


def test_valid_test_manifests_validate(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(MINIMAL, "utf-8")
    assert _errors(edition_schema(), _load(tmp_path / "x.yaml")) == []
    hostile = REPO / "tests" / "corpus" / "hostile" / "breakout.yaml"
    assert _errors(edition_schema(), _load(hostile)) == []


def test_what_briefkit_new_writes_validates(tmp_path: Path) -> None:
    assert run_cli("new", "project", "x", "--date", "2021-04-01", cwd=tmp_path).returncode == 0
    assert run_cli("new", "edition", "Next Week", "--date", "2021-04-08", cwd=tmp_path / "x").returncode == 0
    editions = tmp_path / "x" / "editions"
    assert _errors(series_schema(), _load(editions / "x.series.yaml")) == []
    for manifest in sorted(editions.glob("2021-*.yaml")):
        text = manifest.read_text("utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        assert _errors(edition_schema(), _load(manifest)) == [], manifest.name


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("title: A Test Edition", "titel: A Test Edition"), "Additional properties are not allowed"),
        (("intro: Some words.\n", ""), "'intro' is a required property"),
        (("people: [A. Person]", "people: A. Person"), "is not valid under any of the given schemas"),
        (("- kind: in_the_news", "- kind: nonsense"), "is not valid under any of the given schemas"),
    ],
)
def test_files_briefkit_refuses_fail(tmp_path: Path, change: tuple[str, str], words: str) -> None:
    (tmp_path / "x.yaml").write_text(MINIMAL.replace(*change), "utf-8")
    errors = _errors(edition_schema(), _load(tmp_path / "x.yaml"))
    assert any(words in error for error in errors), errors


def test_conditional_rules_items_unless_a_feed_and_fields_unless_from(tmp_path: Path) -> None:
    base = MINIMAL.replace("  - kind: in_the_news\n    people: [A. Person]\n", "")
    feed_only = base + "  - kind: listing\n    feed: {source: ../feeds/x.xml}\n"
    neither = base + "  - kind: listing\n"
    from_only = base + "  - kind: features\n    items:\n      - {from: ../seeds/a.txt, url: 'https://example.org/a'}\n"
    summary_and_quote = base + (
        "  - kind: commentaries\n    items:\n      - title: T\n        url: https://example.org/a\n"
        "        summary: S\n        quote: {text: Q, authors: A}\n"
    )
    for text, valid in ((feed_only, True), (neither, False), (from_only, True), (summary_and_quote, False)):
        (tmp_path / "x.yaml").write_text(text, "utf-8")
        assert (_errors(edition_schema(), _load(tmp_path / "x.yaml")) == []) is valid, text


def test_briefkit_schema_prints_it(tmp_path: Path) -> None:
    result = run_cli("schema", cwd=tmp_path)
    assert json.loads(result.stdout) == edition_schema()
