"""`briefkit check`: validate and render each edition in memory, write nothing, and report every finding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.check.content import EmailParts, check_edition
from briefkit.check.findings import ERROR, WARNING, Finding, Places
from briefkit.check.glyphs import theme_fonts
from briefkit.check.links import check_links
from briefkit.edition.prepare import prepare
from briefkit.edition.wording import counted
from briefkit.errors import BriefkitError, Location
from briefkit.io.outbox import EMAIL_HTML, EMAIL_TEXT
from briefkit.render.outputs import render_outputs
from briefkit.render.pdf import print_html
from briefkit.render.templates import load_theme, template_errors
from briefkit.sources.feeds_in.items import FeedOptions

_LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$", re.DOTALL)


@dataclass
class Checked:
    """One edition: its findings, or the problems that stop it from rendering at all."""

    manifest: Path
    findings: list[Finding] = field(default_factory=list)
    problem: str = ""  # located; the edition does not validate


def _from_warning(warning: str, root: Path, manifest: Path) -> Finding:
    """A render's warning (already located, as text) as a finding."""
    found = _LOCATED.match(warning)
    check = "empty-section" if "has no items" in warning else "render"
    if found is None:
        return Finding(WARNING, check, warning, Location(manifest))
    place = Location(root / found["file"], int(found["line"]), int(found["column"]))
    return Finding(WARNING, check, found["message"], place)


def check(manifests: list[Path], links: bool = False, timeout: float = 10.0) -> list[Checked]:
    results = []
    for manifest in manifests:
        try:
            prepared = prepare(manifest, FeedOptions(offline=True))
            theme = load_theme(prepared.theme, prepared.root)
            rendered = render_outputs(prepared.edition, theme, ["email", "text"])
            with template_errors(theme):
                printed = print_html(prepared.edition, theme)
        except BriefkitError as error:
            results.append(Checked(manifest, problem=error.display(Path.cwd())))
            continue
        root = prepared.root
        fonts = theme_fonts(theme.folders)
        findings = [_from_warning(w, root, manifest) for w in prepared.warnings + rendered.warnings]
        email = EmailParts()
        email.feed(rendered.files[EMAIL_HTML].decode("utf-8"))
        findings += check_edition(
            prepared, email, rendered.files[EMAIL_HTML], rendered.files[EMAIL_TEXT], printed, fonts
        )
        if links:
            findings += _links(prepared.manifest.path, email, root, timeout)
        results.append(Checked(manifest, findings))
    return results


def _links(manifest: Path, email: EmailParts, root: Path, timeout: float) -> list[Finding]:
    places = Places(manifest, None)
    findings = []
    for url, answer in check_links([href for href, _ in email.links], root, timeout).items():
        if 300 <= answer.status < 400:
            findings.append(
                Finding(
                    WARNING,
                    "links",
                    f"{url} redirects ({answer.status}) to {answer.location or 'another address'}; link to where "
                    "it leads",
                    places.of(url),
                )
            )
        elif answer.status == 0 or answer.status >= 400:
            said = f"answers {answer.status}" if answer.status else f"does not answer ({answer.reason})"
            findings.append(Finding(ERROR, "links", f"{url} {said}; fix or remove the link", places.of(url)))
    return findings


def exit_status(results: list[Checked], strict: bool = False) -> int:
    if any(result.problem for result in results):
        return 2
    findings = [finding for result in results for finding in result.findings]
    if any(finding.level == ERROR for finding in findings) or (strict and findings):
        return 1
    return 0


JSON_VERSION = 1


def as_json(results: list[Checked], root: Path) -> dict[str, object]:
    """The stable structure of `briefkit check --format json` (docs/check.md)."""
    findings = [finding for result in results for finding in result.findings]
    return {
        "version": JSON_VERSION,
        "editions": [
            {
                "manifest": _shown(result.manifest, root),
                "valid": not result.problem,
                "problem": result.problem or None,
                "findings": [finding.as_json(root) for finding in result.findings],
            }
            for result in results
        ],
        "errors": sum(finding.level == ERROR for finding in findings),
        "warnings": sum(finding.level == WARNING for finding in findings),
        "exit_status": exit_status(results),
    }


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def summary(results: list[Checked]) -> str:
    """The last line of `briefkit check`: how many editions, errors and warnings."""
    findings = [finding for result in results for finding in result.findings]
    errors = sum(finding.level == ERROR for finding in findings)
    invalid = sum(bool(result.problem) for result in results)
    line = (
        f"check: {counted(len(results), 'edition')}, {counted(errors, 'error')}, "
        f"{counted(len(findings) - errors, 'warning')}"
    )
    return line + (f", {invalid} that do not validate" if invalid else "")
