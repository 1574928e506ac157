"""Names that come from files are data: an edition's file name makes a slug only when it follows the rule; the
build's state file cannot lead it outside the outbox; every slug in a link is percent-encoded all the same."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import briefkit.manifest.load
from briefkit.api import build, prepare, render
from briefkit.errors import ManifestError
from briefkit.manifest.slug import edition_slug, in_url, is_safe_slug, suggested_slug
from briefkit.series_feeds.store import FOLDER, STATE, Store

from conftest import MINIMAL, REPO, run_cli

RULE = (
    "the file name makes the edition's folder in the outbox and its web address, so it may hold only ASCII "
    "letters, digits, '-', '_' and '.', beginning with a letter or digit"
)


@pytest.mark.parametrize(
    "slug", ["2021-03-31-the-beijing-moscow-partnership", "x", "Issue_12", "v1.2", "2021.03.31", "9-lives"]
)
def test_safe_slugs(slug: str) -> None:
    assert is_safe_slug(slug)
    assert edition_slug(Path(f"editions/{slug}.yaml")) == slug
    assert in_url(slug) == slug


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        (
            "..yaml",
            "rename the file after the edition's date and title, like 2021-03-31-the-beijing-moscow-partnership",
        ),
        (
            "...yaml",
            "rename the file after the edition's date and title, like 2021-03-31-the-beijing-moscow-partnership",
        ),
        (".hidden.yaml", "rename the file to hidden.yaml"),
        ("-x.yaml", "rename the file to x.yaml"),
        ("café.yaml", "rename the file to cafe.yaml"),
        ("Zürich Brief.yaml", "rename the file to Zurich-Brief.yaml"),
        ("a#b.yaml", "rename the file to a-b.yaml"),
        ("a?b.yaml", "rename the file to a-b.yaml"),
        ("a b.yaml", "rename the file to a-b.yaml"),
        ("a%2e.yaml", "rename the file to a-2e.yaml"),
        ("a\\b.yaml", "rename the file to a-b.yaml"),
        ("日本.yaml", "rename the file after the edition's date and title"),
    ],
)
def test_unsafe_file_names_are_refused_with_the_rule_and_a_name(name: str, fix: str) -> None:
    with pytest.raises(ManifestError) as raised:
        edition_slug(Path("editions") / name)
    message = raised.value.display()
    assert message.startswith(f"editions/{name}: {RULE}; {fix}")


@pytest.mark.parametrize(("name", "other"), [("web", "web-edition"), ("WEB", "WEB-edition"),
                                             ("feed.xml", "feed-xml-edition"), ("index.html", "index-html-edition"),
                                             ("sitemap.xml", "sitemap-xml-edition"), ("atom.xml", "atom-xml-edition")])  # fmt: skip
def test_names_briefkit_writes_for_the_series_are_refused(name: str, other: str) -> None:
    with pytest.raises(ManifestError) as raised:
        edition_slug(Path("editions") / f"{name}.yaml")
    assert raised.value.display().endswith(f"rename the file to {other}.yaml")
    assert is_safe_slug(other)


def test_suggested_slug() -> None:
    assert suggested_slug("Ærø—Notes") == "r-Notes"  # Æ and ø have no plain letter inside
    assert suggested_slug("..") == ""


def test_a_refused_name_is_reported_with_the_manifest_s_other_problems(project: Path) -> None:
    (project / "editions" / "a b.yaml").write_text(MINIMAL.replace("title:", "titel:"), "utf-8")
    result = run_cli("render", "editions/a b.yaml", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"editions/a b.yaml: {RULE}; rename the file to a-b.yaml\n")
    assert "titel: unknown key 'titel'" in result.stderr
    assert not (project / "outbox").exists()


@pytest.mark.parametrize("args", [["render", "--format", "eml"], ["render"], ["send", "--to", "a@example.org"]])
def test_a_non_ascii_file_name_is_a_located_message_not_a_traceback(project: Path, args: list[str]) -> None:
    (project / "editions" / "café.yaml").write_text(MINIMAL, "utf-8")
    result = run_cli(args[0], "editions/café.yaml", *args[1:], cwd=project)
    assert (result.returncode, result.stderr) == (2, f"editions/café.yaml: {RULE}; rename the file to cafe.yaml\n")


def test_a_build_fails_the_refused_edition_alone(project: Path) -> None:
    (project / "editions" / "good.yaml").write_text(MINIMAL, "utf-8")
    (project / "editions" / "..yaml").write_text(MINIMAL, "utf-8")
    result = run_cli("build", "--format", "email", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "failed    ..yaml\n" in result.stderr and f"editions/..yaml: {RULE}" in result.stderr
    assert sorted(p.name for p in project.iterdir()) == [".briefkit-cache", "editions", "feeds", "images", "outbox", "seeds"]  # fmt: skip
    assert (project / "outbox" / "good" / "email.html").is_file()
    assert not (project / "email.html").exists()


# -- the build's state file --------------------------------------------------------------------------------------


def _beside(tmp_path: Path) -> Path:
    """A project in tmp_path/project/, with a file beside it, ../beside.txt, that is not the project's."""
    project = tmp_path / "project"
    (project / "editions").mkdir(parents=True)
    shutil.copy(REPO / "editions" / "sharper.series.yaml", project / "editions")
    for name in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / name, project / name)
    (tmp_path / "beside.txt").write_text("not the project's\n", "utf-8")
    return project


def _built(project: Path) -> dict[str, object]:
    """A build of one edition, good.yaml; returns its state file as JSON."""
    (project / "editions" / "good.yaml").write_text(MINIMAL, "utf-8")
    assert not build(project, ["email", "text"], jobs=1).failed
    data: dict[str, object] = json.loads((project / FOLDER / STATE).read_text("utf-8"))
    return data


def _tampered(project: Path, data: dict[str, object], change: dict[str, object]) -> None:
    """The state file as if good.yaml had gone and its entry said ``change``."""
    editions = data["records"]
    assert isinstance(editions, dict)
    editions["editions/gone.yaml"] = {**editions["editions/good.yaml"], **change}
    (project / FOLDER / STATE).write_text(json.dumps(data), "utf-8")


def _everything(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.relative_to(root).parts[:2] != ("project", ".briefkit-cache")
    }


ELSEWHERE = [
    {"outputs": {"../../beside.txt": [18, "0" * 32]}},
    {"outputs": {"../editions/sharper.series.yaml": [1, "0" * 32]}},
    {"outputs": {"/etc/hostname": [1, "0" * 32]}},
    {"outputs": {"good/./email.txt": [1, "0" * 32]}},
    {"outputs": {"good//email.txt": [1, "0" * 32]}},
    {"outputs": {"good\\..\\..\\beside.txt": [1, "0" * 32]}},
    {"slug": "../.."},
    {"slug": "."},
    {"article": "../../../beside"},
    {"theme": "../../elsewhere"},
    {"entry": ["../..", *[None] * 13]},
]


@pytest.mark.parametrize("change", ELSEWHERE)
def test_a_state_file_that_leads_outside_is_ignored_with_a_warning(tmp_path: Path, change: dict[str, object]) -> None:
    project = _beside(tmp_path)
    data = _built(project)
    if "entry" in change:  # a whole entry of the right shape, with another slug
        entry = data["records"]["editions/good.yaml"]["entry"]  # type: ignore[index]
        change = {"entry": [change["entry"][0], *entry[1:]]}  # type: ignore[index]
    _tampered(project, data, change)
    before = _everything(tmp_path)
    state = Store.load(project, "anything")
    assert state.records == {} and [(w.check, w.display()) for w in state.warnings] == [
        (
            "build",
            ".briefkit-cache/build/state.json: lists files outside the outbox, or editions by names that are not "
            "safe; it was not used, and every edition is made again (nothing the state file lists is removed)",
        )
    ]
    result = build(project, ["email", "text"], jobs=1)
    assert result.warnings == state.warnings and not result.failed and not result.removed
    assert [o.status for o in result.outcomes] == ["rendered"]
    assert _everything(tmp_path) == before
    again = build(project, ["email", "text"], jobs=1)  # the state file is briefkit's own again
    assert [o.status for o in again.outcomes] == ["unchanged"] and not again.warnings


def test_outputs_stay_confined_even_when_the_state_is_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second line: were the state file's check to let a path through, the write refuses it, located."""
    import briefkit.series_feeds.store as state_module
    from briefkit.errors import OutputError

    project = _beside(tmp_path)
    data = _built(project)
    _tampered(project, data, {"outputs": {"../../beside.txt": [18, "0" * 32]}})
    monkeypatch.setattr(state_module, "_confined", lambda record: True)
    with pytest.raises(OutputError) as raised:
        build(project, ["email", "text"], jobs=1)
    assert "beside.txt: is outside" in str(raised.value)
    assert (tmp_path / "beside.txt").read_text("utf-8") == "not the project's\n"


def test_the_kept_archive_with_an_unsafe_slug_counts_as_empty(project: Path) -> None:
    (project / "editions" / "good.yaml").write_text(MINIMAL, "utf-8")
    render(project / "editions" / "good.yaml", ["feed"])
    assert Store.load(project).records
    index = json.loads((project / FOLDER / STATE).read_text("utf-8"))
    for kept in index["records"].values():
        kept["entry"][0] = "../../x"
    (project / FOLDER / STATE).write_text(json.dumps(index), "utf-8")
    assert Store.load(project).records == {}


def test_the_last_edition_removed_takes_the_feeds_and_the_archive_with_it(project: Path) -> None:
    (project / "editions" / "good.yaml").write_text(MINIMAL, "utf-8")
    build(project, ["email"], jobs=1)
    assert (project / "outbox" / "web" / "index.html").is_file()
    (project / "editions" / "good.yaml").unlink()
    result = build(project, ["email"], jobs=1)
    assert result.removed == ["good"]
    assert list((project / "outbox").iterdir()) == []


# -- slugs in links ------------------------------------------------------------------------------------------------

ODD = {"one": "a#b c?d", "two": "e%f/g"}  # what the rule keeps out, let through to see the links


@pytest.fixture
def odd_slugs(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two editions whose slugs, were the rule to let them through, hold '#', '?', ' ', '%' and '/'."""
    (project / "editions" / "one.yaml").write_text(MINIMAL, "utf-8")
    (project / "editions" / "two.yaml").write_text(MINIMAL.replace("2021-03-31", "2021-04-07"), "utf-8")
    monkeypatch.setattr(briefkit.manifest.load, "edition_slug", lambda path: ODD.get(path.stem, path.stem))
    return project


def test_the_view_in_browser_link_encodes_the_slug(odd_slugs: Path) -> None:
    edition = prepare(odd_slugs / "editions" / "one.yaml").edition
    assert edition.web_url == "https://www.cnas.org/sharper/a%23b%20c%3Fd/"
    render(odd_slugs / "editions" / "one.yaml", ["email", "text", "feed"])
    html = (odd_slugs / "outbox" / "a#b c?d" / "email.html").read_text("utf-8")
    assert 'href="https://www.cnas.org/sharper/a%23b%20c%3Fd/"' in html
    assert "sharper/a#b" not in html


def test_archive_pages_sitemap_and_feeds_encode_the_slug(odd_slugs: Path) -> None:
    build(odd_slugs, ["email", "pdf"], jobs=1)
    web = odd_slugs / "outbox" / "web"
    index = (web / "index.html").read_text("utf-8")
    assert 'href="a%23b%20c%3Fd/"' in index and 'href="e%25f%2Fg/"' in index
    sitemap = (web / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://www.cnas.org/sharper/a%23b%20c%3Fd/</loc>" in sitemap
    assert "<loc>https://www.cnas.org/sharper/e%25f%2Fg/</loc>" in sitemap
    page = (web / "a#b c?d" / "index.html").read_text("utf-8")
    assert 'href="https://www.cnas.org/sharper/a%23b%20c%3Fd/"' in page  # its canonical address
    assert 'href="../e%25f%2Fg/"' in page  # the next edition
    for name in ("feed.xml", "atom.xml"):
        feed = (odd_slugs / "outbox" / name).read_text("utf-8")
        assert "sharper/a%23b%20c%3Fd/" in feed and "sharper/a#b" not in feed, name
        assert ":sharper/a%23b%20c%3Fd<" in feed, name  # the entry's tag: id
        assert "sharper/a%23b%20c%3Fd/edition.pdf" in feed, name


def test_empty_folders_are_removed_only_inside_the_outbox(tmp_path: Path) -> None:
    from briefkit.series_build.outputs import remove_empty_folders as _remove_empty_folders

    outbox = tmp_path / "project" / "outbox"
    (outbox / "x").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    _remove_empty_folders(outbox, ["x/email.html", "../../empty/email.html", "../email.html"])
    assert not (outbox / "x").exists()
    assert (tmp_path / "empty").is_dir() and outbox.is_dir()
