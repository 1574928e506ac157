"""`briefkit check`: validate and render each edition in memory, write nothing, and report every finding."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefkit.check.annotations import (
    beyond_shown,
    command,
    repository_root,
    step_summary_file,
    summary_markdown,
    workflow_commands,
)
from briefkit.check.content import check_edition
from briefkit.check.corrections import uncorrected
from briefkit.check.findings import ERROR, WARNING, Finding, Places
from briefkit.check.findings import as_json as finding_json
from briefkit.check.glyphs import theme_fonts
from briefkit.check.links import NEVER, Answer, check_links
from briefkit.check.links import TIMEOUT as LINK_TIMEOUT
from briefkit.check.links import TOTAL as LINKS_TOTAL
from briefkit.check.printed import PrintRun
from briefkit.check.sarif import sarif_log
from briefkit.edition.prepare import prepare
from briefkit.edition.wording import counted
from briefkit.errors import BriefkitError, Location, ManifestError, Problem
from briefkit.io.outbox import EMAIL_HTML, EMAIL_TEXT
from briefkit.manifest.siblings import series_file
from briefkit.render.email_measure import EmailParts, read_email
from briefkit.render.outputs import render_outputs
from briefkit.render.pdf import print_html
from briefkit.render.templates import load_theme, template_errors
from briefkit.series_feeds.store import Store
from briefkit.sources.feeds_in.items import FeedOptions


@dataclass
class Checked:
    """One edition: its findings, or the problems that stop it from rendering at all."""

    manifest: Path
    findings: list[Finding] = field(default_factory=list)
    problem: str = ""  # located; the edition does not validate
    problems: list[Problem] = field(default_factory=list)  # the same, one by one


def check(
    manifests: list[Path],
    links: bool = False,
    timeout: float = LINK_TIMEOUT,
    total: float = LINKS_TOTAL,
    permit_local: Collection[str] = (),
    pdf: PrintRun | None = None,
) -> list[Checked]:
    """Each edition's findings. With ``links``, its links are asked too: each within ``timeout`` seconds, all of
    them within ``total``; ``permit_local`` (tests only; the command line never sets it) lists local addresses
    that may be asked. ``pdf``: with one manifest, its PDF as made already (`briefkit proof`), not rendered again."""
    if pdf is not None and len(manifests) != 1:
        raise ValueError("a PDF made already is given with one manifest only")
    results = []
    emails: list[tuple[Checked, Places, Path, EmailParts]] = []
    stores: dict[Path, Store] = {}
    for manifest in manifests:
        try:
            edition_named(manifest)
            prepared = prepare(manifest, FeedOptions(offline=True))
            theme = load_theme(prepared.theme, prepared.root)
            rendered = render_outputs(prepared.edition, theme, ["email", "text"])
            with template_errors(theme):
                printed = print_html(prepared.edition, theme)
        except BriefkitError as error:
            results.append(Checked(manifest, problem=error.display(Path.cwd()), problems=error.problems))
            continue
        root = prepared.root
        fonts = theme_fonts(theme.folders)
        findings = [_as_check_files(finding) for finding in prepared.warnings + rendered.warnings]
        if prepared.root not in stores:  # the build's store, read once a project
            stores[prepared.root] = Store.load(prepared.root)
        findings += uncorrected(prepared, stores[prepared.root])
        email = read_email(rendered.files[EMAIL_HTML])
        series = series_file(prepared.manifest.path, prepared.manifest.edition["series"])
        places = Places(prepared.manifest.path, series if series.is_file() else None)
        try:
            with template_errors(theme):
                findings += check_edition(
                    prepared,
                    email,
                    rendered.files[EMAIL_HTML],
                    rendered.files[EMAIL_TEXT],
                    theme,
                    printed,
                    fonts,
                    places,
                    pdf,
                )
        except BriefkitError as error:  # the PDF ran past its time limit
            results.append(Checked(manifest, problem=error.display(Path.cwd()), problems=error.problems))
            continue
        results.append(Checked(manifest, findings))
        emails.append((results[-1], places, root, email))
    if links:
        _check_links(emails, timeout, total, permit_local)
    return results


SERIES_FILE = ".series.yaml"
# A render's warnings that stop an edition here: raw HTML in Markdown reaches readers as literal tags; a picture
# the email cannot show (a file: with nowhere to be published) would go out missing.
ERRORS_HERE = frozenset({"raw-html", "picture"})


def _as_check_files(finding: Finding) -> Finding:
    return replace(finding, level=ERROR) if finding.check in ERRORS_HERE else finding


CHECK_FIX = "name the editions to check (or none, to check every edition in editions/)"


def edition_named(path: Path, fix: str = CHECK_FIX) -> None:
    """Raises ManifestError for a series file named where an edition manifest is wanted (a CI glob such as
    editions/*.yaml names it too): checking or proofing it would show nothing, and pass. ``fix``: what to name."""
    if path.name.endswith(SERIES_FILE):
        raise ManifestError.at(Location(path), f"a series file, not an edition manifest; {fix}")


def _check_links(
    emails: list[tuple[Checked, Places, Path, EmailParts]], timeout: float, total: float, permit_local: Collection[str]
) -> None:
    """Every edition's links and pictures asked at once (one in many editions once), within one overall deadline."""
    end = time.monotonic() + total
    for root in dict.fromkeys(root for _, _, root, _ in emails):
        urls = [url for _, _, at, email in emails if at == root for url, _ in (*email.links, *email.pictures)]
        left = max(0.0, end - time.monotonic())
        answers = check_links(urls, root, timeout, total=left, permit_local=permit_local)
        for checked, places, at, email in emails:
            if at == root:
                checked.findings += _links(places, email, answers)


def _links(places: Places, email: EmailParts, answers: dict[str, Answer]) -> list[Finding]:
    """What the answers to the email's links, and to its pictures' addresses, say, each where it is written (in
    the manifest, else in the series file)."""
    findings = []
    for url in dict.fromkeys(src for src, _ in email.pictures):
        answer = answers.get(url)
        if answer is None or 300 <= answer.status < 400:
            continue  # not an http(s) address; a mail program follows a picture's redirect
        if answer.not_asked:
            findings.append(Finding(places.of(url), "picture", f"the picture {url} not asked: {answer.not_asked}"))
        elif answer.status == 0 or answer.status >= 400:
            said = f"answers {answer.status}" if answer.status else f"does not answer ({answer.reason})"
            findings.append(
                Finding(
                    places.of(url),
                    "picture",
                    f"the picture {url} {said}, so the email shows it broken; publish it there (for a file: picture, "
                    "publish the web archive first) or fix its address",
                    ERROR,
                )
            )
    for url in dict.fromkeys(href for href, _ in email.links):
        answer = answers.get(url)
        if answer is None:
            continue  # not an http(s) link
        if answer.not_asked:
            findings.append(Finding(places.of(url), "links", f"{url} not asked: {answer.not_asked}"))
        elif 300 <= answer.status < 400:
            leads = (
                f"an address on this machine or its local network (not shown; {NEVER})"
                if answer.location_local
                else answer.location or "another address"
            )
            findings.append(
                Finding(
                    places.of(url),
                    "links",
                    f"{url} redirects ({answer.status}) to {leads}; link to where it leads",
                )
            )
        elif answer.status == 0 or answer.status >= 400:
            said = f"answers {answer.status}" if answer.status else f"does not answer ({answer.reason})"
            findings.append(Finding(places.of(url), "links", f"{url} {said}; fix or remove the link", ERROR))
    return findings


@dataclass
class CheckResult:
    """What `briefkit check` found in each edition named, with the ways the command line shows it. No edition at
    all is a failure (exit status 2), said with where they were looked for: ``looked_in``, the editions/ folder
    searched when none was named."""

    editions: list[Checked]
    looked_in: Path | None = None

    def exit_status(self, strict: bool = False) -> int:
        return exit_status(self.editions, strict)

    def nothing_checked(self) -> str:
        """Why nothing was checked, located, and how to fix it; empty when an edition was checked."""
        if self.editions:
            return ""
        folder = self.looked_in or Path("editions")
        found = "no edition manifest in it" if folder.is_dir() else "no such folder"
        return (
            f"{Location(folder).display(Path.cwd())}: {found}, so nothing was checked; run `briefkit check` in the "
            "project's folder (the one that holds editions/), or name the manifests to check (`briefkit check "
            "newsletter/editions/*.yaml`)"
        )

    def as_json(self, root: Path) -> dict[str, object]:
        return as_json(self.editions, root)

    def summary(self) -> str:
        return f"check: {self.nothing_checked()}" if not self.editions else summary(self.editions)

    def as_github(self, here: Path) -> list[str]:
        """`--format github`: a workflow command a finding, files named from the git repository ``here`` is in;
        every finding listed in the step's summary file too, when the runner names one (GITHUB_STEP_SUMMARY), and a
        notice last when GitHub will not show them all as annotations."""
        findings, problems, root = self._findings(), self._problems(), repository_root(here)
        step_summary = step_summary_file()
        if step_summary is not None:
            with step_summary.open("a", encoding="utf-8") as file:
                file.write(summary_markdown(findings, problems, root, self.summary()))
        notice = beyond_shown(findings, problems, summary=step_summary is not None)
        if not self.editions:
            notice = command("error", {"title": "briefkit check: nothing checked"}, self.nothing_checked())
        return [*workflow_commands(findings, problems, root), *([notice] if notice else [])]

    def as_sarif(self, project: Path, version: str) -> dict[str, object]:
        """`--format sarif`: one SARIF 2.1.0 log, files named from the root of the git repository ``project`` is in
        (else from ``project``); ``version`` is briefkit's."""
        root = repository_root(project)
        return sarif_log(self._findings(), self._problems(), root, version, failure=self.nothing_checked())

    def _findings(self) -> list[Finding]:
        """Each finding once: one in the series file is found with every edition that uses it, at the same place."""
        return list(dict.fromkeys(finding for result in self.editions for finding in result.findings))

    def _problems(self) -> list[Problem]:
        """Each located problem once (a series file's is met with every edition that uses it)."""
        return list(dict.fromkeys(problem for result in self.editions for problem in result.problems))


def exit_status(results: list[Checked], strict: bool = False) -> int:
    if not results or any(result.problem for result in results):  # nothing checked cannot pass
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
                "findings": [finding_json(finding, root) for finding in result.findings],
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
