"""`briefkit new project`, `briefkit new edition`, and the installed wheel used outside the repository."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from briefkit.api import load_edition, render

from conftest import REPO, run_cli

EVENING = REPO / "tests" / "themes" / "evening"


def test_a_new_project_renders_at_once(tmp_path: Path) -> None:
    result = run_cli("new", "project", "x", "--date", "2021-04-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "x"
    assert result.stdout.splitlines() == [
        "wrote x/README.md",
        "wrote x/.gitignore",
        "wrote x/editions/x.series.yaml",
        "wrote x/edition.schema.json",
        "wrote x/series.schema.json",
        "wrote x/editions/2021-04-01-welcome-to-x.yaml",
        "next: cd x && briefkit render editions/2021-04-01-welcome-to-x.yaml",
    ]
    assert not (project / "templates").exists()  # the theme comes from briefkit
    assert "/outbox/" in (project / ".gitignore").read_text("utf-8").splitlines()
    rendered = run_cli("render", "editions/2021-04-01-welcome-to-x.yaml", cwd=project)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stderr == ""
    names = {line.rsplit("/", 1)[-1] for line in rendered.stdout.splitlines()}
    assert names == {"email.html", "email.txt", "edition.pdf", "feed.xml", "atom.xml"}


def test_new_project_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine", "utf-8")
    result = run_cli("new", "project", "x", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "x: is not an empty folder; choose a new folder for the project\n"
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["notes.txt"]


def test_copy_theme_puts_the_whole_theme_in_the_project(tmp_path: Path) -> None:
    result = run_cli("new", "project", "x", "--copy-theme", "--date", "2021-04-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    copied = sorted(p.relative_to(tmp_path / "x/templates").as_posix() for p in (tmp_path / "x/templates").rglob("*"))
    shipped = sorted(p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*"))
    assert copied == shipped


@pytest.fixture
def new_project(tmp_path: Path) -> Path:
    assert run_cli("new", "project", "x", "--date", "2021-04-01", cwd=tmp_path).returncode == 0
    return tmp_path / "x"


def test_new_edition_has_every_kind_explained_and_renders(new_project: Path) -> None:
    result = run_cli("new", "edition", "Arctic Security: What Comes Next", "--date", "2021-05-06", cwd=new_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote editions/2021-05-06-arctic-security-what-comes-next.yaml\n"
    manifest = new_project / "editions" / "2021-05-06-arctic-security-what-comes-next.yaml"
    text = manifest.read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["title"] == "Arctic Security: What Comes Next" and str(data["date"]) == "2021-05-06"
    kinds = [section["kind"] for section in data["sections"]]
    assert kinds == ["features", "commentaries", "in_the_news", "about", "subscribe", "listing", "events"]
    keys = [
        line.split(":")[0].strip(" -")
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    lines = text.splitlines()
    for index, line in enumerate(lines):  # each key written is explained on the line above it
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and ":" in stripped and not stripped.startswith("- kind"):
            assert lines[index - 1].strip().startswith("#"), f"no comment above {line!r}"
    assert "series" in keys and "intro" in keys
    assert not render(manifest).failures


def test_new_edition_never_overwrites(new_project: Path) -> None:
    args = ("new", "edition", "Same Title", "--date", "2021-05-06")
    assert run_cli(*args, cwd=new_project).returncode == 0
    manifest = new_project / "editions" / "2021-05-06-same-title.yaml"
    manifest.write_text(manifest.read_text("utf-8") + "# my notes\n", "utf-8")
    again = run_cli(*args, cwd=new_project)
    assert again.returncode == 2
    assert again.stderr == (
        "editions/2021-05-06-same-title.yaml: already exists; choose another title or date, or remove the file first\n"
    )
    assert manifest.read_text("utf-8").endswith("# my notes\n")


def test_new_edition_needs_to_know_the_series(new_project: Path) -> None:
    shutil.copy(new_project / "editions" / "x.series.yaml", new_project / "editions" / "y.series.yaml")
    result = run_cli("new", "edition", "Title", cwd=new_project)
    assert result.returncode == 2
    assert "more than one series file (x.series.yaml, y.series.yaml); say which with --series" in result.stderr
    chosen = run_cli(
        "new", "edition", "Title", "--series", "editions/y.series.yaml", "--date", "2021-05-06", cwd=new_project
    )
    assert chosen.returncode == 0, chosen.stderr
    assert 'series: "y.series.yaml"' in (new_project / "editions" / "2021-05-06-title.yaml").read_text("utf-8")


def _fixed_title(project: Path) -> Path:
    """The project's series with a fixed title (a title_pattern without {title}): its series file."""
    series = project / "editions" / "x.series.yaml"
    text = series.read_text("utf-8")
    pattern = next(line for line in text.splitlines() if line.startswith("title_pattern:"))
    series.write_text(text.replace(pattern, 'title_pattern: "The Daily"'), "utf-8")
    return series


def test_under_a_fixed_title_a_new_edition_has_no_title_and_renders(new_project: Path) -> None:
    _fixed_title(new_project)
    result = run_cli("new", "edition", "--date", "2021-05-06", cwd=new_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote editions/2021-05-06.yaml\n"
    manifest = new_project / "editions" / "2021-05-06.yaml"
    assert "title" not in yaml.safe_load(manifest.read_text("utf-8"))
    assert not render(manifest).failures
    again = run_cli("new", "edition", "--date", "2021-05-06", cwd=new_project)
    assert again.returncode == 2
    assert again.stderr == "editions/2021-05-06.yaml: already exists; choose another date, or remove the file first\n"


def test_a_title_under_a_fixed_title_is_a_usage_error(new_project: Path) -> None:
    series = _fixed_title(new_project)
    line = series.read_text("utf-8").splitlines().index('title_pattern: "The Daily"') + 1
    result = run_cli("new", "edition", "Arctic Security", "--date", "2021-05-06", cwd=new_project)
    assert result.returncode == 2
    assert result.stderr.endswith(
        f"Error: TITLE is not shown: editions/x.series.yaml:{line}:1: title_pattern: 'The Daily' has no {{title}}: it "
        "is every edition's full title; leave the title out (the new file is named by its date), or write where "
        "the title goes in the pattern, like 'The Daily: {title}'\n"
    )
    assert "new edition [OPTIONS] [TITLE]" in result.stderr.splitlines()[0]
    assert sorted(p.name for p in (new_project / "editions").iterdir() if p.name.startswith("2021-05")) == []


def test_a_pattern_with_a_title_needs_one(new_project: Path) -> None:
    text = (new_project / "editions" / "x.series.yaml").read_text("utf-8").splitlines()
    line = next(number for number, written in enumerate(text, 1) if written.startswith("title_pattern:"))
    result = run_cli("new", "edition", "--date", "2021-05-06", cwd=new_project)
    assert result.returncode == 2
    assert "new edition [OPTIONS] [TITLE]" in result.stderr.splitlines()[0]
    assert result.stderr.endswith(
        f"Error: Missing argument 'TITLE': editions/x.series.yaml:{line}:1: title_pattern: 'X: {{title}}' puts each "
        "edition's own title in its full title; give the new edition's, like briefkit new edition \"Title of the "
        'edition"\n'
    )
    assert not (new_project / "editions" / "2021-05-06.yaml").exists()


def test_a_title_the_pattern_needs_or_leaves_out_names_where_the_pattern_is(new_project: Path) -> None:
    assert run_cli("new", "edition", "Arctic", "--date", "2021-05-06", cwd=new_project).returncode == 0
    manifest = new_project / "editions" / "2021-05-06-arctic.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace('title: "Arctic"\n', ""), "utf-8")
    series = (new_project / "editions" / "x.series.yaml").read_text("utf-8").splitlines()
    line = next(number for number, written in enumerate(series, 1) if written.startswith("title_pattern:"))
    top = next(
        number for number, written in enumerate(manifest.read_text("utf-8").splitlines(), 1) if written[0] != "#"
    )
    missing = run_cli("render", "editions/2021-05-06-arctic.yaml", cwd=new_project)
    assert missing.returncode == 2
    assert missing.stderr == (
        f"editions/2021-05-06-arctic.yaml:{top}:1: title: is missing, and title_pattern 'X: {{title}}' (from "
        f"x.series.yaml, line {line}) puts it in the edition's full title (the subject, the masthead, the feeds and "
        "the web archive); add 'title:', or give a title_pattern without {title}, a fixed title\n"
    )
    manifest.write_text(manifest.read_text("utf-8") + 'title_pattern: "X: {title}"\n', "utf-8")
    own = run_cli("render", "editions/2021-05-06-arctic.yaml", cwd=new_project)
    at = len(manifest.read_text("utf-8").splitlines())
    assert own.stderr.startswith(f"editions/2021-05-06-arctic.yaml:{at}:1: title: is missing, and title_pattern ")
    assert "'X: {title}' (this edition's own) puts it" in own.stderr
    _fixed_title(new_project)
    manifest.write_text(manifest.read_text("utf-8").replace('title_pattern: "X: {title}"\n', "title: Arctic\n"))
    shown = run_cli("render", "editions/2021-05-06-arctic.yaml", cwd=new_project)
    assert shown.stderr.endswith(
        f": title: is not shown: title_pattern 'The Daily' (from x.series.yaml, line {line}) has no {{title}}; "
        "remove 'title:', or write where it goes in the pattern, like 'The Daily: {title}'\n"
    )


def _evening(project: Path, theme_yaml: str | None = None) -> Path:
    """The project's series on the evening test theme (its theme.yaml replaced by ``theme_yaml`` when given)."""
    shutil.copytree(EVENING, project / "templates" / "evening")
    if theme_yaml is not None:
        (project / "templates" / "evening" / "theme.yaml").write_text(theme_yaml, "utf-8")
    series = project / "editions" / "x.series.yaml"
    series.write_text(series.read_text("utf-8") + "theme: evening\n", "utf-8")
    return project


def test_new_edition_under_a_theme_writes_its_kinds_and_keys(new_project: Path) -> None:
    _evening(new_project)
    assert run_cli("new", "edition", "Evening", "--date", "2021-05-06", cwd=new_project).returncode == 0
    manifest = new_project / "editions" / "2021-05-06-evening.yaml"
    text = manifest.read_text("utf-8")
    data = yaml.safe_load(text)
    assert [s["kind"] for s in data["sections"]] == ["gatherings"]  # the theme's own kinds, not briefkit's six
    assert data["greeting"] == 'A line of welcome above the intro, like "Good evening."'
    assert '# A line of welcome above the intro, like "Good evening." (optional; delete the line' in text
    events = data["sections"][0]
    assert events["lead"] == "A sentence before the events"
    assert events["items"] == [
        {
            "title": "What the event is",
            "date": dt.date(2021, 5, 6),
            "place": "Where it is",
            "url": "https://www.example.org/gatherings/items",
        }
    ]
    assert "# note: ...  Anything else worth knowing." in text  # optional keys of an entry stay comments
    assert not render(manifest).failures
    # What it wrote for the editor to replace is what `briefkit check` calls unfinished, each where it stands.
    checked = run_cli("check", "editions/2021-05-06-evening.yaml", cwd=new_project)
    found = [
        line.split(":")[1] for line in checked.stdout.splitlines() if "evening.yaml" in line and "placeholder" in line
    ]
    lines = text.splitlines()
    for words in ('greeting: "A line of welcome', 'lead: "A sentence', 'title: "What the event', 'place: "Where'):
        number = next(index for index, line in enumerate(lines, 1) if words in line)
        assert str(number) in found, (words, found)


def test_new_edition_starts_with_the_kinds_theme_yaml_lists(new_project: Path) -> None:
    theme = EVENING.joinpath("theme.yaml").read_text("utf-8")
    _evening(new_project, theme + "new_edition: [features, gatherings, subscribe]\n")
    assert run_cli("new", "edition", "Evening", "--date", "2021-05-06", cwd=new_project).returncode == 0
    manifest = new_project / "editions" / "2021-05-06-evening.yaml"
    assert [s["kind"] for s in yaml.safe_load(manifest.read_text("utf-8"))["sections"]] == [
        "features",
        "gatherings",
        "subscribe",
    ]
    assert not render(manifest).failures


def test_a_theme_that_extends_another_starts_with_its_own_list(new_project: Path) -> None:
    _evening(new_project, EVENING.joinpath("theme.yaml").read_text("utf-8") + "new_edition: [gatherings]\n")
    late = new_project / "templates" / "late"
    late.mkdir()
    (late / "theme.yaml").write_text("extends: evening\nnew_edition: [about, gatherings]\n", "utf-8")
    series = new_project / "editions" / "x.series.yaml"
    series.write_text(series.read_text("utf-8").replace("theme: evening", "theme: late"), "utf-8")
    assert run_cli("new", "edition", "Late", "--date", "2021-05-06", cwd=new_project).returncode == 0
    data = yaml.safe_load((new_project / "editions" / "2021-05-06-late.yaml").read_text("utf-8"))
    assert [s["kind"] for s in data["sections"]] == ["about", "gatherings"]


def test_new_edition_names_a_kind_the_theme_lacks_in_theme_yaml(new_project: Path) -> None:
    theme = EVENING.joinpath("theme.yaml").read_text("utf-8")
    _evening(new_project, theme + "new_edition: [gathering, about]\n")
    result = run_cli("new", "edition", "Evening", "--date", "2021-05-06", cwd=new_project)
    assert result.returncode == 2
    line = len(theme.splitlines()) + 1
    assert result.stderr == (
        f"templates/evening/theme.yaml:{line}:1: new_edition: 'gathering' is not a section kind of this theme; "
        "did you mean 'gatherings'?\n"
    )
    assert not (new_project / "editions" / "2021-05-06-evening.yaml").exists()


def _email_lines(manifest: Path) -> list[str]:
    from briefkit.api import render_outputs

    edition, theme, _ = load_edition(manifest)
    return render_outputs(edition, theme, ["email"]).files["email.html"].decode("utf-8").splitlines()


def test_the_wheel_works_outside_the_repository(tmp_path: Path) -> None:
    """Install the built wheel into a fresh environment (its dependencies from this one's site-packages, so no
    download), start a project away from the repository, render it, then override one partial."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("briefkit-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    dependencies = sysconfig.get_paths()["purelib"]
    (purelib / "dependencies.pth").write_text(dependencies + "\n", "utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE")}
    briefkit = str(venv / "bin" / "briefkit")

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([briefkit, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)

    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import briefkit; print(briefkit.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(venv))
    assert run("new", "project", "x", "--date", "2021-04-01", cwd=tmp_path).returncode == 0
    project = tmp_path / "x"
    edition = "editions/2021-04-01-welcome-to-x.yaml"
    first = run("render", edition, cwd=project)
    assert first.returncode == 0, first.stderr
    for name in ("email.html", "email.txt", "edition.pdf"):
        assert (project / "outbox" / "2021-04-01-welcome-to-x" / name).stat().st_size > 0
    assert (project / "outbox" / "feed.xml").is_file() and (project / "outbox" / "atom.xml").is_file()
    before = (project / "outbox" / "2021-04-01-welcome-to-x" / "email.html").read_text("utf-8").splitlines()
    listed = run("themes", cwd=project)
    assert listed.returncode == 0 and "sections/listing.mjml" in listed.stdout
    shipped = (REPO / "templates" / "sharper" / "sections" / "listing.mjml").read_text("utf-8")
    partial = project / "templates" / "sharper" / "sections" / "listing.mjml"
    partial.parent.mkdir(parents=True)
    partial.write_text(shipped.replace('css-class="bk-teaser"', 'css-class="bk-teaser bk-ours"'), "utf-8")
    assert run("render", edition, "--format", "email", cwd=project).returncode == 0
    after = (project / "outbox" / "2021-04-01-welcome-to-x" / "email.html").read_text("utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-"]
    assert changed[2:] and all("bk-teaser" in line for line in changed[2:]), changed
