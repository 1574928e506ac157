"""`briefkit new project --ci github|gitlab`: the CI file that checks and proofs every change to the editions and
publishes the web archive from the main branch (docs/review.md), from its template in scaffold/files/ci/."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from briefkit import __version__

FILES = Path(__file__).resolve().parent / "files"

PYTHON = "3.12"
# GitLab's jobs run in the official Python image, pinned by its full version.
IMAGE = "python:3.12.11-slim-bookworm"

# Each action pinned to the commit of a release, its version in a comment: a tag can be moved, a commit cannot.
ACTIONS = {
    "checkout": ("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "setup_python": ("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "upload_artifact": ("actions/upload-artifact", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "upload_pages_artifact": ("actions/upload-pages-artifact", "fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "deploy_pages": ("actions/deploy-pages", "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}

# Where each CI system reads its file, and the template it is made from.
SYSTEMS = {
    "github": (".github/workflows/briefkit.yml", "ci/github.yml"),
    "gitlab": (".gitlab-ci.yml", "ci/gitlab-ci.yml"),
}


def ci_file(system: str, series: str) -> tuple[str, bytes]:
    """The CI file for ``system`` (one of SYSTEMS) in a project whose series file is ``series`` (its path in the
    project, as git names it): where it goes in the project, and its bytes."""
    target, source = SYSTEMS[system]
    # << >> for values, since GitHub's own expressions are ${{ }}; values go into YAML quoted as JSON strings.
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(FILES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        variable_start_string="<<",
        variable_end_string=">>",
        block_start_string="<%",
        block_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
        autoescape=False,
    )
    environment.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    values = {
        "version": __version__,
        "requirement": f"briefkit=={__version__}",
        "series": series,
        "python": PYTHON,
        "image": IMAGE,
        "actions": {name: f"{repository}@{commit}  # {tag}" for name, (repository, commit, tag) in ACTIONS.items()},
    }
    return target, environment.get_template(source).render(**values).encode("utf-8")
