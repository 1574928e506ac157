"""`briefkit check`: every finding with its place and level, the exit status, the JSON. It writes nothing.
`--links` is tested in test_check_links.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema

from briefkit.api import check
from briefkit.errors import Location

from conftest import MINIMAL, REPO, SAMPLE, SECOND, own_theme, run_cli

# The structure `--format json` promises (docs/check.md shows it).
SCHEMA = {
    "type": "object",
    "required": ["version", "editions", "errors", "warnings", "exit_status"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "errors": {"type": "integer"},
        "warnings": {"type": "integer"},
        "exit_status": {"enum": [0, 1, 2]},
        "editions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["manifest", "valid", "problem", "findings"],
                "additionalProperties": False,
                "properties": {
                    "manifest": {"type": "string"},
                    "valid": {"type": "boolean"},
                    "problem": {"type": ["string", "null"]},
                    "findings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["level", "check", "message", "file", "line", "column"],
                            "additionalProperties": False,
                            "properties": {
                                "level": {"enum": ["error", "warning"]},
                                "check": {"type": "string"},
                                "message": {"type": "string"},
                                "file": {"type": "string"},
                                "line": {"type": ["integer", "null"]},
                                "column": {"type": ["integer", "null"]},
                            },
                        },
                    },
                },
            },
        },
    },
}


def write(project: Path, name: str, text: str) -> str:
    (project / "editions" / name).write_text(text, "utf-8")
    return f"editions/{name}"


def test_the_samples(series: Path) -> None:
    result = run_cli("check", cwd=series)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"editions/{SECOND.name}:23:14: warning: repeat: https://warontherocks.com/2020/08/navigating-sino-russian-"
        "defense-cooperation/ is in this edition 2 times; keep it once",
        f"editions/{SAMPLE.name}:55:14: warning: repeat: https://warontherocks.com/2020/08/the-resilience-of-sino-"
        f"russian-high-tech-cooperation/ was already sent in {SECOND.name}; readers have seen it",
    ]
    assert result.stderr == "check: 3 editions, 0 errors, 2 warnings\n"
    assert run_cli("check", "--strict", cwd=series).returncode == 1  # warnings count with --strict
    assert not (series / "outbox").exists() and not (series / ".briefkit-cache" / "links.json").exists()


def test_an_oversized_edition_is_clipped(series: Path) -> None:
    items = "".join(
        f"      - title: Listing item {i} with a title of some length\n"
        f"        url: https://www.cnas.org/publications/item-{i}\n"
        f"        teaser: A teaser for item {i}, long enough to fill a line or two of the email.\n"
        for i in range(400)
    )
    text = MINIMAL + "  - kind: listing\n    items:\n" + items
    name = write(series, "big.yaml", text)
    result = run_cli("check", name, cwd=series)
    assert result.returncode == 1
    assert f"{name}: error: size: the email's HTML is " in result.stdout
    assert "Gmail clips emails past about 102 KB" in result.stdout


def test_a_manifest_that_does_not_validate(series: Path) -> None:
    name = write(series, "broken.yaml", MINIMAL.replace("title:", "titel:"))
    result = run_cli("check", name, cwd=series)
    assert result.returncode == 2
    assert f"{name}:3:1: titel: unknown key 'titel'; did you mean 'title'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_each_check_finds_its_fault(series: Path) -> None:
    text = MINIMAL.replace(
        "title: A Test Edition", "title: WHAT EVERY READER MUST KNOW ABOUT THE ARCTIC THIS WEEK AND NEXT"
    )
    text = text.replace(
        "intro: Some words.",
        "intro: Short. [Click here](https://news.cnas.org/a) or see [https://news.cnas.org/b](https://news.cnas.org/b).",
    )
    text += (
        "  - kind: features\n    items:\n"
        "      - title: One\n        url: https://news.cnas.org/one\n        summary: Once.\n"
        "        image: {src: 'https://news.cnas.org/p.png', alt: IMG_2041.jpg, file: ../images/eurasia-banner.svg}\n"
        "      - title: One again\n        url: https://news.cnas.org/one\n        summary: Twice.\n"
    )
    name = write(series, "faults.yaml", text)
    result = run_cli("check", name, cwd=series)
    assert result.returncode == 0, result.stdout  # warnings only
    found = {line.split(": ")[2]: line for line in result.stdout.splitlines()}
    assert found["subject"].startswith(f"{name}:3:1: warning: subject: ")
    assert "in capitals" in result.stdout and "characters; inboxes cut it at about 60" in result.stdout
    assert found["preheader"].startswith(f"{name}:4:1: warning: preheader: ")
    assert found["alt"] == (
        f"{name}:13:58: warning: alt: the alt text 'IMG_2041.jpg' is a file name; say what the picture shows, "
        "for readers who cannot see it"
    )
    assert f"{name}:4:16: warning: link-text: a link reads 'Click here'" in result.stdout
    assert "warning: link-text: a link's text is its address (https://news.cnas.org/b)" in result.stdout
    assert f"{name}:11:14: warning: repeat: https://news.cnas.org/one is in this edition 2 times" in result.stdout


def test_colours_below_contrast_in_either_scheme(series: Path) -> None:
    path = series / "editions" / "sharper.series.yaml"
    text = path.read_text("utf-8").replace('  muted: "#5c5c5c"', '  muted: "#b0b0b0"')
    path.write_text(text.replace("colors:\n", "colors:\n  dark:\n    accent: '#202a40'\n", 1), "utf-8")
    result = run_cli("check", f"editions/{SAMPLE.name}", cwd=series)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if text.startswith("colors:"))
    assert f"editions/sharper.series.yaml:{line + 1}:3: error: contrast: in light mode, muted text" in result.stdout
    assert "in dark mode, links (#202a40 on " in result.stdout and "under colors: dark:" in result.stdout


def test_a_footer_without_address_or_unsubscribe(series: Path) -> None:
    theme = own_theme(series)
    (theme / "email.txt").write_text('{% extends "default:email.txt" %}{% block footer %}\nBye.\n{% endblock %}\n')
    result = run_cli("check", f"editions/{SAMPLE.name}", cwd=series)
    assert result.returncode == 1
    assert "error: footer: the email's text part has no postal address" in result.stdout
    assert "error: footer: the email's text part has no unsubscribe address" in result.stdout
    assert "the email's HTML part" not in result.stdout


def test_json(series: Path) -> None:
    write(series, "broken.yaml", MINIMAL.replace("title:", "titel:"))
    result = run_cli("check", "--format", "json", cwd=series)
    assert result.returncode == 2
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["warnings"] == 2 and data["errors"] == 0 and data["exit_status"] == 2
    broken = next(e for e in data["editions"] if e["manifest"] == "editions/broken.yaml")
    assert broken["valid"] is False and "unknown key 'titel'" in broken["problem"]
    repeat = next(f for e in data["editions"] for f in e["findings"])
    assert repeat["check"] == "repeat" and repeat["file"].startswith("editions/") and repeat["line"] > 0


def test_a_draft_is_not_already_sent(series: Path) -> None:
    sample = series / "editions" / SAMPLE.name
    sent = "was already sent in"
    assert [f for f in check([sample], series).editions[0].findings if sent in f.message]  # published: a repeat
    second = series / "editions" / SECOND.name
    second.write_text(second.read_text("utf-8").replace("\ntitle:", "\nstatus: draft\ntitle:", 1), "utf-8")
    findings = check([sample], series).editions[0].findings
    assert not [f for f in findings if f.check == "repeat" and sent in f.message]  # a draft went to no reader


def test_click_tracking_would_push_the_email_past_gmails_limit(series: Path) -> None:
    items = "".join(
        f"      - title: Item {i} of a long enough title\n        url: https://x.org/{i}\n"
        f"        teaser: A teaser for item {i} that runs on for a while so the email grows and grows.\n"
        for i in range(95)
    )
    name = write(series, "tracked.yaml", MINIMAL + "  - kind: listing\n    items:\n" + items)
    checked = check([series / name], series)
    sizes = [f for f in checked.editions[0].findings if f.check == "size"]
    assert [(f.level, f.where.path.name, f.where.line) for f in sizes] == [("warning", "tracked.yaml", 0)]
    assert "once a sending service rewrites its 99 links for click tracking, past Gmail's clipping limit" in (
        sizes[0].message
    )
    assert checked.exit_status() == 0 and checked.exit_status(strict=True) == 1


def test_a_render_warning_is_filed_by_what_it_is_not_by_its_words(project: Path) -> None:
    shutil.copy(
        REPO / "tests" / "corpus" / "redteam" / "feed_with_no_entries" / "feed.xml", project / "feeds" / "x.xml"
    )
    text = MINIMAL + "  - kind: listing\n    heading: Nothing Here\n    feed:\n      source: ../feeds/x.xml\n"
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(text, "utf-8")
    findings = check([manifest], project).editions[0].findings
    by_check = {f.check: f for f in findings if f.check in ("empty-section", "feeds")}
    assert by_check["empty-section"].where == Location(manifest, 10, 5)  # at feed:
    assert by_check["empty-section"].message == "sections[1]: has no items this time, so it is left out"
    assert by_check["feeds"].where == Location(manifest, 11, 7)  # at source:, naming the feed as written
    assert by_check["feeds"].message == "../feeds/x.xml: the feed has no entries"
    data = check([manifest], project).as_json(project)
    shown = {f["check"]: f for f in data["editions"][0]["findings"]}  # type: ignore[index]
    assert (shown["empty-section"]["file"], shown["empty-section"]["line"]) == ("editions/x.yaml", 10)


def test_a_series_file_is_not_an_edition(series: Path) -> None:
    result = run_cli("check", "editions/sharper.series.yaml", cwd=series)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        "editions/sharper.series.yaml: a series file, not an edition manifest; name the editions to check (or none, "
        "to check every edition in editions/)"
    )
    glob = run_cli("check", *sorted(p.name for p in (series / "editions").glob("*.yaml")), cwd=series / "editions")
    assert glob.returncode == 2 and "sharper.series.yaml: a series file" in glob.stderr  # the others are checked
    assert "check: 4 editions, 0 errors, 2 warnings, 1 that do not validate" in glob.stderr


def test_the_forward_lines_address_is_said_in_context_not_as_a_bare_link(project: Path) -> None:
    spring = REPO / "editions" / "2021-04-21-the-spring-events.yaml"
    shutil.copy(spring, project / "editions")
    result = run_cli("check", f"editions/{spring.name}", cwd=project)
    assert result.returncode == 0, result.stdout
    assert "link-text" not in result.stdout  # "Forwarded this? Subscribe at www.cnas.org/newsletters"
    manifest = project / "editions" / spring.name
    manifest.write_text(
        manifest.read_text("utf-8").replace(
            "Join them, and add", "Join them (<https://www.cnas.org/newsletters>), and add"
        ),
        "utf-8",
    )
    again = run_cli("check", f"editions/{spring.name}", cwd=project)
    assert "link-text: a link's text is its address (https://www.cnas.org/newsletters)" in again.stdout


def test_nothing_to_check_is_an_error(tmp_path: Path) -> None:
    """Run where no project is (a CI job at the root of a repository whose project is in a folder): said where it
    looked and how to fix it, exit 2, in every format; the same for build, where there is no editions/ at all."""
    fix = "run `briefkit check` in the project's folder (the one that holds editions/), or name the manifests to check"
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"check: editions: no such folder, so nothing was checked; {fix} " + (
        "(`briefkit check newsletter/editions/*.yaml`)\n"
    )
    (tmp_path / "editions").mkdir()
    (tmp_path / "editions" / "news.series.yaml").write_text("name: News\n", "utf-8")
    result = run_cli("check", "--format", "github", cwd=tmp_path)
    assert result.returncode == 2 and "editions: no edition manifest in it, so nothing was checked" in result.stderr
    assert result.stdout.startswith("::error title=briefkit check%3A nothing checked::editions: no edition manifest")
    log = json.loads(run_cli("check", "--format", "sarif", cwd=tmp_path).stdout)
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("editions: no edition manifest")
    data = json.loads(run_cli("check", "--format", "json", cwd=tmp_path).stdout)
    assert data["editions"] == [] and data["exit_status"] == 2
    shutil.rmtree(tmp_path / "editions")
    built = run_cli("build", cwd=tmp_path)
    assert built.returncode == 2 and "Traceback" not in built.stderr
    assert built.stderr == (
        "editions: no such folder, so there is no edition to build; run `briefkit build` in the project's folder "
        "(the one that holds editions/), or name it (`briefkit build newsletter`)\n"
    )
    assert not (tmp_path / "outbox").exists()
