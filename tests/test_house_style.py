"""The variations real digests use, each seen in all four outputs: email, plain text, PDF (its print HTML) and
the feed entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.api import load_edition, render, render_outputs
from briefkit.errors import BriefkitError
from briefkit.render.feed_entry import entry_content
from briefkit.render.pdf import print_html

from conftest import run_cli

HEAD = """\
series: sharper.series.yaml
date: 2020-04-09
title: A House Style
intro: "Words."
"""


def outputs(project: Path, manifest_text: str) -> dict[str, str]:
    manifest = project / "editions" / "x.yaml"
    manifest.write_text(manifest_text, "utf-8")
    edition, theme, _ = load_edition(manifest)
    files = render_outputs(edition, theme, ["email", "text"]).files
    return {
        "email": files["email.html"].decode("utf-8"),
        "text": " ".join(files["email.txt"].decode("utf-8").split()),
        "print": print_html(edition, theme),
        "feed": entry_content(edition, theme),
    }


def in_all(found: dict[str, str], *texts: str) -> None:
    for name, output in found.items():
        for text in texts:
            assert text in output, f"{text!r} is not in the {name}"


@pytest.mark.parametrize(
    ("date_format", "lang", "shown"),
    [
        ("{month} {day_padded}, {year}", "en", "April 09, 2020"),
        ("{weekday}, {month} {day_ordinal}", "en", "Thursday, April 9th"),
        ("{day} {month} {year}", "fr", "9 avril 2020"),
        ("{weekday} {day} {month} {year}", "de", "Donnerstag 9 April 2020"),
    ],
)
def test_date_formats(project: Path, date_format: str, lang: str, shown: str) -> None:
    news = "sections:\n  - kind: in_the_news\n    people: [A. Person]\n"
    found = outputs(project, HEAD + f'date_format: "{date_format}"\nlang: {lang}\n' + news)
    in_all({k: v for k, v in found.items() if k != "feed"}, shown)  # the feed entry carries no date line


def test_ordinals() -> None:
    from briefkit.edition.wording import ordinal

    assert [ordinal(d) for d in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"
    ]  # fmt: skip


QUOTES = """\
sections:
  - kind: commentaries
    items:
      - title: A Commentary
        url: https://example.org/c
        quote:
          text: "The partnership is deepening"
          continued: "and Washington should plan for it."
          authors: Jane Doe
          venue: Outlet
          order: names_first
"""


def test_names_first_split_quotes(project: Path) -> None:
    found = outputs(project, HEAD + QUOTES)
    in_all(found, "The partnership is deepening,", "Jane Doe argues in Outlet.", "and Washington should plan for it.")
    series_wide = outputs(
        project, HEAD + "quote_order: names_first\n" + QUOTES.replace("          order: names_first\n", "")
    )
    in_all(series_wide, "Jane Doe argues in Outlet.")


def test_continued_needs_the_attribution_after(project: Path) -> None:
    (project / "editions" / "x.yaml").write_text(HEAD + QUOTES + "          attribution: before\n", "utf-8")
    result = run_cli("render", "editions/x.yaml", cwd=project)
    assert result.returncode == 2
    assert (
        "sections[0].items[0].quote.continued: a quote with its attribution before it cannot continue" in result.stderr
    )


def test_quotation_marks_pasted_with_a_quote_are_not_doubled(project: Path) -> None:
    text = HEAD + QUOTES.replace('text: "The partnership is deepening"', "text: “The partnership is deepening”")
    (project / "editions" / "x.yaml").write_text(text, "utf-8")
    result = render(project / "editions" / "x.yaml", ["text"])
    assert [w.check for w in result.warnings if "the quotation has its own marks “...”" in w.message] == ["quote-marks"]
    txt = (project / "outbox" / "x" / "email.txt").read_text("utf-8")
    assert '"The partnership is deepening,"' in txt and "“" not in txt


def test_label_separators_per_item(project: Path) -> None:
    found = outputs(
        project,
        HEAD
        + """\
sections:
  - kind: features
    items:
      - {title: The Report, url: "https://example.org/r", label: Report, label_separator: ": ", summary: S.}
      - {title: The Event, url: "https://example.org/e", label: Event, summary: S.}
""",
    )
    in_all(found, "Report: ", "Event | ")


def test_edition_byline_beside_or_instead_of_the_tagline(project: Path) -> None:
    news = "sections:\n  - kind: in_the_news\n    people: [A. Person]\n"
    beside = outputs(project, HEAD + "byline: [Ann Author, Ben Writer, Cai Editor]\n" + news)
    in_all(beside, "By Ann Author, Ben Writer, and Cai Editor", "Analysis from CNAS experts")
    instead = outputs(project, HEAD + "byline: Ann Author\nbyline_join: ampersand\ntagline: ~\n" + news)
    in_all(instead, "By Ann Author")
    for output in instead.values():
        assert "Analysis from CNAS experts" not in output
    empty = outputs(project, HEAD + "tagline:\n" + news)
    for output in empty.values():
        assert "Analysis from CNAS experts" not in output


def test_a_lead_in_under_any_heading(project: Path) -> None:
    found = outputs(
        project,
        HEAD
        + """\
sections:
  - kind: in_the_news
    lead_in: Our experts were *busy* this week.
    people: [A. Person]
  - kind: about
    lead_in: Why we write.
""",
    )
    in_all(found, "Why we write.")
    in_all({k: v for k, v in found.items() if k != "text"}, "<em>busy</em>")
    assert "Our experts were busy this week." in found["text"]


def test_listing_items_with_label_date_and_no_title(project: Path) -> None:
    found = outputs(
        project,
        HEAD
        + """\
sections:
  - kind: listing
    items:
      - {title: A Report, url: "https://example.org/a", label: Report, label_separator: ": ", date: March 2020}
      - {label: Podcast, url: "https://example.org/p", teaser: An episode.}
""",
    )
    in_all(found, "Report: ", "A Report", "March 2020", "Podcast", "An episode.")
    assert '<a href="https://example.org/p" rel="noopener noreferrer">Podcast</a>' in found["feed"]


def test_a_listing_item_needs_a_title_or_a_label(project: Path) -> None:
    text = HEAD + "sections:\n  - kind: listing\n    items:\n      - {url: 'https://example.org/a'}\n"
    (project / "editions" / "x.yaml").write_text(text, "utf-8")
    with pytest.raises(BriefkitError, match="title: is missing; add 'title:' \\(or a 'label:' to show alone\\)"):
        render(project / "editions" / "x.yaml")


TEASER = "The importance of securing the maritime domain is rapidly increasing"


@pytest.mark.parametrize(
    ("settings", "shown"),
    [
        ("teaser_length: 40\n", "The importance of securing the..."),
        ("teaser_length: 40\nteaser_cut: length\n", "The importance of securing the mariti..."),
        ("teaser_length: 100\nteaser_ellipsis: always\n", TEASER + "..."),
    ],
)
def test_teaser_rules(project: Path, settings: str, shown: str) -> None:
    listing = f"sections:\n  - kind: listing\n    items:\n      - {{title: T, url: 'https://example.org/a', teaser: {TEASER}}}\n"
    in_all(outputs(project, HEAD + settings + listing), shown)


def test_smart_typography_in_prose_never_in_addresses_or_code(project: Path) -> None:
    found = outputs(
        project,
        """\
series: sharper.series.yaml
date: 2020-04-09
title: "Russia's \\"Pivot\\" -- Again..."
typography: smart
intro: 'It is "done" -- or is it --- really... See [the "report"](https://example.org/a--b...c) and `x -- "y"`.'
sections:
  - kind: in_the_news
    people: [A. Person]
""",
    )
    in_all({k: v for k, v in found.items() if k != "feed"}, "Russia’s “Pivot” – Again…")  # feeds carry it in <title>
    for name in ("email", "print", "feed"):
        assert "It is “done” – or is it — really…" in found[name]
        assert "https://example.org/a--b...c" in found[name]
        assert "<code>x -- " in found[name] and "“y”" not in found[name]
    plain = outputs(project, HEAD + "sections:\n  - kind: in_the_news\n    people: [A. Person]\n")
    assert "Russia’s" not in plain["email"]
