"""The house style's sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefkit.api import load_edition
from briefkit.edition import wording


@pytest.mark.parametrize(
    ("names", "prose", "byline"),
    [
        (["A"], "A", "By A"),
        (["A", "B"], "A and B", "By A & B"),
        (["A", "B", "C"], "A, B, and C", "By A, B & C"),
        ([], "", ""),
    ],
)
def test_names(names: list[str], prose: str, byline: str) -> None:
    assert wording.names_in_prose(names) == prose
    assert wording.byline(names) == byline


def test_verb_agrees_unless_given() -> None:
    assert wording.agreeing_verb(None, ["A"]) == "argues"
    assert wording.agreeing_verb(None, ["A", "B"]) == "argue"
    assert wording.agreeing_verb("writes", ["A", "B"]) == "writes"


def test_teaser_is_cut_at_a_word_boundary() -> None:
    text = "The importance of securing the maritime domain is rapidly increasing."
    assert wording.cut_teaser(text, 200) == text
    assert wording.cut_teaser(text, 30) == "The importance of securing..."
    assert len(wording.cut_teaser(text, 30)) <= 30


def test_teaser_cuts_only_between_words() -> None:
    text = "The importance of securing the maritime domain is rapidly increasing."
    assert wording.cut_teaser(text, 25) == "The importance of..."  # not "The importance of secu..."
    for limit in range(12, len(text)):
        kept = wording.cut_teaser(text, limit).removesuffix("...")
        assert text.startswith(kept) and text[len(kept)] in " ,.", (limit, kept)


def test_teaser_never_exceeds_the_limit() -> None:
    text = "word, " * 100
    for limit in range(10, 80):
        cut = wording.cut_teaser(text, limit)
        assert len(cut) <= limit and cut.endswith("...") and ",..." not in cut


def test_a_length_cut_is_exactly_the_length_and_keeps_what_falls_there() -> None:
    """teaser_cut: length gives exactly ``limit`` characters: the first ``limit - 3`` as written, then '...'; a
    space or a full stop at the cut stays, as the publisher prints it (seed 003: "...the fundamental security ...",
    178 characters)."""
    text = "The importance of securing the maritime domain is rapidly increasing."
    assert wording.cut_teaser(text, 34, "length") == "The importance of securing the ..."
    assert wording.cut_teaser(text, 40, "length") == "The importance of securing the mariti..."
    assert wording.cut_teaser("Done. And more words follow here.", 10, "length") == "Done. A..."
    assert wording.cut_teaser("Done. And more words follow here.", 8, "length") == "Done...."
    for limit in range(10, len(text)):
        cut = wording.cut_teaser(text, limit, "length")
        assert len(cut) == limit and cut == text[: limit - 3] + "...", limit
    seed = (
        "From Washington\u2019s Farewell Address to Biden\u2019s national security strategy, the core U.S. national "
        "interest, unsurprisingly, has not changed: to ensure the fundamental security of the American people."
    )
    assert wording.cut_teaser(seed, 178, "length").endswith("to ensure the fundamental security ...")


def test_a_word_cut_still_drops_the_space_and_punctuation_before_the_ellipsis() -> None:
    text = "The importance of securing the maritime domain is rapidly increasing."
    assert wording.cut_teaser(text, 34) == "The importance of securing the..."


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Chinese and Russian interests abroad.", "Chinese and Russian interests abroad...."),
        ("Chinese and Russian interests abroad", "Chinese and Russian interests abroad..."),
        ("Is it over?", "Is it over?..."),
        ("Already trailing off...", "Already trailing off..."),
    ],
)
def test_ellipsis_always_keeps_the_texts_own_final_punctuation(text: str, shown: str) -> None:
    assert wording.cut_teaser(text, 200, ellipsis="always") == shown
    assert wording.cut_teaser(text, 200, "length", "always") == shown
    assert wording.cut_teaser(text, 200) == text  # when_cut: a teaser that fits is left as written


def test_ellipsis_always_on_a_cut_teaser_adds_no_second_ellipsis() -> None:
    text = "The importance of securing the maritime domain is rapidly increasing."
    assert wording.cut_teaser(text, 34, "word", "always") == "The importance of securing the..."
    assert wording.cut_teaser(text, 34, "length", "always") == "The importance of securing the ..."


def test_dates() -> None:
    date = dt.date(2021, 3, 31)
    assert wording.format_date(date, "{month} {day}, {year}") == "March 31, 2021"
    assert wording.format_date(date, "{weekday}, {day} {month} {year}") == "Wednesday, 31 March 2021"


def test_title_pattern_interprets_only_title() -> None:
    assert wording.fill_title("Sharper: {title} {name} {0}", "X") == "Sharper: X {name} {0}"


def test_a_series_that_writes_no_date_format_dates_in_its_languages_own_long_form(sample: Path) -> None:
    project = sample.parent.parent
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8")
    assert "date_format" not in text
    series.write_text(text.replace("\nlang: en\n", "\n") + "lang: de\n", "utf-8")
    edition, _, _ = load_edition(sample)
    assert edition.date_text == "31. März 2021"
    series.write_text(series.read_text("utf-8") + 'date_format: "{day}. {month} {year}, {weekday}"\n', "utf-8")
    edition, _, _ = load_edition(sample)
    assert edition.date_text == "31. März 2021, Mittwoch"  # a format the series writes is kept, in its language
