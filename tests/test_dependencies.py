"""Every package briefkit's code imports is one it declares in pyproject.toml's [project] dependencies, so an
install that resolves another tool's versions still brings it (not only as a dependency of a dependency)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_packages() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "briefkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
    return names - set(sys.stdlib_module_names) - {"briefkit"}


def test_every_package_imported_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        _canonical(re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0]) for requirement in project["dependencies"]
    }
    distributions = packages_distributions()
    imported = {_canonical(distributions[name][0]) for name in _imported_packages()}
    assert "tinycss2" in imported  # the accessibility report's CSS parser
    assert imported - declared == set()
