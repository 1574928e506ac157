"""What the theme's own CSS and HTML rely on (beyond what MJML itself emits), checked against caniemail's data
(npm `caniemail`, test only) for the major mail apps: a feature one of them lacks must have its fallback written
down here, or the test fails."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import tinycss2

from briefkit.api import load_edition
from briefkit.render.email_html import render_mjml

from conftest import REPO, SAMPLE, SECOND, THIRD

CANIEMAIL = REPO / "node_modules" / "caniemail" / "data" / "caniemail.json"
# The apps that matter most to our readers, and their versions as caniemail names them.
MAJOR = {
    "gmail": ["desktop-webmail", "ios", "android"],
    "outlook": ["windows", "macos", "outlook-com"],
    "apple-mail": ["macos", "ios"],
    "yahoo": ["desktop-webmail"],
}
# A feature some major app lacks, and what that app shows instead; each was looked at in that app's terms.
FALLBACKS = {
    "css-at-media-prefers-color-scheme": "the light palette, which is the email's own (Gmail, Yahoo, Outlook "
    "on Windows either keep it or invert it themselves)",
    "css-color-scheme": "ignored: the same light palette",
    "html-meta-color-scheme": "ignored: the same light palette",
    "css-selector-attribute": "[data-ogsc]/[data-ogsb] are for Outlook.com only; elsewhere they match nothing",
    "css-selector-child": "only in dark-mode rules (> table, > td), which those apps do not apply",
    "css-max-height": "the dark logo stays hidden by display:none where max-height is not read",
    "css-overflow": "the dark logo stays hidden by display:none where overflow is not read",
    "css-at-media": "the mobile title size: where media queries are not read, the title keeps its desktop size",
}


def _data() -> dict[str, dict[str, object]]:
    return {feature["slug"]: feature for feature in json.loads(CANIEMAIL.read_text("utf-8"))["data"]}


def _lacking(feature: dict[str, object]) -> list[str]:
    """The major apps whose latest result for ``feature`` is no support at all."""
    stats = feature["stats"]
    assert isinstance(stats, dict)
    lacking = []
    for app, platforms in MAJOR.items():
        for platform in platforms:
            results = stats.get(app, {}).get(platform)
            if results:
                latest = list(results.values())[-1]
                if str(latest).startswith("n"):
                    lacking.append(f"{app} {platform}")
    return lacking


def _slug(name: str, data: dict[str, object]) -> str | None:
    """The caniemail feature of a CSS property: itself, or the shorthand it belongs to."""
    parts = name.split("-")
    while parts:
        slug = "css-" + "-".join(parts)
        if slug in data:
            return slug
        parts.pop()
    return None


def _theme_features(mjml: str, data: dict[str, object]) -> dict[str, str]:
    """The features the theme's own CSS and HTML use in ``mjml`` (the template rendered), with an example each."""
    found: dict[str, str] = {}
    styles = re.findall(r"<mj-style[^>]*>(.*?)</mj-style>", mjml, flags=re.S)
    inline = re.findall(r'<(?!mj-)[a-z0-9]+[^>]*\sstyle="([^"]*)"', mjml)
    for sheet in styles:
        for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
            if rule.type == "at-rule":
                prelude = tinycss2.serialize(rule.prelude)
                found.setdefault(
                    "css-at-media-prefers-color-scheme" if "prefers-color-scheme" in prelude else "css-at-media",
                    f"@media {prelude.strip()}",
                )
                body = tinycss2.serialize(rule.content or [])
                for inner in tinycss2.parse_stylesheet(body, skip_comments=True, skip_whitespace=True):
                    _rule(inner, found, data)
            else:
                _rule(rule, found, data)
    for declarations in inline:
        _declarations(declarations, found, data)
    if 'name="color-scheme"' in mjml:
        found["html-meta-color-scheme"] = '<meta name="color-scheme">'
    return found


def _rule(rule: object, found: dict[str, str], data: dict[str, object]) -> None:
    selector = tinycss2.serialize(rule.prelude)  # type: ignore[attr-defined]
    if "[" in selector:
        found.setdefault("css-selector-attribute", selector.strip())
    if ">" in selector:
        found.setdefault("css-selector-child", selector.strip())
    _declarations(tinycss2.serialize(rule.content), found, data)  # type: ignore[attr-defined]


def _declarations(text: str, found: dict[str, str], data: dict[str, object]) -> None:
    for declaration in tinycss2.parse_declaration_list(text, skip_comments=True, skip_whitespace=True):
        if declaration.type != "declaration":
            continue
        if declaration.important:
            found.setdefault("css-important", f"{declaration.name}: ... !important")
        if declaration.lower_name == "display" and "none" in tinycss2.serialize(declaration.value):
            found.setdefault("css-display-none", "display: none")
        slug = _slug(declaration.lower_name, data)
        if slug is not None:
            found.setdefault(slug, declaration.name)


@pytest.fixture(scope="module")
def theme_mjml(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The theme's MJML for the three samples, the series giving a dark logo (so that every rule appears)."""
    project = tmp_path_factory.mktemp("support")
    shutil.copytree(REPO / "editions", project / "editions")
    for folder in ("seeds", "images", "feeds"):
        shutil.copytree(REPO / folder, project / folder)
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8").replace("  href: https://www.cnas.org/\n",
                                             "  href: https://www.cnas.org/\n  dark_src: https://example.org/l.png\n")  # fmt: skip
    series.write_text(text, "utf-8")
    made = []
    for manifest in (SAMPLE, SECOND, THIRD):
        edition, theme, _ = load_edition(project / "editions" / manifest.name)
        made.append(render_mjml(edition, theme))
    return "\n".join(made)


def test_every_feature_a_major_app_lacks_has_a_fallback(theme_mjml: str) -> None:
    data = _data()
    used = _theme_features(theme_mjml, data)
    assert "css-at-media-prefers-color-scheme" in used and "css-selector-attribute" in used  # the walk finds them
    unexplained = {slug: (example, _lacking(data[slug])) for slug, example in used.items()
                   if _lacking(data[slug]) and slug not in FALLBACKS}  # fmt: skip
    assert not unexplained, f"the theme relies on features some major app lacks, with no fallback: {unexplained}"


def test_the_check_can_fail() -> None:
    """A theme that starts using a property Outlook on Windows lacks (box-shadow) is caught."""
    data = _data()
    used = _theme_features("<mj-style>.x { box-shadow: 0 1px 2px #000; }</mj-style>", data)
    assert "css-box-shadow" in used and "outlook windows" in _lacking(data["css-box-shadow"])
    assert "css-box-shadow" not in FALLBACKS


def test_the_fallbacks_are_all_still_needed(theme_mjml: str) -> None:
    """A fallback written down for a feature the theme no longer uses, or that every major app now has, goes."""
    data = _data()
    used = _theme_features(theme_mjml, data)
    stale = [slug for slug in FALLBACKS if slug not in used or not _lacking(data[slug])]
    assert not stale, f"remove these from FALLBACKS: {stale}"


def test_caniemail_is_installed() -> None:
    assert Path(CANIEMAIL).is_file(), "npm's caniemail is missing; `make test` installs it"
