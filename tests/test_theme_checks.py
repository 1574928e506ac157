"""A theme checked whole: `briefkit themes` shows each kind with its keys and partials and refuses a declared kind
without a partial (so does a render, before anything is made); a template's mistake names the template, its line
and the unknown name with the closest one; theme.yaml's YAML mistakes in plain words, once a run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli

EVENING = REPO / "tests" / "themes" / "evening"
EDITION = """\
series: sharper.series.yaml
date: 2021-04-02
title: An Evening Note
theme: evening
greeting: Good evening.
intro: The week ahead, in brief.
sections:
  - kind: gatherings
    lead: Two dates for the *diary*.
    items:
      - {title: Alliances, date: 2021-04-08, place: "Washington, DC", url: "https://www.cnas.org/events/a"}
"""


@pytest.fixture
def evening(project: Path) -> Path:
    """A project with the test theme `evening` in templates/evening/ and one edition using it; returns the project."""
    shutil.copytree(EVENING, project / "templates" / "evening")
    (project / "editions" / "2021-04-02-evening.yaml").write_text(EDITION, encoding="utf-8")
    return project


def _theme(project: Path, name: str) -> Path:
    return project / "templates" / "evening" / name


def words(lines: list[str]) -> list[str]:
    """Each line with its indentation kept and the runs of spaces between its columns made one (the columns are as
    wide as the longest name and type of any kind, which grows as briefkit does)."""
    return [line[: len(line) - len(line.lstrip())] + " ".join(line.split()) for line in lines]


def test_themes_shows_each_kind_with_its_keys_and_partials(evening: Path) -> None:
    result = run_cli("themes", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    kinds = words(
        lines[
            lines.index(
                "section kinds: each key (what it holds, whether it is required, what it means), then its partials"
            ) :
        ]
    )
    assert (
        "  gatherings (declared at templates/evening/theme.yaml:8:3): Events coming up, each with its date, place and link."
        in kinds
    )
    assert "      place text required Where it is." in kinds
    assert "      date date required When it is." in kinds
    assert (
        "    partials: .mjml, .txt, .print.html, .feed.html from templates/evening/; no .web.html (the web page uses "
        ".feed.html)" in kinds
    )
    assert "      outlet text required Where it appeared, like Foreign Affairs or NPR." in kinds  # briefkit's own too
    assert '  greeting text A line of welcome above the intro, like "Good evening."' in kinds


def test_a_declared_kind_without_a_partial_is_refused_by_themes_and_render(evening: Path) -> None:
    _theme(evening, "sections/gatherings.print.html").unlink()
    _theme(evening, "sections/gatherings.feed.html").unlink()
    expected = (
        "templates/evening/theme.yaml:8:3: kinds.gatherings: the kind 'gatherings' has no partial for the PDF and the feed "
        "entry; add sections/gatherings.print.html and sections/gatherings.feed.html beside this theme.yaml "
        "(docs/themes.md shows one)"
    )
    listed = run_cli("themes", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert listed.returncode == 2
    assert listed.stderr.splitlines() == [expected]
    assert "MISSING .print.html, .feed.html" in listed.stdout
    rendered = run_cli("render", "--format", "email", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert rendered.returncode == 2
    assert rendered.stderr.splitlines() == [expected]  # even for a format that does not use them
    assert not (evening / "outbox").exists()
    built = run_cli("build", cwd=evening)
    assert built.returncode == 2 and expected in built.stderr
    assert "Traceback" not in built.stderr


def _render_error(project: Path, template: str, old: str, new: str, output: str = "email") -> str:
    path = _theme(project, template)
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli("render", "--format", output, "editions/2021-04-02-evening.yaml", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize(
    ("template", "old", "new", "output", "message"),
    [
        (
            "sections/gatherings.mjml",
            "event.title,",
            "event.titel,",
            "email",
            "templates/evening/sections/gatherings.mjml:6:23: template error: 'event.titel': 'event' has no 'titel'; did "
            "you mean 'title'?",
        ),
        (
            "sections/gatherings.mjml",
            "{% if section.lead %}",
            "{% if section.laed %}",
            "email",
            "templates/evening/sections/gatherings.mjml:2:7: template error: 'section.laed': 'section' has no 'laed'; "
            "did you mean 'lead'?",
        ),
        (
            "email.mjml",
            "edition.extra.greeting %}",
            "edition.extra.greting %}",
            "email",
            "templates/evening/email.mjml:3:7: template error: 'edition.extra.greting': 'edition.extra' has no "
            "'greting'; did you mean 'greeting'?",
        ),
        (
            "sections/gatherings.mjml",
            'font-family="{{ sans }}"',
            'font-family="{{ snas }}"',
            "email",
            "templates/evening/sections/gatherings.mjml:7:55: template error: 'snas' is not defined here; did you mean "
            "'sans'?",
        ),
        (
            "sections/gatherings.txt",
            "| md",
            "| mdd",
            "text",
            "templates/evening/sections/gatherings.txt:4:1: template error: there is no filter 'mdd'; did you mean 'md'?",
        ),
        (
            "sections/gatherings.mjml",
            "{% endfor %}",
            '{% include "sections/gathering.mjml" %}{% endfor %}',
            "email",
            "templates/evening/sections/gatherings.mjml:8:1: template error: there is no template 'sections/gathering.mjml' "
            "in the theme's folders; did you mean 'sections/gatherings.mjml'?",
        ),
    ],
)
def test_a_template_mistake_names_the_template_line_and_the_closest_name(
    evening: Path, template: str, old: str, new: str, output: str, message: str
) -> None:
    shown = _render_error(evening, template, old, new, output)
    assert shown == message
    assert "object" not in shown and "briefkit." not in shown


COMMA_MESSAGE = (
    "templates/evening/theme.yaml:24:45: this comma ends the value of 'doc': between { and } YAML reads a comma as "
    "the end of a value and 'without quotation marks around it' as another key; put the whole value in quotes, like "
    'doc: "What it is, without quotation marks around it"'
)


@pytest.mark.parametrize("command", [("render", "editions/a.yaml", "editions/b.yaml"), ("build",), ("check",)])
def test_a_comma_in_a_theme_doc_is_explained_once_a_run(evening: Path, command: tuple[str, ...]) -> None:
    theme_yaml = _theme(evening, "theme.yaml")
    text = theme_yaml.read_text("utf-8")
    old = "note: {type: text, doc: Anything else worth knowing.}"
    assert old in text
    theme_yaml.write_text(
        text.replace(old, "note: {type: text, doc: What it is, without quotation marks around it}"), "utf-8"
    )
    (evening / "editions" / "2021-04-02-evening.yaml").rename(evening / "editions" / "a.yaml")
    (evening / "editions" / "b.yaml").write_text(EDITION.replace("2021-04-02", "2021-04-09"), "utf-8")
    result = run_cli(*command, cwd=evening)
    assert result.returncode == 2
    assert result.stderr.count("theme.yaml") == 1, result.stderr
    assert COMMA_MESSAGE in result.stderr.splitlines()
    assert "unknown key" not in result.stderr


def test_a_comma_in_a_manifest_value_between_braces_is_explained_at_the_comma(evening: Path) -> None:
    manifest = evening / "editions" / "2021-04-02-evening.yaml"
    manifest.write_text(EDITION.replace('place: "Washington, DC"', "place: Washington, DC"), "utf-8")
    result = run_cli("render", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "editions/2021-04-02-evening.yaml:11:63: this comma ends the value of 'place': between { and } YAML reads a "
        "comma as the end of a value and 'DC' as another key; put the whole value in quotes, like "
        'place: "Washington, DC"'
    ]


def test_the_markdown_filters_read_any_text_a_theme_holds_and_keep_its_words_data(evening: Path) -> None:
    from dataclasses import replace

    from briefkit.api import load_edition, render_outputs
    from briefkit.edition.model import Delivery
    from briefkit.errors import Location

    partial = _theme(evening, "sections/gatherings.mjml")
    partial.write_text(
        partial.read_text("utf-8")
        + '<mj-text>{{ (section.lead ~ " (from *the desk*)") | markdown }}</mj-text>\n'
        + "{% for event in section.items %}<mj-text>{{ (event.place ~ ' — ' ~ event.note) | markdown }}</mj-text>"
        + "{% endfor %}\n"
        + '<mj-text>{{ "Read **more** <i>soon</i>" | markdown }}</mj-text>\n',
        "utf-8",
    )
    text_partial = _theme(evening, "sections/gatherings.txt")
    text_partial.write_text(
        text_partial.read_text("utf-8")
        + "{% for event in section.items %}{{ (event.place ~ ' — ' ~ event.note) | md }}"
        "{% endfor %}\n",
        "utf-8",
    )
    manifest = evening / "editions" / "2021-04-02-evening.yaml"
    manifest.write_text(
        EDITION.replace(
            'url: "https://www.cnas.org/events/a"}',
            'url: "https://www.cnas.org/events/a", note: '
            '"<b>Free</b> for {{ subscriber.name }}, *registration* [here](https://www.cnas.org/r)"}',
        ),
        "utf-8",
    )
    edition, theme, _ = load_edition(manifest)
    made = render_outputs(edition, theme, ["email", "text"]).files
    html = made["email.html"].decode("utf-8")
    assert "<p>Two dates for the <em>diary</em>. (from <em>the desk</em>)</p>" in html
    assert (
        "<p>Washington, DC — &lt;b&gt;Free&lt;/b&gt; for {{ subscriber.name }}, <em>registration</em> "
        '<a href="https://www.cnas.org/r"' in html
    )
    assert "<p>Read <strong>more</strong> &lt;i&gt;soon&lt;/i&gt;</p>" in html  # a template's own words too
    text = made["email.txt"].decode("utf-8")
    assert "Washington, DC — <b>Free</b> for {{ subscriber.name }}, registration here\n[2]" in text

    served = replace(edition, delivery=Delivery("listmonk", Location(Path("x.series.yaml")), "3"))
    html = render_outputs(served, theme, ["email"]).files["email.html"].decode("utf-8")
    assert "subscriber.name }}" not in html  # the service's tag characters are never the edition's
    assert "&lt;b&gt;Free&lt;/b&gt; for &#123;&#123; subscriber.name &#125;&#125;" in html


def _declare(project: Path, entry_fields: str, edition_fields: str = "") -> None:
    """Add keys to the events' entries (and to the edition) in the evening theme's theme.yaml."""
    theme_yaml = _theme(project, "theme.yaml")
    text = theme_yaml.read_text("utf-8")
    anchor = "          note: {type: text, doc: Anything else worth knowing.}\n"
    assert anchor in text
    text = text.replace(anchor, anchor + entry_fields)
    anchor = "fields:\n  greeting:\n"
    assert anchor in text
    theme_yaml.write_text(text.replace(anchor, "fields:\n" + edition_fields + "  greeting:\n"), "utf-8")


def test_a_declared_default_fills_in_what_a_manifest_leaves_out(evening: Path) -> None:
    _declare(
        evening,
        '          more: {type: text, default: "Read more »", doc: The words of the link.}\n',
        "  sign_off:\n    type: markdown\n    default: Good *night*.\n",
    )
    partial = _theme(evening, "sections/gatherings.mjml")
    partial.write_text(
        partial.read_text("utf-8") + "{% for event in section.items %}<mj-text>[{{ event.more }}]</mj-text>"
        "{% endfor %}<mj-text>{{ edition.extra.sign_off | markdown }}</mj-text>\n",
        "utf-8",
    )
    manifest = evening / "editions" / "2021-04-02-evening.yaml"
    manifest.write_text(
        EDITION
        + '      - {title: B, date: 2021-04-09, place: Online, url: "https://www.cnas.org/b", more: "Sign up"}\n',
        "utf-8",
    )
    from briefkit.api import load_edition, render_outputs

    edition, theme, _ = load_edition(manifest)
    html = render_outputs(edition, theme, ["email"]).files["email.html"].decode("utf-8")
    assert "[Read more »]" in html and "[Sign up]" in html
    assert "<p>Good <em>night</em>.</p>" in html


def test_a_key_required_with_another_is_missing_where_the_other_is_given(evening: Path) -> None:
    _declare(
        evening,
        "          picture: {type: url, doc: A picture of the place.}\n"
        "          alt: {type: text, required_with: picture, doc: What the picture shows. Read aloud.}\n",
    )
    manifest = evening / "editions" / "2021-04-02-evening.yaml"
    manifest.write_text(
        EDITION
        + "      - title: B\n        date: 2021-04-09\n        place: Online\n        url: https://www.cnas.org/b\n"
        + "        picture: https://www.cnas.org/b.png\n"
        + "      - {title: C, date: 2021-04-10, place: Online, url: 'https://www.cnas.org/c'}\n",
        "utf-8",
    )
    result = run_cli("render", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "editions/2021-04-02-evening.yaml:16:9: sections[0].items[1].alt: is missing; add 'alt:' (what the picture "
        "shows), needed when 'picture' is given"
    ]


@pytest.mark.parametrize(
    ("entry_fields", "message"),
    [
        (
            "          count: {type: integer, maximum: 9, default: many}\n",
            "templates/evening/theme.yaml:25:55: kinds.gatherings.fields.items.fields.count.default: 'many' is not "
            "allowed; write a whole number from 0 to 9",
        ),
        (
            "          count: {type: integer, maximum: 9, default: 12}\n",
            "templates/evening/theme.yaml:25:55: kinds.gatherings.fields.items.fields.count.default: '12' is not allowed",
        ),
        (
            "          alt: {type: text, required_with: pictur}\n",
            "templates/evening/theme.yaml:25:29: kinds.gatherings.fields.items.fields.alt.required_with: 'pictur' is not a "
            "key beside it; use one of: title, date, place, url, note",
        ),
        (
            "          alt: {type: text, required: true, default: A picture}\n",
            "kinds.gatherings.fields.items.fields.alt.default: a key with a default is always given: remove required: true",
        ),
    ],
)
def test_a_default_or_required_with_that_cannot_work_is_located_in_theme_yaml(
    evening: Path, entry_fields: str, message: str
) -> None:
    _declare(evening, entry_fields)
    result = run_cli("render", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def _extends(project: Path, first_line: str) -> str:
    """Render with the evening theme's email.mjml starting with ``first_line``; its message (exit 2, no traceback)."""
    email = _theme(project, "email.mjml")
    text = email.read_text("utf-8")
    email.write_text(first_line + text[text.index("\n") :], "utf-8")
    result = run_cli("render", "--format", "email", "editions/2021-04-02-evening.yaml", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


def test_a_misspelt_extends_suggests_the_name_with_its_prefix(evening: Path) -> None:
    assert _extends(evening, '{% extends "default:emial.mjml" %}') == (
        "templates/evening/email.mjml:1:13: template error: there is no template 'default:emial.mjml' in the "
        "theme's folders; did you mean 'default:email.mjml'?"
    )


def test_a_template_that_extends_itself_is_located(evening: Path) -> None:
    assert _extends(evening, '{% extends "email.mjml" %}') == (
        "templates/evening/email.mjml:1:4: template error: a template cannot extend itself; to build on briefkit's "
        'own write {% extends "default:email.mjml" %}'
    )


def test_templates_that_extend_each_other_in_a_loop_are_located(evening: Path) -> None:
    _theme(evening, "base.mjml").write_text('{% extends "email.mjml" %}\n', "utf-8")
    shown = _extends(evening, '{% extends "base.mjml" %}').splitlines()
    assert shown == [
        "templates/evening/base.mjml:1:4: template error: a template cannot extend itself (base.mjml -> email.mjml "
        "-> base.mjml); extend another template, or none",
        "templates/evening/email.mjml:1:4: template error: a template cannot extend itself (email.mjml -> base.mjml "
        '-> email.mjml); to build on briefkit\'s own write {% extends "default:email.mjml" %}',
    ]


def test_a_block_the_parent_lacks_is_located_with_the_closest(evening: Path) -> None:
    email = _theme(evening, "email.mjml")
    email.write_text(email.read_text("utf-8").replace("{% block intro %}", "{% block intor %}"), "utf-8")
    result = run_cli("render", "--format", "email", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "templates/evening/email.mjml:2:10: template error: there is no block 'intor' in 'default:email.mjml', "
        "which this template extends, so Jinja would leave it out; did you mean 'intro'?"
    ]


def test_the_extends_check_keeps_each_templates_parse_and_sees_an_edit(evening: Path) -> None:
    """What a template's parse gives is kept beside the compiled templates, keyed by the file's bytes: a render
    after an edit reads the edited file, and a render of the same bytes from what was kept says the same."""
    rendered = run_cli("render", "--format", "email", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert rendered.returncode == 0, rendered.stderr
    kept = sorted((evening / ".briefkit-cache" / "templates").glob("markup-*/extends-*.json"))
    assert kept
    email = _theme(evening, "email.mjml")
    email.write_text(email.read_text("utf-8").replace("{% block intro %}", "{% block intor %}"), "utf-8")
    expected = [
        "templates/evening/email.mjml:2:10: template error: there is no block 'intor' in 'default:email.mjml', "
        "which this template extends, so Jinja would leave it out; did you mean 'intro'?"
    ]
    for _ in range(2):  # parsed after the edit, then from what that parse kept
        result = run_cli("render", "--format", "email", "editions/2021-04-02-evening.yaml", cwd=evening)
        assert result.returncode == 2
        assert result.stderr.splitlines() == expected
    # A damaged file is parsed again. Looked for anew: a change to briefkit's code (in a checkout, any file's time)
    # makes a new folder of compiled templates and removes the old one.
    for file in (evening / ".briefkit-cache" / "templates").glob("markup-*/extends-*.json"):
        file.write_text("{", "utf-8")
    result = run_cli("render", "--format", "email", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert result.stderr.splitlines() == expected


def test_a_block_inside_an_overridden_block_is_a_new_block_not_a_mistake(evening: Path) -> None:
    email = _theme(evening, "email.mjml")
    email.write_text(
        email.read_text("utf-8").replace("{{ super() }}", "{% block greeting_after %}{% endblock %}{{ super() }}"),
        "utf-8",
    )
    result = run_cli("render", "--format", "email", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert result.returncode == 0, result.stderr


def _misspell_kind(project: Path) -> None:
    theme_yaml = _theme(project, "theme.yaml")
    theme_yaml.write_text(theme_yaml.read_text("utf-8").replace("  gatherings:\n", "  gatherigns:\n"), "utf-8")


MISSPELT_KIND = (
    "templates/evening/theme.yaml:8:3: kinds.gatherigns: the kind 'gatherigns' has no partial for the email, the plain text, "
    "the PDF and the feed entry; add sections/gatherigns.mjml, sections/gatherigns.txt, sections/gatherigns.print.html and "
    "sections/gatherigns.feed.html beside this theme.yaml (docs/themes.md shows one); or, if you meant 'gatherings' (its "
    "partials are there), write that name"
)


@pytest.mark.parametrize("command", [("render", "editions/2021-04-02-evening.yaml"), ("check",), ("build",)])
def test_a_misspelt_kind_is_the_themes_mistake_not_the_manifests(evening: Path, command: tuple[str, ...]) -> None:
    _misspell_kind(evening)
    result = run_cli(*command, cwd=evening)
    assert result.returncode == 2
    assert MISSPELT_KIND in result.stderr.splitlines()
    assert "is not a kind" not in result.stderr and "2021-04-02-evening.yaml:" not in result.stderr


NEW_EDITION_TYPO = (
    "templates/evening/theme.yaml:{line}:1: new_edition: 'gathering' is not a section kind of this theme; did you mean "
    "'gatherings'?"
)


@pytest.mark.parametrize(
    "command", [("render", "editions/2021-04-02-evening.yaml"), ("check",), ("build",), ("themes",)]
)
def test_a_typo_in_new_edition_is_refused_by_every_command(evening: Path, command: tuple[str, ...]) -> None:
    theme_yaml = _theme(evening, "theme.yaml")
    text = theme_yaml.read_text("utf-8")
    theme_yaml.write_text(text + "new_edition: [features, gathering]\n", "utf-8")
    if command == ("themes",):
        command = ("themes", "editions/2021-04-02-evening.yaml")
    result = run_cli(*command, cwd=evening)
    assert result.returncode == 2
    assert NEW_EDITION_TYPO.format(line=len(text.splitlines()) + 1) in result.stderr.splitlines()


def test_themes_shows_defaults_and_conditions_and_aligns_long_names(evening: Path) -> None:
    _declare(
        evening,
        "          picture: {type: url, doc: A picture of the place.}\n"
        "          alt: {type: text, required_with: picture, doc: What the picture shows.}\n"
        '          more: {type: text, default: "Read more »", doc: The words of the link.}\n',
    )
    result = run_cli("themes", "editions/2021-04-02-evening.yaml", cwd=evening)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "      alt text What the picture shows. (required when 'picture' is given)" in words(lines)
    assert "      more text The words of the link. (default 'Read more »')" in words(lines)
    templates = [line for line in lines[1 : lines.index("")]]
    columns = {line.index(" briefkit's") if "briefkit's" in line else line.index(" templates/") for line in templates}
    assert len(columns) == 1  # fonts/LiberationSerif-BoldItalic.ttf too
    assert any("fonts/LiberationSerif-BoldItalic.ttf  " in line for line in templates)


def test_new_edition_comments_say_a_keys_default_and_condition(evening: Path) -> None:
    _declare(
        evening,
        "          alt: {type: text, required_with: url, doc: What the picture shows.}\n"
        '          more: {type: text, default: "Read more »", doc: The words of the link.}\n',
    )
    series = evening / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + "theme: evening\n", "utf-8")
    result = run_cli("new", "edition", "Later", "--date", "2021-05-06", cwd=evening)
    assert result.returncode == 0, result.stderr
    text = (evening / "editions" / "2021-05-06-later.yaml").read_text("utf-8")
    assert "        # alt: ...  What the picture shows (required when 'url' is given).\n" in text
    assert "        # more: ...  The words of the link (default 'Read more »').\n" in text
