"""The accessibility report as semantic HTML, from one template (templates/summary.html, autoescaped): per output,
each rule's title, what it checks, passed or failed, and what was found. The archive's accessibility page and the
proof put it in their own page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from briefkit.accessibility.report import OUTPUTS, Outcome, Report
from briefkit.render.package_templates import package_templates

TITLES = {"email": "The email", "web": "The web page", "pdf": "The PDF"}
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class _Output:
    title: str
    outcomes: tuple[Outcome, ...]


def _listed(names: list[str]) -> str:
    """ "the email, the web page and the PDF"."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def summary_html(report: Report, *, level: int = 2) -> Markup:
    """The summary: an ``h<level>`` for each output made, an ``h<level + 1>`` for each of its rules."""
    outputs = [_Output(TITLES[name], report.of(name)) for name in OUTPUTS if report.of(name)]
    html = (
        package_templates(TEMPLATES)
        .get_template("summary.html")
        .render(
            outputs=outputs,
            passed=len(report.passed),
            failed=len(report.failed),
            total=len(report.outcomes),
            made=_listed([output.title[0].lower() + output.title[1:] for output in outputs]),
            level=max(1, min(level, 5)),
        )
    )
    return Markup(html)  # every value was escaped by the template's environment
