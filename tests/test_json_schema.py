"""`briefkit schema` matches the validator: every manifest and series file briefkit accepts validates against it
(the samples, the valid test manifests, what `briefkit new` writes), and files briefkit refuses for their shape fail."""

from __future__ import annotations

import json
import shutil
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
        (("date: 2021-03-31\n", ""), "'date' is a required property"),
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


EVENING = REPO / "tests" / "themes" / "evening"


def _headings(series_schema: dict[str, Any]) -> dict[str, Any]:
    """The kinds a series file's `headings:` may name."""
    properties: dict[str, Any] = series_schema["properties"]["headings"]["anyOf"][0]["properties"]
    return properties


@pytest.fixture
def evening_project(tmp_path: Path) -> Path:
    """A new project whose series uses the evening test theme, copied into its templates/."""
    assert run_cli("new", "project", "x", "--date", "2021-04-01", cwd=tmp_path).returncode == 0
    project = tmp_path / "x"
    shutil.copytree(EVENING, project / "templates" / "evening")
    series = project / "editions" / "x.series.yaml"
    series.write_text(series.read_text("utf-8") + "theme: evening\n", "utf-8")
    return project


def test_the_project_schema_learns_the_theme_with_a_new_edition(evening_project: Path) -> None:
    result = run_cli("new", "edition", "Evening", "--date", "2021-05-06", cwd=evening_project)
    assert result.returncode == 0, result.stderr
    manifest = _load(evening_project / "editions" / "2021-05-06-evening.yaml")
    schema = json.loads((evening_project / "edition.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert _errors(schema, manifest) == []
    assert _errors(edition_schema(), manifest) != []  # briefkit's own schema knows neither events nor greeting
    series = json.loads((evening_project / "series.schema.json").read_text("utf-8"))
    assert _errors(series, _load(evening_project / "editions" / "x.series.yaml")) == []
    assert "gatherings" in _headings(series)


def test_render_and_build_make_a_stale_schema_again(evening_project: Path) -> None:
    """The schema follows theme.yaml: a render (or a build) writes it again, in the bytes `briefkit schema`
    writes, and only when it changed."""
    assert run_cli("new", "edition", "Evening", "--date", "2021-05-06", cwd=evening_project).returncode == 0
    theme = evening_project / "templates" / "evening" / "theme.yaml"
    theme.write_text(
        theme.read_text("utf-8").replace("fields:\n  greeting:", "fields:\n  sign_off: {type: text}\n  greeting:", 1),
        "utf-8",
    )
    edition = "editions/2021-05-06-evening.yaml"
    rendered = run_cli("render", edition, "--format", "text", cwd=evening_project)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout.splitlines() == ["wrote outbox/2021-05-06-evening/email.txt", "wrote edition.schema.json"]
    expected = run_cli("schema", "--theme", "evening", cwd=evening_project).stdout
    assert (evening_project / "edition.schema.json").read_text("utf-8") == expected
    assert "sign_off" in json.loads(expected)["properties"]
    again = run_cli("render", edition, "--format", "text", cwd=evening_project)
    assert again.stdout.splitlines() == ["wrote outbox/2021-05-06-evening/email.txt"]
    theme.write_text(theme.read_text("utf-8").replace("  sign_off: {type: text}\n", ""), "utf-8")
    built = run_cli("build", "--drafts", "--format", "text", cwd=evening_project)
    assert built.returncode == 0, built.stderr
    assert "sign_off" not in (evening_project / "edition.schema.json").read_text("utf-8")


def test_a_project_without_schema_files_gets_none(evening_project: Path) -> None:
    edition = "editions/2021-04-01-welcome-to-x.yaml"
    (evening_project / "series.schema.json").unlink()
    rendered = run_cli("render", edition, "--format", "text", cwd=evening_project)
    assert rendered.returncode == 0, rendered.stderr
    assert "wrote edition.schema.json" in rendered.stdout.splitlines()  # the one it has follows the theme
    assert not (evening_project / "series.schema.json").exists()  # the one it removed stays away
    (evening_project / "edition.schema.json").unlink()
    assert run_cli("render", edition, "--format", "text", cwd=evening_project).returncode == 0
    assert not (evening_project / "edition.schema.json").exists()
    assert not (evening_project / "series.schema.json").exists()


def test_briefkit_schema_writes_a_file(evening_project: Path) -> None:
    printed = run_cli("schema", "--theme", "evening", cwd=evening_project).stdout
    written = run_cli("schema", "--theme", "evening", "-o", "mine.json", cwd=evening_project)
    assert written.returncode == 0, written.stderr
    assert written.stdout == "wrote mine.json\n"
    assert (evening_project / "mine.json").read_text("utf-8") == printed
    series = run_cli("schema", "--series", "--theme", "evening", "--output", "s.json", cwd=evening_project)
    assert series.returncode == 0, series.stderr
    assert "gatherings" in _headings(json.loads((evening_project / "s.json").read_text("utf-8")))
    missing = run_cli("schema", "--theme", "nightly", "-o", "mine.json", cwd=evening_project)
    assert missing.returncode == 2
    assert "there is no theme 'nightly'" in missing.stderr
    assert (evening_project / "mine.json").read_text("utf-8") == printed


def test_briefkit_schema_in_a_project_is_its_themes(evening_project: Path) -> None:
    """Without --theme, inside a project (or its editions/), the schema is that of the theme its series file
    names, the bytes render and build keep in edition.schema.json; outside a project, briefkit's own."""
    themed = run_cli("schema", "--theme", "evening", cwd=evening_project).stdout
    assert run_cli("schema", cwd=evening_project).stdout == themed
    assert run_cli("schema", cwd=evening_project / "editions").stdout == themed
    assert "greeting" in json.loads(themed)["properties"]
    written = run_cli("schema", "-o", "edition.schema.json", cwd=evening_project)
    assert written.returncode == 0, written.stderr
    assert (evening_project / "edition.schema.json").read_text("utf-8") == themed
    series = run_cli("schema", "--series", cwd=evening_project).stdout
    assert "gatherings" in _headings(json.loads(series))
    (evening_project / "editions" / "x.series.yaml").rename(evening_project / "x.yaml")
    assert json.loads(run_cli("schema", cwd=evening_project).stdout) == edition_schema()


def test_briefkit_schema_in_a_project_with_a_broken_theme_says_where(evening_project: Path) -> None:
    theme = evening_project / "templates" / "evening" / "theme.yaml"
    theme.write_text(theme.read_text("utf-8").replace("    type: text\n", "    type: txt\n", 1), "utf-8")
    result = run_cli("schema", cwd=evening_project)
    assert result.returncode == 2
    assert result.stderr.startswith("templates/evening/theme.yaml:5:")
    assert result.stdout == ""


def test_declared_defaults_and_required_with_are_in_the_schema(evening_project: Path) -> None:
    theme = evening_project / "templates" / "evening" / "theme.yaml"
    theme.write_text(
        theme.read_text("utf-8")
        .replace(
            "          note: {type: text, doc: Anything else worth knowing.}\n",
            "          note: {type: text, doc: Anything else worth knowing.}\n"
            "          picture: {type: url, doc: A picture of the place.}\n"
            "          alt: {type: text, required_with: picture, doc: What the picture shows.}\n"
            '          more: {type: text, default: "Register »", doc: The words of the link.}\n'
            "          starts: {type: date, default: 2021-05-01, doc: The first day.}\n",
        )
        .replace("fields:\n  greeting:", "fields:\n  sign_off: {type: text, default: Good night.}\n  greeting:", 1),
        "utf-8",
    )
    made = run_cli("schema", cwd=evening_project)
    assert made.returncode == 0, made.stderr
    schema = json.loads(made.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["greeting"].get("default") is None
    assert schema["properties"]["sign_off"]["default"] == "Good night."
    assert schema["properties"]["status"]["default"] == "published"  # briefkit's own defaults too
    events = next(
        variant
        for variant in schema["properties"]["sections"]["items"]["oneOf"]
        if variant["properties"]["kind"]["enum"] == ["gatherings"]
    )
    entry = events["properties"]["items"]["items"]
    assert entry["properties"]["more"]["default"] == "Register »"
    assert entry["properties"]["starts"]["default"] == "2021-05-01"
    assert entry["dependentRequired"] == {"picture": ["alt"]}
    item = {"title": "Talk", "date": "2021-05-06", "place": "Hall", "url": "https://example.org/talk"}
    assert _errors(entry, item) == []
    assert _errors(entry, {**item, "picture": "https://example.org/hall.jpg"}) == [
        ": 'alt' is a dependency of 'picture'"
    ]
    assert _errors(entry, {**item, "picture": "https://example.org/hall.jpg", "alt": "The hall"}) == []
