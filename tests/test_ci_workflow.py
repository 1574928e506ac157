"""`briefkit new project --ci github|gitlab`: the CI file validated against the CI system's published schema
(copies in tests/schemas/), its pull request's job with no secret and read-only, every action pinned to a
release's commit, the same briefkit version it was written by; and its proof step run for real in a git
repository, proofing the changed edition."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from briefkit import __version__

from conftest import REPO, run_cli

SCHEMAS = Path(__file__).parent / "schemas"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$")  # owner/name@commit  # vX.Y.Z


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
    runs = [step.get("run", "") for step in steps]
    assert f'python -m pip install --find-links tools/ "briefkit=={__version__}"' in runs[2]
    assert runs[3] == "briefkit check --format github"
    assert 'briefkit proof "$edition" -o "proofs/$(basename "$edition" .yaml).html"' in runs[4]
    assert steps[5]["with"]["path"] == "proofs/" and steps[5]["if"] == "${{ !cancelled() }}"
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert "briefkit build" in [step.get("run") for step in jobs["build"]["steps"]]
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
    assert f'"briefkit=={__version__}"' in pipeline["default"]["before_script"][1]
    for name in ("check", "proof"):
        [rule] = pipeline[name]["rules"]
        assert rule["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
        assert "editions/news.series.yaml" in rule["changes"]
    assert pipeline["check"]["script"] == ["briefkit check"]
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


def run_step(script: str, project: Path, variables: dict[str, str]) -> list[str]:
    """``script`` run by bash as GitHub runs a step (-e, pipefail), with this briefkit on the PATH and the CI's
    ``variables``; the proofs made."""
    shutil.rmtree(project / "proofs", ignore_errors=True)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    environment = {**os.environ, "PATH": path, **variables}
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return sorted(path.name for path in (project / "proofs").iterdir())


def proof_script(project: Path, ci: str) -> str:
    if ci == "github":
        steps = load(project / ".github" / "workflows" / "briefkit.yml")["jobs"]["proof"]["steps"]
        script: str = next(step["run"] for step in steps if step.get("name") == "Proof the changed editions")
        return script
    return "\n".join(load(project / ".gitlab-ci.yml")["proof"]["script"])


def head(project: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_the_proof_step_proofs_the_changed_edition(tmp_path: Path, ci: str) -> None:
    """The CI file's own proof step, on a pull request's merge commit (GitHub: HEAD^1 is the base branch; GitLab:
    $CI_MERGE_REQUEST_DIFF_BASE_SHA names it): a proof of the edition the pull request changed; the newest
    edition's when it changed the series file only."""
    project = new_project(tmp_path, ci)
    script = proof_script(project, ci)
    made = run_cli("new", "edition", "The Second Edition", "--date", "2021-04-08", cwd=project)
    assert made.returncode == 0, made.stderr
    git("init", "-q", "-b", "main", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "-q", "-m", "the project", cwd=project)
    first = project / "editions" / "2021-04-01-welcome-to-news.yaml"
    first.write_text(first.read_text("utf-8").replace("title: ", "title: Now ", 1), "utf-8")
    git("commit", "-q", "-am", "the first edition changed", cwd=project)
    variables = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": head(project) + "^"}
    assert run_step(script, project, variables) == ["2021-04-01-welcome-to-news.html"]
    series = project / "editions" / "news.series.yaml"
    series.write_text(series.read_text("utf-8") + "# changed\n", "utf-8")
    git("commit", "-q", "-am", "the series changed", cwd=project)
    variables = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": head(project) + "^"}
    assert run_step(script, project, variables) == ["2021-04-08-the-second-edition.html"]


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
