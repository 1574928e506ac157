"""Corrections (`corrections:`): the notice on the archive page and in the PDF, the feeds' update semantics read
back with feedparser, the message telling readers in every form, the sent email unchanged, check's reminder, and
located errors."""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
import test_merge_tags as merge_tags
from pypdf import PdfReader

from briefkit.api import Finding, build, check, load_edition, render
from briefkit.edition.model import Correction
from briefkit.manifest.markdown import parse
from briefkit.render.outputs import render_outputs

from conftest import SAMPLE, SECOND, deliver, run_cli

CORRECTION = """
corrections:
  - date: 2021-04-03
    text: An earlier version gave the wrong title for the **lead report**.
"""
SECOND_CORRECTION = """  - date: 2021-04-09
    text: The listing's second entry linked to the wrong page.
"""
SLUG = SAMPLE.stem
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def two(project: Path) -> Path:
    """A project with two published editions; returns the manifest of the newer one (the one corrected)."""
    for manifest in (SAMPLE, SECOND):
        shutil.copy(manifest, project / "editions")
        lock = manifest.with_name(manifest.stem + ".lock.json")
        if lock.exists():
            shutil.copy(lock, project / "editions")
    return project / "editions" / SAMPLE.name


def _correct(manifest: Path, text: str = CORRECTION) -> None:
    manifest.write_text(manifest.read_text("utf-8") + text, "utf-8")


def _entries(project: Path, name: str) -> dict[str, feedparser.FeedParserDict]:
    parsed = feedparser.parse((project / "outbox" / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {entry.id: entry for entry in parsed.entries}


def test_a_correction_updates_the_feed_entry_and_adds_none(two: Path) -> None:
    project = two.parent.parent
    assert not build(project, ["email"], jobs=1).failed
    atom_before, rss_before = _entries(project, "atom.xml"), _entries(project, "feed.xml")
    feed_updated_before = feedparser.parse((project / "outbox" / "atom.xml").read_bytes()).feed.updated
    _correct(two)
    assert not build(project, ["email"], jobs=1).failed
    atom_after, rss_after = _entries(project, "atom.xml"), _entries(project, "feed.xml")
    assert atom_after.keys() == atom_before.keys() and rss_after.keys() == rss_before.keys()  # no new entry
    corrected = next(key for key in atom_after if SLUG in key)
    before, after = atom_before[corrected], atom_after[corrected]
    assert after.published == before.published == "2021-03-31T00:00:00-04:00"
    assert before.updated == before.published
    assert after.updated == "2021-04-03T00:00:00-04:00"
    assert after.summary.startswith("Correction, April 3, 2021: An earlier version gave the wrong title")
    other = next(key for key in atom_after if SLUG not in key)
    assert atom_after[other].updated == atom_before[other].updated  # the other edition is as it was
    feed = feedparser.parse((project / "outbox" / "atom.xml").read_bytes()).feed
    assert feed_updated_before == "2021-03-31T00:00:00-04:00" and feed.updated == "2021-04-03T00:00:00-04:00"
    rss = rss_after[corrected]
    assert rss.id == rss_before[corrected].id and rss.published == rss_before[corrected].published
    assert rss.summary.startswith("Correction, April 3, 2021: An earlier version gave the wrong title")
    assert rss.summary.endswith(" " + rss_before[corrected].summary)  # the notice, then the description as it was


def _lastmods(project: Path) -> dict[str, str]:
    root = ET.parse(project / "outbox" / "web" / "sitemap.xml").getroot()
    return {
        url.findtext(f"{SITEMAP}loc", ""): url.findtext(f"{SITEMAP}lastmod", "") for url in root.iter(f"{SITEMAP}url")
    }


def test_the_sitemap_dates_a_corrected_page_by_its_latest_correction(two: Path) -> None:
    project = two.parent.parent
    assert not build(project, ["email"], jobs=1).failed
    before = _lastmods(project)
    page = next(address for address in before if address.endswith(f"/{SLUG}/"))
    assert before[page] == "2021-03-31"
    _correct(two, CORRECTION + SECOND_CORRECTION)
    assert not build(project, ["email"], jobs=1).failed
    after = _lastmods(project)
    assert after == {**before, page: "2021-04-09"}  # the other pages and the index as they were


def test_the_atom_entrys_content_carries_the_notice_before_the_edition(two: Path) -> None:
    project = two.parent.parent
    assert not build(project, ["email"], jobs=1).failed
    content = next(e for key, e in _entries(project, "atom.xml").items() if SLUG in key).content[0].value
    assert "Correction" not in content
    _correct(two)
    assert not build(project, ["email"], jobs=1).failed
    corrected = next(e for key, e in _entries(project, "atom.xml").items() if SLUG in key).content[0].value
    notice, rule = corrected.index("<p><strong>Correction, April 3, 2021:</strong></p>"), corrected.index("<hr")
    assert notice < corrected.index("<strong>lead report</strong>") < rule
    assert rule < corrected.index("Cooperation between Russia and China")
    after = corrected.index(">", rule) + 1
    assert (corrected[:notice] + corrected[after:]).split() == content.split()  # the rest as it was
    _correct(two, SECOND_CORRECTION)
    assert not build(project, ["email"], jobs=1).failed
    both = next(e for key, e in _entries(project, "atom.xml").items() if SLUG in key).content[0].value
    assert "<h2>Corrections</h2>" in both
    assert both.index("April 3, 2021:") < both.index("April 9, 2021:") < both.index("<hr")


def test_several_corrections_are_all_said_and_the_latest_dates_the_entry(two: Path) -> None:
    project = two.parent.parent
    _correct(two, CORRECTION + SECOND_CORRECTION)
    assert not build(project, ["email"], jobs=1).failed
    entry = next(e for key, e in _entries(project, "atom.xml").items() if SLUG in key)
    assert entry.updated == "2021-04-09T00:00:00-04:00"
    assert entry.summary.startswith("Corrections: April 3, 2021: An earlier version")
    assert "April 9, 2021: The listing's second entry" in entry.summary
    page = (project / "outbox" / "web" / SLUG / "index.html").read_text("utf-8")
    assert re.search(r"<h2>Corrections</h2>", page)
    assert page.index("April 3, 2021") < page.index("April 9, 2021") < page.index('class="intro"')


def test_the_archive_page_and_the_pdf_show_the_notice_at_the_top(two: Path) -> None:
    project = two.parent.parent
    _correct(two)
    assert not build(project, ["email", "pdf"], jobs=1).failed
    page = (project / "outbox" / "web" / SLUG / "index.html").read_text("utf-8")
    notice = page.index("Correction, April 3, 2021:")
    assert page.index("</header>") < notice < page.index('class="intro"')
    assert "<strong>lead report</strong>" in page[notice:]
    pdf = PdfReader(io.BytesIO((project / "outbox" / SLUG / "edition.pdf").read_bytes()))
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "Correction, April 3, 2021: An earlier version gave the wrong title for the lead report." in first
    assert first.index("Correction, April 3, 2021") < first.index("Cooperation between Russia and China")


def test_the_email_as_sent_stays_byte_identical(two: Path) -> None:
    project = two.parent.parent
    before = render(two, ["email", "text", "eml"])
    files = {path.name: path.read_bytes() for path in before.written}
    _correct(two)
    after = render(two, ["email", "text", "eml"])
    assert {path.name: path.read_bytes() for path in after.written} == files
    assert (project / "outbox" / SLUG / "email.eml").read_bytes() == files["email.eml"]


def test_the_correction_message_in_every_form(two: Path) -> None:
    project = two.parent.parent
    deliver(project, "mailchimp", "  list: abc123\n")
    _correct(two)
    result = render(two, ["correction"])
    folder = project / "outbox" / SLUG / "correction"
    assert sorted(path.relative_to(folder).as_posix() for path in result.written) == [
        "campaign.json",
        "email.eml",
        "email.html",
        "email.txt",
    ]
    page = "https://www.cnas.org/sharper/2021-03-31-the-beijing-moscow-partnership/"
    html = (folder / "email.html").read_text("utf-8")
    assert "Correction, April 3, 2021:" in html and "<strong>lead report</strong>" in html
    assert f'href="{page}"' in html and "Read the corrected edition" in html
    text = (folder / "email.txt").read_text("utf-8")
    assert "Correction, April 3, 2021:" in text and f"Read the corrected edition: {page}" in text
    message = email.message_from_bytes((folder / "email.eml").read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Correction: Sharper: The Beijing-Moscow Partnership"
    assert message["Date"] == "Sat, 03 Apr 2021 09:00:00 -0400"
    sent = email.message_from_bytes((render(two, ["eml"]).written[0]).read_bytes(), policy=email.policy.default)
    assert message["Message-ID"] != sent["Message-ID"] and ".correction." in message["Message-ID"]
    plain = message.get_body(("plain",))
    assert plain is not None and "Correction, April 3, 2021:" in plain.get_content()
    campaign = json.loads((folder / "campaign.json").read_text("utf-8"))
    settings = campaign["campaign"]["settings"]
    assert settings["subject_line"] == "Correction: Sharper: The Beijing-Moscow Partnership"
    assert settings["title"].startswith("Correction: ")  # not the edition's campaign's name
    assert "Correction, April 3, 2021:" in campaign["content"]["html"]
    # The same correction gives the same message, to the byte; it stays out of the feeds and the archive.
    again = render(two, ["correction"])
    assert {p: p.read_bytes() for p in again.written} == {p: p.read_bytes() for p in result.written}
    assert not (project / "outbox" / "web").exists()


def test_a_build_makes_the_message_for_the_corrected_editions_alone(two: Path) -> None:
    project = two.parent.parent
    _correct(two)
    assert not build(project, ["email", "correction"], jobs=1).failed
    made = sorted(p.relative_to(project / "outbox").as_posix() for p in (project / "outbox").rglob("correction/*"))
    assert made == [f"{SLUG}/correction/email.eml", f"{SLUG}/correction/email.html", f"{SLUG}/correction/email.txt"]


def test_a_correction_message_for_an_edition_without_corrections_is_a_located_error(two: Path) -> None:
    done = run_cli("render", str(two), "--format", "correction", cwd=two.parent.parent)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--format: corrections: --format correction tells readers of the edition's latest correction" in (
        done.stderr
    )


def test_a_correction_dated_before_the_edition_is_a_located_error(two: Path) -> None:
    _correct(two, CORRECTION.replace("2021-04-03", "2021-03-30"))
    line = two.read_text("utf-8").splitlines().index("  - date: 2021-03-30") + 1
    done = run_cli("render", str(two), "--format", "email", cwd=two.parent.parent)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{two.name}:{line}:5: corrections[0].date: 2021-03-30 is before the edition's date, 2021-03-31" in (
        done.stderr
    )


def test_check_reminds_of_changed_words_without_a_correction(two: Path) -> None:
    project = two.parent.parent
    assert not build(project, ["email"], jobs=1).failed
    assert not _reminders(two, project)  # as published
    two.write_text(two.read_text("utf-8").replace("Cooperation between Russia", "Cooperation between Moscow"))
    reminders = _reminders(two, project)
    assert [(f.where.path.name, f.where.line, f.level) for f in reminders] == [(two.name, 1, "warning")]
    assert "no correction was added" in reminders[0].message
    _correct(two)
    assert not _reminders(two, project)  # a correction was added
    assert not build(project, ["email"], jobs=1).failed
    assert not _reminders(two, project)  # published again with it


def test_check_reminds_nobody_of_a_draft(two: Path) -> None:
    project = two.parent.parent
    assert not build(project, ["email"], jobs=1).failed
    two.write_text(two.read_text("utf-8").replace("Cooperation between Russia", "Cooperation between Moscow"))
    two.write_text(two.read_text("utf-8") + "status: draft\n")
    assert not _reminders(two, project)


def test_check_knows_nothing_of_an_edition_never_built(two: Path) -> None:
    assert not _reminders(two, two.parent.parent)


def _reminders(manifest: Path, project: Path) -> list[Finding]:
    [checked] = check([manifest], project).editions
    assert not checked.problem, checked.problem
    return [finding for finding in checked.findings if finding.check == "correction"]


@pytest.mark.parametrize("service", merge_tags.SERVICES)
def test_no_word_of_a_correction_becomes_a_live_tag(tmp_path: Path, service: str) -> None:
    """The correction message goes through the email's hand-over: the hostile words of tests/test_merge_tags.py,
    in the edition and in the correction, reach the service as text, never as one of its tags."""
    edition, theme, _ = load_edition(merge_tags._project(tmp_path, "mailchimp"))
    hostile = " ".join(word for words in merge_tags.FORMS.values() for word in words)
    correction = Correction(edition.date, edition.date_text, parse(hostile))
    corrected = merge_tags._with_service(replace(edition, corrections=(correction,)), service)
    made = {name: data.decode("utf-8") for name, data in render_outputs(corrected, theme, ["correction"]).files.items()}
    for name in ("correction/email.html", "correction/email.txt"):
        assert merge_tags.foreign_tags(service, made[name]) == [], name
    message = email.message_from_string(made["correction/email.eml"], policy=email.policy.default)
    for value in merge_tags._header_words(message):
        assert merge_tags.foreign_tags(service, value) == [], value
    for value in merge_tags._strings(json.loads(made["correction/campaign.json"])):
        assert merge_tags.foreign_tags(service, value) == [], value
    assert merge_tags.placeholder_count(service, made["correction/email.html"]) == 1  # the unsubscribe link


def test_the_correction_is_said_in_the_editions_language(two: Path) -> None:
    """The notice and the subject come from the theme's catalogue: a French edition says them in French."""
    _correct(two, "lang: fr\n" + CORRECTION)
    folder = two.parent.parent / "outbox" / SLUG / "correction"
    render(two, ["correction"])
    message = email.message_from_bytes((folder / "email.eml").read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Correction\u00a0: Sharper: The Beijing-Moscow Partnership"
    text = (folder / "email.txt").read_text("utf-8")
    assert "Correction, 3 avril 2021\u00a0:" in text and "Lire l’édition corrigée\u00a0:" in text
