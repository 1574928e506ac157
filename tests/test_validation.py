"""Loading and validation: every bad manifest gets its located messages word for word, exit 2, nothing written."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from briefkit.errors import ManifestError
from briefkit.manifest.edition_fields import EDITION
from briefkit.manifest.load import load_manifest

from conftest import MINIMAL, REPO, run_cli

BAD = sorted((REPO / "tests" / "corpus" / "bad").glob("*.yaml"))


@pytest.mark.parametrize("manifest", BAD, ids=[p.stem for p in BAD])
def test_bad_manifest_is_refused_with_located_messages(project: Path, manifest: Path) -> None:
    shutil.copy(manifest, project / "editions")
    result = run_cli("render", f"editions/{manifest.name}", cwd=project)
    if os.environ.get("BRIEFKIT_UPDATE_GOLDEN") == "1":  # `make golden`; read the diff before committing
        manifest.with_suffix(".expected").write_text(result.stderr, encoding="utf-8")
    expected = manifest.with_suffix(".expected").read_text(encoding="utf-8")
    assert result.stderr == expected
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not (project / "outbox").exists()


def test_the_corpus_covers_every_trap() -> None:
    names = {p.stem for p in BAD}
    for trap in ("duplicate_key", "alias", "python_tag", "unknown_keys", "syntax_error", "control_character"):
        assert trap in names


def test_every_problem_is_reported_at_once(project: Path) -> None:
    (project / "editions" / "x.yaml").write_text(
        "series: sharper.series.yaml\ndate: 2021-13-01\ntitle: [a]\nintro: ok\nsections: []\n", encoding="utf-8"
    )
    with pytest.raises(ManifestError) as caught:
        load_manifest(project / "editions" / "x.yaml")
    assert [(p.location.line, p.location.column, p.field) for p in caught.value.problems] == [
        (2, 7, "date"),
        (3, 8, "title"),
        (5, 11, "sections"),
    ]


def test_yaml_words_that_look_like_other_types_stay_text(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(
        MINIMAL.replace("title: A Test Edition", "title: no") + "subject: 01234\npreheader: 12:30\ntagline: on\n",
        encoding="utf-8",
    )
    edition = load_manifest(manifest).edition
    assert edition["title"] == "no"
    assert edition["subject"] == "01234"
    assert edition["preheader"] == "12:30"
    assert edition["tagline"] == "on"
    assert edition["date"] == dt.date(2021, 3, 31)


def test_series_overrides_merge_key_by_key(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL + "colors:\n  accent: '#ff0000'\ntagline: Special issue\n", encoding="utf-8")
    settings = load_manifest(manifest).settings
    assert settings["colors"]["accent"] == "#ff0000"
    assert settings["colors"]["background"] == "#eef0f2"  # still the series'
    assert settings["tagline"] == "Special issue"
    assert settings["name"] == "Sharper"


def test_problems_in_the_series_file_point_into_it(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text(encoding="utf-8").replace("name: Sharper", "nmae: Sharper"), encoding="utf-8")
    (project / "editions" / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run_cli("render", "editions/x.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "editions/sharper.series.yaml:2:1: nmae: unknown key 'nmae'; did you mean 'name'?",
        "editions/sharper.series.yaml:2:1: name: is missing; add 'name:' (name of the series, like Sharper)",
    ]


def test_schema_command_prints_the_json_schema(project: Path) -> None:
    result = run_cli("schema", cwd=project)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == {f.name for f in EDITION.fields}
    assert schema["additionalProperties"] is False
    assert "date" in schema["required"]


def test_unknown_format_is_refused(project: Path) -> None:
    (project / "editions" / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run_cli("render", "editions/x.yaml", "--format", "email,fax", cwd=project)
    assert result.returncode == 2
    assert (
        result.stderr
        == "--format: unknown format 'fax'; choose from email, text, pdf, eml, campaign, feed, correction\n"
    )


def test_text_after_a_hash_is_named_when_yaml_drops_it(project: Path) -> None:
    (project / "editions" / "x.yaml").write_text(
        MINIMAL.replace("title: A Test Edition", "title: Arctic Security #5"), "utf-8"
    )
    result = run_cli("render", "editions/x.yaml", "--format", "text", cwd=project)
    assert result.returncode == 0
    assert result.stderr == (
        "warning: editions/x.yaml:3:24: the text '#5' was left out: YAML reads ' #' as the start of a comment; put "
        "the whole value in quotes to keep it\n"
    )
    quoted = MINIMAL.replace("title: A Test Edition", 'title: "Arctic Security #5"  # a comment')
    (project / "editions" / "x.yaml").write_text(quoted, "utf-8")
    assert run_cli("render", "editions/x.yaml", "--format", "text", cwd=project).stderr == ""


def test_no_parser_wording_reaches_the_editor() -> None:
    for expected in sorted((REPO / "tests" / "corpus" / "bad").glob("*.expected")):
        text = expected.read_text("utf-8")
        for words in ("while scanning", "while parsing", "did not find expected", "could not find", "token"):
            assert words not in text, f"{expected.name}: {words}"


# -- fields that become email headers ---------------------------------------------------------------------------

SERIES_LINES = {  # each key's line in the series file, and the same with the character (at @) in it
    "name": ("name: Sharper", 'name: "Sharper@Bcc"'),
    "title_pattern": ('title_pattern: "Sharper: {title}"', 'title_pattern: "Sharper:@{title}"'),
    "sender.name": ("  name: CNAS Sharper", '  name: "CNAS@Sharper"'),
}


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("\\r", "a carriage return (U+000D)"),
        ("\\u2028", "a line separator (U+2028)"),
        ("\\u2029", "a paragraph separator (U+2029)"),
        ("\\t", "a tab (U+0009)"),
    ],
)
@pytest.mark.parametrize("key", ["title", "subject", *SERIES_LINES])
def test_a_header_field_refuses_line_breaks_and_controls_where_written(
    project: Path, key: str, written: str, said: str
) -> None:
    """Each of these would end the header early (or has no place in one): refused at its place, before rendering."""
    manifest = project / "editions" / "x.yaml"
    if key in ("title", "subject"):
        text = MINIMAL.replace("title: A Test Edition\n", "") if key == "title" else MINIMAL
        manifest.write_text(text + f'{key}: "Arctic{written}Bcc: all@example.org"\n', "utf-8")
        where = "editions/x.yaml"
    else:
        manifest.write_text(MINIMAL, "utf-8")
        series = project / "editions" / "sharper.series.yaml"
        line, replaced = SERIES_LINES[key]
        series.write_text(series.read_text("utf-8").replace(line, replaced.replace("@", written), 1), "utf-8")
        where = "editions/sharper.series.yaml"
    with pytest.raises(ManifestError) as caught:
        load_manifest(manifest)
    (problem,) = caught.value.problems
    assert problem.field == key and str(problem.location.path).endswith(where) and problem.location.line > 0
    assert problem.message.startswith(f"contains {said}, which an email header cannot hold")
    assert problem.message.endswith("; delete it, or write a space")
    result = run_cli("render", "editions/x.yaml", "--format", "eml", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr and not (project / "outbox").exists()


def test_a_folded_title_is_one_line_in_the_subject(project: Path) -> None:
    """Line breaks the YAML itself holds (a folded title, a CRLF file) are folded into spaces, not refused."""
    manifest = project / "editions" / "x.yaml"
    folded = 'title: >-\n  The Arctic\n  Opens Up\nsubject: "Line one\\r\\nline two"\n'
    manifest.write_bytes(MINIMAL.replace("title: A Test Edition\n", folded).replace("\n", "\r\n").encode())
    edition = load_manifest(manifest).edition
    assert edition["title"] == "The Arctic Opens Up" and edition["subject"] == "Line one line two"
    result = run_cli("render", "editions/x.yaml", "--format", "eml", cwd=project)
    assert result.returncode == 0, result.stderr
    assert b"\r\nSubject: Line one line two\r\n" in (project / "outbox" / "x" / "email.eml").read_bytes()


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("a@x.org;b@y.org", "';' makes it more than one address"),
        ("a@x.org,b@y.org", "',' makes it more than one address"),
        ("a@b@c.org", "it has more than one @"),
        ("a..b@x.org", "'a..b' cannot stand before the @"),
        (".a@x.org", "'.a' cannot stand before the @"),
        ("a@x..org", "'x..org' is not a domain name"),
        ("a@-x.org", "'-x.org' is not a domain name"),
        ("a@straße.de", "the domain 'straße.de' would be sent as strasse.de, which is another name"),
        ("a@ｘ.org", "would be sent as x.org, which is another name"),
        ("brièf@cnas.org", "has letters outside ASCII before the @"),
    ],
)
@pytest.mark.parametrize("key", ["sender.address", "message.reply_to", "message.to"])
def test_an_address_is_exactly_one_address(project: Path, key: str, address: str, words: str) -> None:
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8")
    if key == "sender.address":
        text = text.replace("address: sharper@cnas.org", f"address: '{address}'")
    else:
        text += f"message:\n  {key.split('.')[1]}: '{address}'\n"
    series.write_text(text, "utf-8")
    (project / "editions" / "x.yaml").write_text(MINIMAL, "utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifest(project / "editions" / "x.yaml")
    (problem,) = caught.value.problems
    assert problem.field == key and problem.location.path.name == "sharper.series.yaml", problem
    assert words in problem.message, problem.message


def test_a_domain_outside_ascii_is_valid(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8").replace("address: sharper@cnas.org", "address: brief@münchen.example")
    series.write_text(text + "message:\n  reply_to: Redaktion@MÜNCHEN.example\n", "utf-8")
    (project / "editions" / "x.yaml").write_text(MINIMAL, "utf-8")
    settings = load_manifest(project / "editions" / "x.yaml").settings
    assert settings["sender"]["address"] == "brief@münchen.example"


def test_an_unsubscribe_address_whose_host_idna_would_change_is_refused(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8").replace(
        "unsubscribe_url: https://www.cnas.org/newsletters/unsubscribe", "unsubscribe_url: https://straße.de/ab"
    )
    series.write_text(text, "utf-8")
    (project / "editions" / "x.yaml").write_text(MINIMAL, "utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifest(project / "editions" / "x.yaml")
    (problem,) = caught.value.problems
    assert problem.field == "unsubscribe_url" and "would be sent as strasse.de" in problem.message


def test_the_local_part_rule_accepts_what_the_mail_header_parser_does() -> None:
    """mail_address judges the part before the @ with its own dot-atom rule, not the standard library's header
    parser (slow to load): both give the same answer for every local part of one and two characters, and for
    longer ones built of atoms, dots and every character that reaches the rule."""
    import itertools
    import re
    from email.errors import HeaderParseError, MessageDefect
    from email.headerregistry import Address

    from briefkit.manifest.addresses import mail_address
    from briefkit.manifest.characters import header_breakers

    def parser_accepts(local: str) -> bool:
        spec = f"{local}@example.org"
        try:
            return Address(addr_spec=spec).addr_spec == spec
        except (ValueError, IndexError, HeaderParseError, MessageDefect):
            return False

    def rule_accepts(local: str) -> bool:
        try:
            mail_address(f"{local}@example.org")
        except ValueError:
            return False
        return True

    reaching = [
        c
        for c in map(chr, range(128))
        if c not in ",;@" and not re.search(r"[\s<>()\[\]\"]", c) and not header_breakers(c)
    ]
    assert len(reaching) == 84
    locals_ = ["".join(chars) for size in (1, 2) for chars in itertools.product(reaching, repeat=size)]
    locals_ += [f"{a}.{b}" for a in ("ab", "x+y", "o'neil", "_") for b in reaching]
    locals_ += ["a..b", ".a", "a.", "first.last", "a.b.c", "x\\y", "a:b", "#!$%&'*+-/=?^_`{|}~"]
    disagree = [local for local in locals_ if parser_accepts(local) != rule_accepts(local)]
    assert disagree == []
    assert rule_accepts("first.last") and not rule_accepts("a..b")
