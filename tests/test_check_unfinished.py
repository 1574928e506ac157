"""`briefkit check` stops what must not go out: the scaffold's own words and addresses left in, names reserved for
examples and tests, an edition still a draft, every warning the PDF gives, raw HTML in Markdown. Each an error at
the place it is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefkit.api import check, render
from briefkit.check.unfinished import addresses_in, reserved
from briefkit.errors import ERROR, WARNING, Finding, Location
from briefkit.manifest.theme_types import manifest_types
from briefkit.manifest.themes import DEFAULT_THEME, find_theme
from briefkit.scaffold.edition import placeholder_texts

from conftest import MINIMAL, own_theme, run_cli


def findings(manifest: Path, root: Path, name: str) -> list[Finding]:
    return [f for f in check([manifest], root).editions[0].findings if f.check == name]


def placed(found: list[Finding]) -> list[tuple[str, int, int, str]]:
    return [(f.where.path.name, f.where.line, f.where.column, f.level) for f in found]


# -- the scaffold, round trip ------------------------------------------------------------------------------------


def _value_lines(path: Path, texts: tuple[str, ...]) -> set[tuple[str, int]]:
    """The lines of ``path`` (comments aside) that hold a text of the scaffold's or an example.org address: found
    by reading lines, not YAML, to hold the check to what the files say."""
    found = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        if "example.org" in line or any(text in line for text in texts):
            found.add((path.name, number))
    return found


def test_a_new_project_fails_check_with_each_placeholder_then_passes_filled_in(tmp_path: Path) -> None:
    assert run_cli("new", "project", "x", "--date", "2021-04-01", cwd=tmp_path).returncode == 0
    project = tmp_path / "x"
    manifest = project / "editions" / "2021-04-01-welcome-to-x.yaml"
    series = project / "editions" / "x.series.yaml"
    result = run_cli("check", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    texts = placeholder_texts(manifest_types(find_theme(DEFAULT_THEME, project, None)))
    expected = _value_lines(manifest, texts) | _value_lines(series, texts)
    shown = {(Path(line.split(":")[0]).name, int(line.split(":")[1])) for line in errors}
    assert shown == expected  # one error a placeholder, each on its own line: none missed, none more
    assert len(errors) == 27  # two on the postal address's line: its street and its city
    kinds = {line.split(": ")[2] for line in errors}
    assert kinds == {"placeholder", "reserved-name"}
    assert (
        "editions/2021-04-01-welcome-to-x.yaml:32:17: error: placeholder: 'Title of the feature' is what "
        "`briefkit new` wrote here as an example; replace it before sending"
    ) in errors
    postal = [line for line in errors if "Example Street" in line or "Example City" in line]
    assert [line.split(": ")[0] for line in postal] == ["editions/x.series.yaml:22:18", "editions/x.series.yaml:22:36"]
    assert any(": reserved-name: x@example.org: example.org is a name reserved" in line for line in errors)

    # Filled in: each text of the scaffold replaced, each address moved to the publisher's own domain.
    for path in (manifest, series):
        text = path.read_text("utf-8")
        for number, placeholder in enumerate(texts):
            text = text.replace(placeholder, f"Our own words {number}")
        path.write_text(text.replace("example.org", "northwind-news.org"), "utf-8")
    filled = run_cli("check", cwd=project)
    assert filled.returncode == 0, filled.stdout
    assert ": error: " not in filled.stdout


def test_a_value_changed_in_part_still_shows_what_was_left(tmp_path: Path) -> None:
    assert run_cli("new", "project", "x", "--date", "2021-04-01", cwd=tmp_path).returncode == 0
    series = tmp_path / "x" / "editions" / "x.series.yaml"
    text = series.read_text("utf-8").replace("1 Example Street", "12 Harbour Road")
    text = text.replace("X brings together the week's analysis from Example Institute.", "X: the week, read closely.")
    series.write_text(text, "utf-8")
    manifest = tmp_path / "x" / "editions" / "2021-04-01-welcome-to-x.yaml"
    left = {f.message.split("'")[1]: f.where for f in findings(manifest, tmp_path / "x", "placeholder")}
    lines = series.read_text("utf-8").splitlines()
    postal = next(n for n, t in enumerate(lines, 1) if t.startswith("postal_address"))
    assert left["Example City 00000"] == Location(series, postal, len('postal_address: "12 Harbour Road, ') + 1)
    assert "1 Example Street" not in left
    about = next(n for n, t in enumerate(lines, 1) if t.startswith("  Replace this text"))
    assert left["Replace this text with a few sentences about the series"] == Location(series, about, 3)


def test_a_new_edition_is_a_draft_until_it_is_marked_otherwise(tmp_path: Path) -> None:
    assert run_cli("new", "project", "x", "--date", "2021-04-01", cwd=tmp_path).returncode == 0
    project = tmp_path / "x"
    assert run_cli("new", "edition", "Second", "--date", "2021-04-08", cwd=project).returncode == 0
    manifest = project / "editions" / "2021-04-08-second.yaml"
    line = next(n for n, t in enumerate(manifest.read_text("utf-8").splitlines(), 1) if t == "status: draft")
    result = run_cli("check", "editions/2021-04-08-second.yaml", cwd=project)
    assert result.returncode == 1
    assert (
        f"editions/2021-04-08-second.yaml:{line}:1: error: draft: the edition is still marked as a draft; set "
        "status: published, or remove status:, before sending"
    ) in result.stdout.splitlines()


def test_a_draft_is_an_error_and_published_is_not(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL.replace("intro:", "status: draft\nintro:"), "utf-8")
    assert placed(findings(manifest, project, "draft")) == [("x.yaml", 4, 1, ERROR)]
    manifest.write_text(MINIMAL.replace("intro:", "status: published\nintro:"), "utf-8")
    assert findings(manifest, project, "draft") == []


# -- reserved names ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["example.org", "www.example.org", "EXAMPLE.COM", "a.b.example.net", "example.org.", "shop.example", "x.test",
     "nowhere.invalid", "localhost", "app.localhost"],
)  # fmt: skip
def test_reserved_names(host: str) -> None:
    assert reserved(host)


@pytest.mark.parametrize(
    "host", ["cnas.org", "myexample.org", "example.org.evil.com", "example.co.uk", "testing.com", "invalid.org"]
)
def test_names_that_are_not_reserved(host: str) -> None:
    assert not reserved(host)


def test_addresses_are_found_in_markdown_and_mail() -> None:
    text = "See [this](https://a.example.com/x?y=1), <https://b.test/>, write to ed@c.example.net. (http://d.invalid)."
    assert [host for _, host in addresses_in(text)] == ["a.example.com", "b.test", "d.invalid", "c.example.net"]
    assert ("https://a.example.com/x?y=1", "a.example.com") in list(addresses_in(text))


RESERVED_EDITION = """\
series: sharper.series.yaml
date: 2021-03-31
title: A Test Edition
intro: >-
  Some words, and [a link](https://www.example.com/a) in the
  middle of them; mail <desk@news.test>.
web_url: https://archive.example.net/x/
sections:
  - kind: features
    items:
      - title: One
        url: http://localhost:8000/one
        summary: Once.
        image: {src: 'https://cdn.example.org/p.png', alt: A ship, file: ../images/eurasia-banner.svg}
  - kind: in_the_news
    people: [A. Person]
"""


def test_reserved_names_in_links_pictures_and_the_footer_are_errors_where_written(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8").replace("https://www.cnas.org/images/cnas-logo.png", "https://img.invalid/l.png")
    text = text.replace("sharper@cnas.org", "sharper@example.org")
    text = text.replace("https://www.cnas.org/newsletters/unsubscribe", "https://list.example.com/unsubscribe")
    text += "delivery:\n  service: listmonk\n  list: 3\n  api_url: http://localhost:9000\n"  # for briefkit alone
    series.write_text(text, "utf-8")
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(RESERVED_EDITION, "utf-8")
    found = findings(manifest, project, "reserved-name")
    lines = series.read_text("utf-8").splitlines()
    logo = next(n for n, t in enumerate(lines, 1) if "img.invalid" in t)
    sender = next(n for n, t in enumerate(lines, 1) if "sharper@example.org" in t)
    unsubscribe = next(n for n, t in enumerate(lines, 1) if t.startswith("unsubscribe_url:"))
    assert [(f.where.path.name, f.where.line, f.where.column, f.message.split(":")[0] + ":" + f.message.split(":")[1])
            for f in found] == [
        ("x.yaml", 5, 28, "https://www.example.com/a"),
        ("x.yaml", 6, 25, "desk@news.test: news.test is a name reserved for examples and tests (RFC 2606, RFC 6761), "
                          "which reaches no reader; give the real address"),
        ("x.yaml", 7, 10, "https://archive.example.net/x/"),
        ("x.yaml", 12, 14, "http://localhost"),
        ("x.yaml", 14, 23, "https://cdn.example.org/p.png"),
        ("sharper.series.yaml", sender, 12, "sharper@example.org: example.org is a name reserved for examples and "
                                            "tests (RFC 2606, RFC 6761), which reaches no reader; give the real "
                                            "address"),
        ("sharper.series.yaml", unsubscribe, 18, "https://list.example.com/unsubscribe"),
        ("sharper.series.yaml", logo, 8, "https://img.invalid/l.png"),
    ]  # fmt: skip
    assert {f.level for f in found} == {ERROR}
    assert not [f for f in found if "9000" in f.message]  # delivery's api_url is briefkit's, never a reader's


def test_a_reserved_name_from_the_theme_is_found_in_the_email(project: Path) -> None:
    """A link that is in no manifest (a theme's template, an item from a feed) is found in the email itself."""
    theme = own_theme(project)
    mjml = theme / "email.mjml"
    mjml.write_text(mjml.read_text("utf-8").replace("</mj-body>", '<mj-text><a href="https://help.example.com/">'
                                                    "Help</a></mj-text></mj-body>"), "utf-8")  # fmt: skip
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL, "utf-8")
    found = findings(manifest, project, "reserved-name")
    assert [(f.where, f.message.split(":")[0] + ":" + f.message.split(":")[1]) for f in found] == [
        (Location(manifest), "https://help.example.com/")
    ]


# -- raw HTML ----------------------------------------------------------------------------------------------------

RAW = MINIMAL.replace(
    "intro: Some words.", "intro: Some <b>bold</b> words, <https://www.cnas.org/> and `<i>` as code."
) + (
    "  - kind: features\n    items:\n      - title: One\n        url: https://www.cnas.org/one\n"
    "        summary: |\n          Plain words.\n\n          <div class='x'>\n          Hi\n          </div>\n"
)


def test_raw_html_in_markdown_is_a_render_warning_and_a_check_error(project: Path) -> None:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(RAW, "utf-8")
    warned = [f for f in render(manifest, ["email"]).warnings if f.check == "raw-html"]
    assert [(f.where.line, f.where.column, f.level) for f in warned] == [(4, 1, WARNING), (12, 9, WARNING)]
    assert warned[0].message == (
        "intro: the HTML <b>, </b> is shown to readers as written, not as markup (HTML in Markdown is never passed "
        "on); write it in Markdown instead (**bold**, *italic*, [text](address))"
    )
    assert warned[1].message.startswith("sections[1].items[0].summary: the HTML <div class='x'> is shown")
    result = run_cli("check", "editions/x.yaml", cwd=project)
    assert result.returncode == 1
    assert "editions/x.yaml:4:1: error: raw-html: intro: the HTML <b>, </b> is shown" in result.stdout
    assert "editions/x.yaml:12:9: error: raw-html: sections[1].items[0].summary: the HTML <div" in result.stdout


def test_raw_html_in_the_series_file_is_placed_there(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8").replace("about: >-\n", "about: >-\n  <!-- to do -->\n"), "utf-8")
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(MINIMAL + "  - kind: about\n", "utf-8")
    found = findings(manifest, project, "raw-html")
    line = next(n for n, t in enumerate(series.read_text("utf-8").splitlines(), 1) if t.startswith("about:"))
    assert placed(found) == [("sharper.series.yaml", line, 1, ERROR)]
    assert found[0].message.startswith("about: the HTML <!-- to do --> The CNAS Sharper serie... is shown to ")


def test_what_is_not_raw_html() -> None:
    from briefkit.manifest.markdown import raw_html

    assert raw_html("a < b, <https://x.org/>, <me@x.org>, `<b>`, &lt;b&gt; and 3 <4") == []
    assert raw_html("one <br/> two <span>3</span>") == ["<br/>", "<span>", "</span>"]


# -- the PDF's warnings ------------------------------------------------------------------------------------------


def test_every_pdf_warning_of_render_is_in_check(project: Path) -> None:
    theme = own_theme(project)
    (theme / "print.css").write_text((theme / "print.css").read_text("utf-8") + "\np { colr: red; }\n", "utf-8")
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(
        MINIMAL.replace("title: A Test Edition", "title: A Test Edition 🚢")
        + "  - kind: features\n    items:\n      - title: One\n        url: https://www.cnas.org/one\n"
        "        summary: Once.\n        image: {src: 'https://pictures.cnas.org/p.png', alt: A ship}\n",
        "utf-8",
    )
    rendered = render(manifest, ["pdf"], outbox=project / "elsewhere").warnings
    pdf_checks = {"picture", "pdf-glyphs", "pdf-stylesheet"}
    assert {f.check for f in rendered} == pdf_checks
    found = check([manifest], project).editions[0].findings
    for warning in rendered:  # each said in check: the same words, or (a glyph) the same character, where written
        if warning.check == "pdf-glyphs":
            assert any(f.check == "glyphs" and "'🚢' (U+1F6A2)" in f.message for f in found)
        else:
            assert any(f.check == warning.check and f.message.startswith(warning.message) for f in found), warning
    picture = next(f for f in found if f.check == "picture")
    assert (picture.where, picture.level) == (Location(manifest, 13, 23), ERROR)
    assert picture.message.startswith("the PDF did not load https://pictures.cnas.org/p.png: ")
    assert picture.message.endswith("give the picture a file: (a copy in the project), or put its host in the "
                                    "series' pdf: allowed_hosts:")  # fmt: skip
    glyphs = [f for f in found if f.check == "glyphs"]
    assert placed(glyphs) == [("x.yaml", 3, 23, ERROR)]  # once, though the PDF and the fonts both say it
    sheet = next(f for f in found if f.check == "pdf-stylesheet")
    assert (sheet.where.path, sheet.level) == (theme / "print.css", WARNING)
    assert not (project / "outbox").exists()  # check writes nothing


def test_a_picture_the_email_cannot_show_is_an_error(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8").replace("archive_url: https://www.cnas.org/sharper\n", ""), "utf-8")
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(
        MINIMAL + "  - kind: features\n    items:\n      - title: One\n        url: https://www.cnas.org/one\n"
        "        summary: Once.\n        image: {file: ../images/eurasia-banner.svg, alt: A banner}\n",
        "utf-8",
    )
    warned = [f for f in render(manifest, ["email"], outbox=project / "elsewhere").warnings if f.check == "picture"]
    found = findings(manifest, project, "picture")
    assert [f.message for f in found] == [f.message for f in warned] and len(found) == 1  # the render's words
    assert found[0].where.path.name == "x.yaml" and found[0].where.line == 13 and found[0].level == ERROR


def test_the_samples_still_pass(series: Path) -> None:
    result = run_cli("check", cwd=series)
    assert result.returncode == 0, result.stdout
    assert not re.search(r": error: ", result.stdout)
