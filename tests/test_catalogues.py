"""The theme's fixed words come from a gettext catalogue per language (templates/sharper/locale/*.po): every msgid
of the templates and of briefkit's Python is in each shipped language; a French, German, Spanish or Arabic edition
shows no English word of briefkit's own; a theme overrides a message; a missing one is a located warning."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from briefkit.api import load_edition, render_outputs
from briefkit.manifest.series_fields import HEADINGS
from briefkit.render.pdf import print_html

from conftest import REPO, SAMPLE

LOCALE = REPO / "templates" / "sharper" / "locale"
LANGS = ("en", "fr", "de", "es", "ar")
PROPER = {"PDF", "RSS", "Atom", "s"}  # names, and the %(name)s placeholders' letter


def _extracted() -> set[str]:
    """Every msgid the shipped theme's templates and briefkit's Python mark, by Babel's extractors."""
    found: set[str] = set()
    method_map = [("**.py", "python")]
    for _path, _line, message, _comments, _context in extract_from_dir(REPO / "briefkit", method_map):
        found.add(message[0] if isinstance(message, tuple) else message)
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    templates = [(f"**{suffix}", "jinja2") for suffix in (".mjml", ".html", ".txt")]
    for _path, _line, message, _comments, _context in extract_from_dir(
        REPO / "templates" / "sharper", templates, options_map={pattern: options for pattern, _ in templates}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _defaults() -> set[str]:
    """The manifest's default words build.py says in the edition's language: headings, the in-the-news lead."""
    headings = {field.default for field in HEADINGS.fields if field.default}
    return headings | {"Featuring commentary and analysis by"}


def _catalogue(lang: str) -> dict[str, tuple[str, ...]]:
    with (LOCALE / f"{lang}.po").open("rb") as file:
        catalog = read_po(file)
    out = {}
    for message in catalog:
        if message.id and not message.fuzzy:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            out[key] = tuple(forms)
    return out


def test_the_extraction_sees_the_templates_and_the_python() -> None:
    found = _extracted()
    assert {"View in browser", "Unsubscribe", "Page %(page)s of %(pages)s", "By %(names)s", "argues"} <= found


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_in_each_shipped_language(lang: str) -> None:
    catalogue = _catalogue(lang)
    lacking = sorted(msgid for msgid in _extracted() | _defaults() if not all(catalogue.get(msgid, ("",))))
    assert lacking == [], f"{lang}.po lacks {lacking}"


def test_the_english_catalogue_is_the_source_words() -> None:
    for msgid, forms in _catalogue("en").items():
        assert forms[0] == msgid


@pytest.mark.parametrize("lang", LANGS[1:])
def test_each_translation_keeps_the_places_of_its_message(lang: str) -> None:
    for msgid, forms in _catalogue(lang).items():
        places = sorted(re.findall(r"%\((\w+)\)s", msgid))
        for form in forms:
            assert sorted(re.findall(r"%\((\w+)\)s", form)) == places, (lang, msgid, form)


# -- no English word of briefkit's own in an edition in another language -----------------------------------------

FRENCH_EDITION = """\
series: sharper.series.yaml
date: 2021-05-04
lang: {lang}
title: Arktis
byline: [Anna Pederson, Carisa Nietsche]
intro: Zzz qqq.
sections:
  - kind: features
    items:
      - title: Xyz
        url: https://example.org/a
        summary: Zzz qqq.
        image: {{src: https://example.org/p.png, alt: Qqq}}
  - kind: commentaries
    items:
      - title: Xyz
        url: https://example.org/b
        quote: {{text: Zzz qqq, authors: [Samuel Bendett, Elsa Kania], venue: Wotr, attribution: before}}
      - title: Xyz
        url: https://example.org/c
        quote: {{text: Zzz qqq, authors: [Samuel Bendett]}}
  - kind: in_the_news
    people: [Andrea Kendall-Taylor, Carisa Nietsche, Jim Townsend]
  - kind: about
    text: Zzz qqq.
  - kind: subscribe
    text: Zzz qqq.
    url: https://example.org/s
  - kind: listing
    items:
      - {{title: Xyz, url: "https://example.org/d", teaser: Zzz qqq, authors: [Anna Pederson, Jim Townsend]}}
"""

SERIES_WORDS = (
    "Sharper",
    "CNAS",
    "Center",
    "New",
    "American",
    "Security",
    "Street",
    "NW",
    "Suite",
    "Washington",
    "DC",
    "for",
    "a",
)


def _project(tmp_path: Path, lang: str) -> Path:
    """A copy of the sample project with an edition in ``lang`` whose own words are no English words, and a series
    file whose headings, about and subscribe texts are left to the theme."""
    project = tmp_path / "project"
    shutil.copytree(SAMPLE.parent.parent, project, ignore=shutil.ignore_patterns("outbox", ".briefkit-*"))
    series = project / "editions" / "sharper.series.yaml"
    text = series.read_text("utf-8")
    text = re.sub(r"headings:\n(  .*\n)+", "", text)
    text = re.sub(r"tagline: .*\n", "", text)
    series.write_text(re.sub(r"  button: .*\n", "", text), "utf-8")
    manifest = project / "editions" / "2021-05-04-arktis.yaml"
    manifest.write_text(FRENCH_EDITION.format(lang=lang), "utf-8")
    return manifest


def _english_words() -> set[str]:
    """The words of briefkit's English messages."""
    words: set[str] = set()
    for msgid, forms in _catalogue("en").items():
        for form in (*forms, msgid):
            words |= set(re.findall(r"[A-Za-z]+", re.sub(r"%\(\w+\)s", " ", form)))
    return words


def _shown_words(manifest: Path) -> str:
    edition, theme, _ = load_edition(manifest)
    outputs = render_outputs(edition, theme, ["email", "text"]).files
    html = outputs["email.html"].decode("utf-8") + print_html(edition, theme)
    said_in_css = " ".join(re.findall(r'content: ("[^;]*);', html))  # the page numbers' words
    html = re.sub(r"<style.*?</style>|<[^>]*>|https?://\S+|&\w+;", " ", html, flags=re.S) + said_in_css
    return html + outputs["email.txt"].decode("utf-8")


@pytest.mark.parametrize("lang", LANGS[1:])
def test_an_edition_in_another_language_shows_no_english_word_of_briefkits(tmp_path: Path, lang: str) -> None:
    manifest = _project(tmp_path, lang)
    own = {word for forms in _catalogue(lang).values() for form in forms for word in re.findall(r"\w+", form)}
    english = _english_words() - own - PROPER - set(SERIES_WORDS)
    shown = set(re.findall(r"[A-Za-z]+", re.sub(r"https?://\S+|\S+@\S+", " ", _shown_words(manifest))))
    assert sorted(shown & english) == []
    if lang == "fr":
        assert '"Page " counter(page) " sur " counter(pages) ""' in _shown_words(manifest)


def test_the_english_edition_shows_them(tmp_path: Path) -> None:
    """The same check finds the English words in the English edition: it can fail."""
    manifest = _project(tmp_path, "en")
    shown = set(re.findall(r"[A-Za-z]+", _shown_words(manifest)))
    assert {"View", "browser", "Unsubscribe", "By", "and", "argue", "argues", "that", "Features"} <= shown


def test_arabic_says_argue_in_its_plural_forms(tmp_path: Path) -> None:
    edition, _, _ = load_edition(_project(tmp_path, "ar"))
    quotes = [item.quote.attribution for s in edition.sections if s.kind == "commentaries" for item in s.items]
    assert quotes == ["Samuel Bendett وElsa Kania يريان في Wotr", "يرى Samuel Bendett"]
    assert edition.footer.sent_by.startswith("يرسل CNAS Sharper")


# -- a theme's own words, and a word a language lacks ---------------------------------------------------------------


def test_a_theme_overrides_a_message_and_adds_its_own(tmp_path: Path) -> None:
    manifest = _project(tmp_path, "fr")
    locale = manifest.parent.parent / "templates" / "sharper" / "locale"
    project_theme = manifest.parent.parent / "templates" / "sharper"
    shutil.rmtree(project_theme, ignore_errors=True)  # only what the project changes
    locale.mkdir(parents=True)
    (locale / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Unsubscribe"\nmsgstr "Ne plus recevoir Sharper"\n',
        "utf-8",
    )
    shown = _shown_words(manifest)
    assert "Ne plus recevoir Sharper" in shown
    assert "Voir dans le navigateur" in shown  # the rest from briefkit's fr.po
    assert "Se désabonner" not in shown.split("Se désabonner\u00a0:")[0]


def test_a_missing_message_is_a_located_warning_and_said_in_english(tmp_path: Path) -> None:
    manifest = _project(tmp_path, "fr")
    project_theme = manifest.parent.parent / "templates" / "sharper"
    shutil.rmtree(project_theme, ignore_errors=True)
    project_theme.mkdir(parents=True)
    (project_theme / "top-words.txt").write_text('{{ _("Read slowly") }}\n', "utf-8")
    from briefkit.edition.prepare import prepare

    prepared = prepare(manifest)
    missing = [w for w in prepared.warnings if w.check == "message-missing"]
    assert [(w.where.path.name, w.where.line) for w in missing] == [("top-words.txt", 1)]
    assert "'Read slowly'" in missing[0].message and "fr" in missing[0].message
    assert "Read slowly" in _shown_words(manifest)


def test_a_language_without_a_catalogue_is_said_in_english_with_a_warning_at_lang(tmp_path: Path) -> None:
    manifest = _project(tmp_path, "it")
    from briefkit.edition.prepare import prepare

    prepared = prepare(manifest)
    missing = [w for w in prepared.warnings if w.check == "message-missing"]
    assert missing and all(w.where.path == manifest and w.where.line == 3 for w in missing)
    assert "View in browser" in _shown_words(manifest)


@pytest.mark.parametrize("po", sorted(LOCALE.glob("*.po")), ids=lambda p: p.name)
def test_each_shipped_catalogue_reads_cleanly_with_as_many_plural_forms_as_its_language_has(po: Path) -> None:
    with po.open("rb") as file:
        catalogue = read_po(file, abort_invalid=True)  # a line Babel cannot place raises, not a printed warning
    for message in catalogue:
        if message.id and message.pluralizable:
            assert isinstance(message.string, tuple) and len(message.string) == catalogue.num_plurals, message.id
