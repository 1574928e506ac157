"""`briefkit check --format sarif`: the findings as one SARIF 2.1.0 log (OASIS), which code-scanning services and
other CI systems read: one run, a rule for every check, a result at each finding's file, line and column.

Plain dicts for json: no maintained Python library writes SARIF (sarif-om, Microsoft's object model, has had no
release since 2019). The same findings give the same bytes: no time, no absolute path, no run id.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from briefkit.check.findings import ERROR, Finding
from briefkit.check.rules import CHECKS, DOES_NOT_VALIDATE, description
from briefkit.errors import Location, Problem

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "2.1.0"
# The uriBaseId every file is named from: the root of the git repository the project is in, as code scanning
# expects (and as `--format github` names files), else the project's folder.
ROOT = "SRCROOT"


def sarif_log(
    findings: Iterable[Finding], problems: Iterable[Problem], root: Path, version: str, failure: str = ""
) -> dict[str, Any]:
    """The SARIF log of ``findings`` and ``problems`` (manifests that do not validate: errors), their files named
    from ``root`` (the repository's root, or the project's folder); briefkit ``version`` in the tool's driver.
    A ``failure`` (nothing was checked) is said as the invocation's, which did not succeed."""
    findings, problems = list(findings), list(problems)
    names = list(CHECKS) + sorted({finding.check for finding in findings} - set(CHECKS))
    index = {name: number for number, name in enumerate(names)}
    results = [_result(DOES_NOT_VALIDATE, index, ERROR, problem.said, problem.location, root) for problem in problems]
    results += [
        _result(finding.check, index, finding.level, finding.message, finding.where, root) for finding in findings
    ]
    driver = {
        "name": "briefkit",
        "version": version,
        "rules": [_rule(name) for name in names],
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {ROOT: {"description": {"text": _described(root)}}},
        "results": results,
    }
    if failure:
        notification = {"level": "error", "message": {"text": failure}}
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": [notification]}]
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def _described(root: Path) -> str:
    """What ``root`` is, in words: no absolute path, so that the log is the same on every machine."""
    return "The root of the git repository." if (root / ".git").exists() else "The project's folder."


def _rule(name: str) -> dict[str, Any]:
    return {
        "id": name,
        "name": name,
        "shortDescription": {"text": description(name)},
    }


def _result(check: str, index: dict[str, int], level: str, message: str, where: Location, root: Path) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(where.path, root), "uriBaseId": ROOT}}
    if where.line:
        location["region"] = {"startLine": where.line, **({"startColumn": where.column} if where.column else {})}
    return {
        "ruleId": check,
        "ruleIndex": index[check],
        "level": "error" if level == ERROR else "warning",
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
    }


def _uri(path: Path, root: Path) -> str:
    """A relative URI reference from ``root`` (percent-encoded: a space is %20), else the path as a file: URI."""
    try:
        return quote(path.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return path.resolve().as_uri()
