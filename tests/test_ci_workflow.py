"""`briefkit new project --ci github|gitlab`: the CI file validated against the CI system's published schema
(copies in tests/schemas/), its pull request's job with no secret and read-only, every action pinned to a
release's commit, the same briefkit version it was written by; and its proof step run for real in a git
repository, proofing the changed edition."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from briefkit import __version__
from briefkit.scaffold.ci import SYSTEMS

from conftest import REPO, run_cli

SCHEMAS = Path(__file__).parent / "schemas"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$")  # owner/name@commit  # vX.Y.Z
# briefkit from tools/ alone (no same-named package from PyPI), then its dependencies.
INSTALL = [
    f'python -m pip install --no-index --no-deps --find-links tools/ "briefkit=={__version__}"',
    f'python -m pip install "briefkit=={__version__}"  # its dependencies, from PyPI (briefkit is the one above)',
]


class Yaml12Loader(yaml.SafeLoader):
    """YAML as GitHub and GitLab read it (1.2): only true and false are booleans, so `on:` is the key "on"."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=Yaml12Loader)  # a SafeLoader


def new_project(tmp_path: Path, ci: str) -> Path:
    result = run_cli("new", "project", "news", "--date", "2021-04-01", "--ci", ci, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "news"


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text("utf-8"))
    return loaded


def test_github_workflow(tmp_path: Path) -> None:
    project = new_project(tmp_path, "github")
    path = project / ".github" / "workflows" / "briefkit.yml"
    text = path.read_text("utf-8")
    workflow = load(path)
    jsonschema.Draft7Validator(schema("github-workflows.json")).validate(workflow)
    on = workflow["on"]
    touching = ["editions/**", "images/**", "templates/**", "editions/news.series.yaml"]
    assert on["pull_request"]["paths"] == touching and on["push"] == {"branches": ["main"], "paths": touching}
    assert workflow["permissions"] == {}  # none but what each job asks for
    jobs = workflow["jobs"]
    proof = jobs["proof"]
    assert proof["if"] == "github.event_name == 'pull_request'" and proof["permissions"] == {"contents": "read"}
    assert "secrets." not in yaml.safe_dump(proof) and "token" not in yaml.safe_dump(proof).lower()
    steps = proof["steps"]
    assert steps[0]["with"] == {"fetch-depth": 2, "persist-credentials": False}
    runs = {step.get("name", ""): step.get("run", "") for step in steps}
    assert runs[f"Install briefkit {__version__}"].splitlines()[1:] == INSTALL
    assert runs["Check the changed editions"].splitlines()[-1] == 'briefkit check --format github "${editions[@]}"'
    assert (
        'briefkit proof "$edition" -o "proofs/$(basename "$edition" .yaml).html"' in runs["Proof the changed editions"]
    )
    assert steps[-1]["with"]["path"] == "proofs/" and steps[-1]["if"] == "${{ !cancelled() }}"
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert "briefkit build" in "".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert [step.get("run", "").splitlines()[1:] for step in jobs["build"]["steps"]][2] == INSTALL
    assert jobs["build"]["steps"][-1]["with"] == {"path": "outbox/web"}
    assert jobs["publish"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["publish"]["environment"]["name"] == "github-pages"
    # Every action pinned to a commit, its release in the comment (read from the text: YAML drops comments).
    uses = [line.split("uses: ", 1)[1] for line in text.splitlines() if line.strip().startswith(("uses:", "- uses:"))]
    assert len(uses) == 7 and all(PINNED.match(written) for written in uses), uses
    used = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert [written.split("  #")[0] for written in uses] == used


def test_gitlab_pipeline(tmp_path: Path) -> None:
    project = new_project(tmp_path, "gitlab")
    assert not (project / ".github").exists()
    pipeline = load(project / ".gitlab-ci.yml")
    jsonschema.Draft7Validator(schema("gitlab-ci.json")).validate(pipeline)
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+", pipeline["default"]["image"])  # pinned by version
    assert pipeline["default"]["before_script"][1:] == [line.split("  #")[0] for line in INSTALL]  # YAML's comment
    for name in ("check", "proof"):
        [rule] = pipeline[name]["rules"]
        assert rule["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
        assert "editions/news.series.yaml" in rule["changes"]
        assert pipeline[name]["variables"] == {"GIT_DEPTH": "0"}  # the base commit is there to compare with
        assert pipeline[name]["script"][0] == pipeline[".changed-editions"]  # the same list of editions
    assert pipeline["check"]["script"][1].splitlines()[-1] == 'briefkit check "${named[@]}"'
    assert "briefkit proof" in pipeline["proof"]["script"][1]
    assert pipeline["proof"]["artifacts"]["paths"] == ["proofs/"]
    assert pipeline["pages"]["script"] == ["briefkit build", "cp -r outbox/web public"]
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]


def test_an_unknown_ci_is_refused(tmp_path: Path) -> None:
    result = run_cli("new", "project", "news", "--ci", "jenkins", cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "news").exists()
    assert "Invalid value for '--ci': 'jenkins' is not one of 'github', 'gitlab'." in result.stderr


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@cnas.org", *args], cwd=cwd, check=True)


def run_step(script: str, project: Path, variables: dict[str, str], status: int = 0) -> str:
    """``script`` run by bash as GitHub runs a step (-e, pipefail), with this briefkit on the PATH and the CI's
    ``variables``: what it printed, its standard output and error as one, as the runner reads them; its exit
    status is ``status``."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    environment = {**os.environ, "PATH": path, **variables}
    environment.pop("GITHUB_STEP_SUMMARY", None)
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
    result = subprocess.run(
        command, cwd=project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    assert result.returncode == status, result.stdout
    return result.stdout


def pull_request_steps(project: Path, ci: str) -> dict[str, str]:
    """The scripts that find the changed editions, check them and proof them: GitHub's steps (each a shell of its
    own), GitLab's jobs (their script's items in one shell)."""
    if ci == "github":
        steps = load(project / ".github" / "workflows" / "briefkit.yml")["jobs"]["proof"]["steps"]
        named = {step.get("name"): step.get("run", "") for step in steps}
        return {
            "find": named["Find the changed editions"],
            "check": named["Check the changed editions"],
            "proof": named["Proof the changed editions"],
        }
    pipeline = load(project / ".gitlab-ci.yml")
    return {"check": "\n".join(pipeline["check"]["script"]), "proof": "\n".join(pipeline["proof"]["script"])}


def proofs_made(project: Path, ci: str, variables: dict[str, str], status: int = 0) -> tuple[list[str], str]:
    """The CI file's proof (after GitHub's step that finds the editions): the proofs made, and what it printed."""
    shutil.rmtree(project / "proofs", ignore_errors=True)
    steps = pull_request_steps(project, ci)
    if "find" in steps:
        run_step(steps["find"], project, variables)
    printed = run_step(steps["proof"], project, variables, status)
    return sorted(path.name for path in (project / "proofs").iterdir()), printed


def head(project: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()


def runner_commands(output: str) -> list[str]:
    """The lines of a step's output GitHub's runner would carry out as workflow commands (actions/runner,
    ActionCommandManager and ActionCommand): a line that starts `::name ...::`, or holds `##[name ...]` anywhere;
    while `::stop-commands::TOKEN` is on, none but `::TOKEN::`, which resumes. Stopping and resuming left out."""
    carried, token = [], ""
    for line in output.splitlines():
        if token:
            if line.lower() == f"::{token}::".lower():
                token = ""
            continue
        if line.startswith("::stop-commands::"):
            token = line.removeprefix("::stop-commands::")
        elif re.match(r"::[^:]+::", line) or "##[" in line:
            carried.append(line)
    return carried


@pytest.fixture(params=["github", "gitlab"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A new project with its CI file (GitHub's or GitLab's) and a second edition, committed in a git repository of
    its own; the project and its CI system."""
    ci: str = request.param
    project = new_project(tmp_path, ci)
    made = run_cli("new", "edition", "The Second Edition", "--date", "2021-04-08", cwd=project)
    assert made.returncode == 0, made.stderr
    git("init", "-q", "-b", "main", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "-q", "-m", "the project", cwd=project)
    return project, ci


def base(project: Path) -> dict[str, str]:
    """The variables naming the pull request's base: GitLab's (GitHub's step compares with HEAD^1 itself)."""
    return {"CI_MERGE_REQUEST_DIFF_BASE_SHA": head(project) + "^", "RUNNER_TEMP": str(project.parent)}


def test_the_proof_step_proofs_the_changed_edition(repository: tuple[Path, str]) -> None:
    """The CI file's own steps, on a pull request's merge commit (GitHub: HEAD^1 is the base branch; GitLab:
    $CI_MERGE_REQUEST_DIFF_BASE_SHA names it): a proof of the edition the pull request changed; the newest
    edition's when it changed the series file only."""
    project, ci = repository
    first = project / "editions" / "2021-04-01-welcome-to-news.yaml"
    first.write_text(first.read_text("utf-8").replace("title: ", "title: Now ", 1), "utf-8")
    git("commit", "-q", "-am", "the first edition changed", cwd=project)
    assert proofs_made(project, ci, base(project))[0] == ["2021-04-01-welcome-to-news.html"]
    series = project / "editions" / "news.series.yaml"
    series.write_text(series.read_text("utf-8") + "# changed\n", "utf-8")
    git("commit", "-q", "-am", "the series changed", cwd=project)
    assert proofs_made(project, ci, base(project))[0] == ["2021-04-08-the-second-edition.html"]


# A name with spaces; one git quotes in its lists ("editions/2021-06-02 caf\303\251 ..."), which GitHub's runner
# would read as a command wherever it is printed; and one briefkit takes.
ODD_NAMES = ["2021-06-01 new edition.yaml", "2021-06-02 café ##[error]forged.yaml", "2021-06-03-third.yaml"]


def test_editions_named_with_spaces_and_any_letter(repository: tuple[Path, str]) -> None:
    """Each changed edition reaches briefkit under its own name, however it is spelt (briefkit says which names
    it cannot take, and how to rename them, and proofs the others); and nothing the proof step prints (an
    edition's name, its words) is carried out by GitHub's runner: the step stops workflow commands while it runs,
    with a token made fresh in the step."""
    project, ci = repository
    for name in ODD_NAMES:
        shutil.copy(project / "editions" / "2021-04-08-the-second-edition.yaml", project / "editions" / name)
    git("add", "editions", cwd=project)
    git("commit", "-q", "-m", "three editions, two with names briefkit cannot take", cwd=project)
    made, printed = proofs_made(project, ci, base(project), status=1)
    assert made == ["2021-06-03-third.html"]
    said = [line for line in printed.splitlines() if "the file name makes" in line]
    assert [line.split(": ", 1)[0] for line in said] == [f"editions/{name}" for name in ODD_NAMES[:2]]
    assert said[1].endswith("rename the file to 2021-06-02-cafe-error-forged.yaml")
    if ci == "github":
        assert runner_commands(printed) == []  # "##[error]forged" printed, and not carried out
        again = proofs_made(project, ci, base(project), status=1)[1]
        tokens = [
            line.removeprefix("::stop-commands::") for line in (printed + again).splitlines() if "::stop-" in line
        ]
        assert len(tokens) == 2 and tokens[0] != tokens[1] and all(re.fullmatch("[0-9a-f]{32}", t) for t in tokens)
        assert printed.splitlines()[-1] == f"::{tokens[0]}::"  # resumed as it ends


def test_every_step_that_prints_an_editions_words_stops_commands(tmp_path: Path) -> None:
    """Every run: of the GitHub workflow that calls briefkit proof or build begins by stopping workflow commands
    with a fresh token and resumes them on its way out, however it ends; `check --format github` alone prints
    commands."""
    workflow = load(new_project(tmp_path, "github") / ".github" / "workflows" / "briefkit.yml")
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    wrapped = [run for run in runs if re.search(r"briefkit (proof|build)", run)]
    assert len(wrapped) == 2
    for run in wrapped:
        assert run.splitlines()[:3] == [
            "stop=\"$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')\"",
            'echo "::stop-commands::$stop"',
            "trap 'echo \"::$stop::\"' EXIT",
        ]
    assert [run for run in runs if "briefkit" in run and run not in wrapped and "pip install" not in run] == [
        next(run for run in runs if "briefkit check --format github" in run)
    ]


def test_the_check_step_checks_the_changed_editions(repository: tuple[Path, str]) -> None:
    """A fresh project's placeholders would fill GitHub's 10 annotations: the pull request's check is of the
    editions it changed, and the series file's findings are said once (GitHub: as annotations, a notice last when
    there are more than it shows; GitLab: as lines in the job's log)."""
    project, ci = repository
    second = project / "editions" / "2021-04-08-the-second-edition.yaml"
    second.write_text(second.read_text("utf-8").replace("title: ", "title: Now ", 1), "utf-8")
    git("commit", "-q", "-am", "the second edition changed", cwd=project)
    steps = pull_request_steps(project, ci)
    variables = base(project)
    if "find" in steps:
        run_step(steps["find"], project, variables)
    lines = run_step(steps["check"], project, variables, status=1).splitlines()  # 1: errors found
    if ci == "github":
        said = [line for line in lines if line.startswith(("::error ", "::warning "))]
        files = [re.search(r"file=([^,]+),", line)[1] for line in said]  # type: ignore[index]
        assert lines[-2].startswith("::notice title=briefkit check%3A more findings than annotations::")
    else:
        said = [line for line in lines if re.match(r"editions/.+:\d+:\d+: (error|warning): ", line)]
        files = [line.split(":", 1)[0] for line in said]
        assert lines[-1] == "check: 1 edition, 28 errors, 5 warnings"
    assert set(files) == {"editions/2021-04-08-the-second-edition.yaml", "editions/news.series.yaml"}
    assert len(said) == len(set(said))  # each once


def test_the_archive_docs_show_the_workflows_publishing_part(tmp_path: Path) -> None:
    """docs/archive.md's GitHub Pages workflow is the build and publish jobs `--ci github` writes."""
    project = new_project(tmp_path, "github")
    workflow = load(project / ".github" / "workflows" / "briefkit.yml")
    page = (REPO / "docs" / "archive.md").read_text("utf-8")
    shown = yaml.load(
        page.split("# .github/workflows/briefkit.yml (the part that publishes)\n", 1)[1].split("```")[0],
        Loader=Yaml12Loader,
    )
    series = "editions/sharper.series.yaml"  # the docs' project is the sample's
    assert shown["on"]["push"]["paths"] == [
        series if path.endswith(".series.yaml") else path for path in workflow["on"]["push"]["paths"]
    ]
    assert shown["permissions"] == workflow["permissions"]
    assert shown["jobs"] == {name: workflow["jobs"][name] for name in ("build", "publish")}


def a_wheel(folder: Path, name: str, version: str) -> Path:
    """The smallest wheel pip installs (PEP 427: a module, METADATA, WHEEL, RECORD), to see where pip takes it from."""
    path = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(f"{name}_stand_in.py", "")
        wheel.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        wheel.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        wheel.writestr(f"{info}/RECORD", "")
    return path


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_briefkit_is_installed_from_tools_only(tmp_path: Path, ci: str) -> None:
    """The CI file's first install line, run by pip (--dry-run): with tools/ as `new project` leaves it (its
    README only), nothing is found and nothing is taken from PyPI; with the wheel there, that wheel. The README
    of tools/ and of the project say what to put there."""
    project = new_project(tmp_path, ci)
    assert f"`briefkit-{__version__}-py3-none-any.whl`, which `make dist` writes" in " ".join(
        (project / "tools" / "README.md").read_text("utf-8").split()
    )
    assert "It installs briefkit 0.1.0 from `tools/` only" in " ".join(
        (project / "README.md").read_text("utf-8").split()
    )
    lines = {
        line.strip()
        for line in (project / SYSTEMS[ci][0]).read_text("utf-8").splitlines()
        if "--find-links tools/" in line
    }
    [line] = lines  # the same in every job
    arguments = shlex.split(line.split("python -m pip install", 1)[1])
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", *arguments]
    environment = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    empty = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, check=False)
    assert empty.returncode == 1 and "No matching distribution found for briefkit==0.1.0" in empty.stderr
    a_wheel(project / "tools", "briefkit", __version__)
    kept = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, check=False)
    assert kept.returncode == 0, kept.stderr
    assert f"Would install briefkit-{__version__}" in kept.stdout
