"""The red-team corpus: what an editor, a sibling file or a feed can write that once made briefkit crash, hang,
half-write or mislead. Each case is a folder in tests/corpus/redteam/: edition.yaml (rendered as
editions/<case>.yaml), and when the case needs them sibling.yaml (a second edition beside it), feed.xml (in feeds/),
picture.png (in images/), args.txt (the render's options) and absent.txt (text no output may hold). expected.txt
holds the exit status and every line the render prints on standard error. `make golden` writes expected.txt anew;
read the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli

CORPUS = REPO / "tests" / "corpus" / "redteam"
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())
UPDATE = os.environ.get("BRIEFKIT_UPDATE_GOLDEN") == "1"


def _set_up(case: str, project: Path) -> list[str]:
    folder = CORPUS / case
    shutil.copy(folder / "edition.yaml", project / "editions" / f"{case}.yaml")
    if (folder / "sibling.yaml").exists():
        shutil.copy(folder / "sibling.yaml", project / "editions" / f"{case}-sibling.yaml")
    if (folder / "feed.xml").exists():
        shutil.copy(folder / "feed.xml", project / "feeds" / f"{case}.xml")
    if (folder / "picture.png").exists():
        shutil.copy(folder / "picture.png", project / "images" / f"{case}.png")
    args = (folder / "args.txt").read_text("utf-8").split() if (folder / "args.txt").exists() else []
    return ["render", f"editions/{case}.yaml", *args]


@pytest.mark.parametrize("case", CASES)
def test_red_team_case(project: Path, case: str) -> None:
    result = run_cli(*_set_up(case, project), cwd=project)
    assert "Traceback" not in result.stderr
    got = f"exit {result.returncode}\n{result.stderr}"
    expected = CORPUS / case / "expected.txt"
    if UPDATE:
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text("utf-8")
    if result.returncode == 2:  # nothing half-written
        assert not (project / "outbox").exists() or not any((project / "outbox").rglob("*"))
    absent = CORPUS / case / "absent.txt"
    if absent.exists():
        outputs = [
            p.read_text("utf-8") for p in (project / "outbox").rglob("*") if p.suffix in (".html", ".txt", ".xml")
        ]
        assert outputs
        for text in absent.read_text("utf-8").splitlines():
            assert not any(text in output for output in outputs), f"{text!r} is in an output"


MINIMAL_NEWS = """\
series: sharper.series.yaml
date: 2021-04-01
title: A Test Edition
intro: Some words.
sections:
  - kind: in_the_news
    people: [A. Person]
"""


def test_a_sibling_that_failed_is_not_read_again_until_it_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefkit.series_feeds.collect as collect
    from briefkit.api import render

    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL_NEWS, "utf-8")
    broken = project / "editions" / "broken.yaml"
    broken.write_text("title: [unclosed\n", "utf-8")
    looked: list[str] = []
    glance = collect.glance
    monkeypatch.setattr(collect, "glance", lambda path: looked.append(path.name) or glance(path))
    for _ in range(2):
        result = render(manifest, ["feed"])
        assert any("left out broken.yaml" in warning.message for warning in result.warnings)
    assert looked == ["broken.yaml"]
    broken.write_text("title: [still unclosed\n", "utf-8")
    render(manifest, ["feed"])
    assert looked == ["broken.yaml", "broken.yaml"]


def test_a_sibling_made_to_be_slow_is_refused_at_its_depth(project: Path) -> None:
    """100,000 mappings inside each other (a 500 KB file) beside a good edition: a warning, and the render goes on."""
    (project / "editions" / "x.yaml").write_text(MINIMAL_NEWS, "utf-8")
    deep = "series: sharper.series.yaml\ndate: 2021-03-01\nintro: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n"
    (project / "editions" / "deep.yaml").write_text(deep, "utf-8")
    result = run_cli("render", "editions/x.yaml", "--format", "email,feed", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "warning: feed.xml: left out deep.yaml, which has problems; render it to see them\n"
    alone = run_cli("render", "editions/deep.yaml", cwd=project)
    assert alone.returncode == 2
    assert alone.stderr.startswith("editions/deep.yaml:3:") and "nested more than 32 deep" in alone.stderr


def test_a_failure_while_moving_files_in_leaves_the_old_ones(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefkit.io.outbox as outbox
    from briefkit.api import render
    from briefkit.errors import OutputError

    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL_NEWS, "utf-8")
    render(manifest, ["email", "text", "feed"])
    before = {p: p.read_bytes() for p in (project / "outbox").rglob("*") if p.is_file()}
    manifest.write_text(MINIMAL_NEWS.replace("A Test Edition", "Changed Everywhere"), "utf-8")
    moves: list[Path] = []
    replace = os.replace

    def failing(source: object, target: object) -> None:
        if str(source).endswith(".tmp"):
            moves.append(Path(str(target)))
            if len(moves) == 3:  # the email and the text are in place, the feed is not
                raise PermissionError(13, "Permission denied")
        replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox.os, "replace", failing)
    with pytest.raises(OutputError) as raised:
        render(manifest, ["email", "text", "feed"])
    assert raised.value.display(project).endswith(
        "cannot write (permission denied); check the folder can be written to, or choose another with --outbox"
    )
    after = {p: p.read_bytes() for p in (project / "outbox").rglob("*") if p.is_file()}
    assert after == before
    assert len(moves) == 3


def test_an_outbox_that_cannot_be_written_is_a_located_message(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (project / "editions" / "x.yaml").write_text(MINIMAL_NEWS, "utf-8")
    (project / "outbox").mkdir()
    (project / "outbox" / "x").write_text("a file where the edition's folder goes", "utf-8")
    result = run_cli("render", "editions/x.yaml", "--format", "text", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        "outbox/x: is a file where briefkit writes a folder; move or rename it, or choose another --outbox\n"
    )
    assert (project / "outbox" / "x").read_text("utf-8") == "a file where the edition's folder goes"
    elsewhere = run_cli(
        "render", "editions/x.yaml", "--format", "text", "--outbox", "/sys/briefkit-outbox", cwd=project
    )
    assert elsewhere.returncode == 2
    assert elsewhere.stderr.startswith("/sys/briefkit-outbox") and "cannot write (" in elsewhere.stderr
    assert list(project.rglob("*.tmp")) == []


def test_a_manifest_linked_from_outside_the_project_is_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "private.yaml"
    outside.write_text(MINIMAL_NEWS, "utf-8")
    (project / "editions" / "private.yaml").symlink_to(outside)
    result = run_cli("render", "editions/private.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        "editions/private.yaml: is a link to a file outside the project; briefkit reads only files under the "
        "project, so copy the manifest into editions/\n"
    )
    (project / "editions" / "x.yaml").write_text(MINIMAL_NEWS.replace("2021-04-01", "2021-05-01"), "utf-8")
    assert run_cli("render", "editions/x.yaml", "--format", "feed", cwd=project).stderr == ""  # not a sibling either


def test_an_empty_selection_is_not_frozen(project: Path) -> None:
    import json

    from briefkit.api import render

    feed = project / "feeds" / "later.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>\n', "utf-8")
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL_NEWS + "  - kind: listing\n    feed:\n      source: ../feeds/later.xml\n", "utf-8")
    render(manifest, ["text"])
    lock = json.loads((project / "editions" / "x.lock.json").read_text("utf-8"))
    assert lock["sections"] == {}
    shutil.copy(REPO / "feeds" / "cnas-latest.xml", feed)  # the feed is fixed: the next render takes its entries
    render(manifest, ["text"])
    assert "Sharper: Axis of Upheaval" in (project / "outbox" / "x" / "email.txt").read_text("utf-8")


def test_markdown_in_feed_text_stays_text(project: Path) -> None:
    """A feed's description with Markdown in it must not become a live link in the email."""
    feed = project / "feeds" / "prize.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.org/</link>'
        "<item><title>Entry</title><link>https://example.org/e</link><pubDate>Tue, 30 Mar 2021 09:00:00 GMT</pubDate>"
        "<description>[win a prize](https://evil.example) **now** &lt;b&gt;bold&lt;/b&gt;</description></item>"
        "</channel></rss>\n",
        "utf-8",
    )
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL_NEWS + "  - kind: features\n    feed:\n      source: ../feeds/prize.xml\n", "utf-8")
    from briefkit.api import render

    render(manifest, ["email", "text"])
    html = (project / "outbox" / "x" / "email.html").read_text("utf-8")
    assert 'href="https://evil.example"' not in html and "<strong>now</strong>" not in html
    assert "[win a prize](https://evil.example) **now**" in html
