"""`briefkit build`: every edition, the feeds and the web archive; drafts kept out; only what changed made again;
editions removed; a failing edition among good ones; the same bytes with one job or two."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from briefkit.api import build

from conftest import SAMPLE, SECOND, THIRD, own_theme, run_cli

SLUGS = [SAMPLE.stem, SECOND.stem, THIRD.stem]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def times_of(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()
    }


def test_a_build_writes_every_edition_the_feeds_and_the_archive(series: Path) -> None:
    result = run_cli("build", "--format", "email,text,eml", cwd=series)
    assert result.returncode == 0, result.stderr
    outbox = series / "outbox"
    for slug in SLUGS:
        assert {p.name for p in (outbox / slug).iterdir()} == {"email.html", "email.txt", "email.eml"}
        assert (outbox / "web" / slug / "index.html").is_file()
    for name in ("feed.xml", "atom.xml", "web/feed.xml", "web/atom.xml", "web/index.html", "web/sitemap.xml"):
        assert (outbox / name).is_file(), name
    # One line per edition when not on a terminal, then the summary.
    lines = result.stderr.splitlines()
    assert sorted(line.split()[1] for line in lines[:3]) == sorted(SLUGS)
    assert all(line.startswith("rendered ") for line in lines[:3])
    assert lines[-1] == (
        "build: 3 rendered, 0 unchanged, 0 drafts kept out of the feeds and archive, 0 removed, 0 warnings, "
        "0 failed; the web archive holds 3 editions"
    )


def test_view_in_browser_links_and_feed_entries_resolve_in_the_archive(series: Path) -> None:
    build(series, ["email"], jobs=1)
    outbox = series / "outbox"
    archive = "https://www.cnas.org/sharper/"
    for slug in SLUGS:
        html = (outbox / slug / "email.html").read_text("utf-8")
        links = set(re.findall(r'href="(https://www\.cnas\.org/sharper/[^"]*)"', html))
        assert links == {f"{archive}{slug}/"}
    feed = (outbox / "feed.xml").read_text("utf-8")
    for link in set(re.findall(r"<link>(https://www\.cnas\.org/sharper/[^<]+)</link>", feed)):
        page = outbox / "web" / link.removeprefix(archive) / "index.html"
        assert page.is_file(), link


def _draft(project: Path, manifest: Path) -> None:
    path = project / "editions" / manifest.name
    path.write_text(path.read_text("utf-8").replace("\ntitle:", "\nstatus: draft\ntitle:", 1), "utf-8")


def test_drafts_stay_out_of_feeds_index_and_sitemap(series: Path) -> None:
    _draft(series, SAMPLE)
    result = build(series, ["email"], jobs=1)
    assert result.drafts == 1 and not result.failed
    outbox = series / "outbox"
    assert (outbox / SAMPLE.stem / "email.html").is_file()  # rendered all the same
    assert not (outbox / "web" / SAMPLE.stem).exists()
    for name in ("feed.xml", "atom.xml", "web/index.html", "web/sitemap.xml"):
        assert SAMPLE.stem not in (outbox / name).read_text("utf-8"), name
    assert SECOND.stem in (outbox / "web/index.html").read_text("utf-8")

    included = build(series, ["email"], jobs=1, drafts=True)  # for review
    assert included.drafts_included
    assert (outbox / "web" / SAMPLE.stem / "index.html").is_file()
    for name in ("feed.xml", "web/index.html", "web/sitemap.xml"):
        assert SAMPLE.stem in (outbox / name).read_text("utf-8"), name

    build(series, ["email"], jobs=1)  # and out again
    assert not (outbox / "web" / SAMPLE.stem).exists()
    assert SAMPLE.stem not in (outbox / "feed.xml").read_text("utf-8")


def test_nothing_changed_nothing_rewritten(series: Path) -> None:
    build(series, ["email", "text"], jobs=1)
    before = times_of(series / "outbox")
    result = build(series, ["email", "text"], jobs=1)
    assert result.count("unchanged") == 3 and result.count("rendered") == 0
    assert times_of(series / "outbox") == before


def test_only_the_changed_edition_is_made_again(series: Path) -> None:
    build(series, ["email", "text"], jobs=1)
    before = times_of(series / "outbox")
    manifest = series / "editions" / THIRD.name
    manifest.write_text(manifest.read_text("utf-8").replace("\ntitle: ", "\ntitle: Now, ", 1), "utf-8")
    result = build(series, ["email", "text"], jobs=1)
    assert [o.slug for o in result.outcomes if o.status == "rendered"] == [THIRD.stem]
    after = times_of(series / "outbox")
    changed = {name for name in after if after[name] != before.get(name)}
    # The search index is made again whole when a page changes (Pagefind indexes the archive at once).
    assert {name for name in changed if name.startswith("web/pagefind/")}
    changed = {name for name in changed if not name.startswith("web/pagefind/")}
    # Its own files (its accessibility page too), the page of the edition after it (its "Previous:" link), and
    # what lists every edition.
    assert changed == {
        f"{THIRD.stem}/email.html", f"{THIRD.stem}/email.txt", f"web/{THIRD.stem}/index.html",
        f"web/{THIRD.stem}/accessibility.html",
        f"web/{SECOND.stem}/index.html", "web/index.html", "feed.xml", "atom.xml", "web/feed.xml", "web/atom.xml",
    }  # fmt: skip
    assert "Now, " in (series / "outbox" / "web" / SECOND.stem / "index.html").read_text("utf-8")


def test_a_removed_edition_leaves_the_outbox_and_the_feeds(series: Path) -> None:
    build(series, ["email", "pdf"], jobs=1)
    (series / "editions" / SECOND.name).unlink()
    result = build(series, ["email", "pdf"], jobs=1)
    assert result.removed == [SECOND.stem]
    outbox = series / "outbox"
    assert not (outbox / SECOND.stem).exists() and not (outbox / "web" / SECOND.stem).exists()
    for name in ("feed.xml", "web/index.html", "web/sitemap.xml"):
        assert SECOND.stem not in (outbox / name).read_text("utf-8"), name
    page = (outbox / "web" / SAMPLE.stem / "index.html").read_text("utf-8")
    assert f"../{THIRD.stem}/" in page and SECOND.stem not in page  # its neighbours link past it


def test_a_failing_edition_among_good_ones(series: Path) -> None:
    broken = series / "editions" / "2021-04-01-broken.yaml"
    broken.write_text("series: sharper.series.yaml\ndate: 2021-04-01\ntitle: Broken\nintro: x\nsections: 3\n", "utf-8")
    result = run_cli("build", "--format", "email", "--jobs", "2", cwd=series)
    assert result.returncode == 2
    assert "editions/2021-04-01-broken.yaml:5:11: sections:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].endswith("1 failed; the web archive holds 3 editions")
    outbox = series / "outbox"
    assert not (outbox / "2021-04-01-broken").exists()
    for slug in SLUGS:
        assert (outbox / slug / "email.html").is_file()
    # Fixed, it is made; the others are left alone.
    broken.write_text(
        broken.read_text("utf-8").replace("sections: 3", "sections:\n  - kind: in_the_news\n    people: [A. B]")
    )
    fixed = build(series, ["email"], jobs=1)
    assert [o.slug for o in fixed.outcomes if o.status == "rendered"] == ["2021-04-01-broken"]
    assert (outbox / "web" / "2021-04-01-broken" / "index.html").is_file()


def test_a_published_edition_that_breaks_keeps_its_last_good_version(series: Path) -> None:
    build(series, ["email"], jobs=1)
    outbox = series / "outbox"
    before = {name: (outbox / name).read_bytes() for name in ("feed.xml", "web/index.html", "web/sitemap.xml")}
    manifest = series / "editions" / SECOND.name
    manifest.write_text(manifest.read_text("utf-8").replace("\nsections:", "\nsections: 3\nold_sections:", 1))
    result = run_cli("build", "--format", "email", cwd=series)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        f"feed.xml: kept the last good version of {SECOND.name}, which has problems now; render it to see them"
        in result.stderr
    )
    assert result.stderr.splitlines()[-1].endswith("1 failed; the web archive holds 3 editions")
    for name, data in before.items():  # what readers have seen stays: its page, its entry, its place
        assert (outbox / name).read_bytes() == data, name
    assert (outbox / "web" / SECOND.stem / "index.html").is_file()


def test_a_theme_mistake_that_fails_every_edition_leaves_the_archive_as_it_was(series: Path) -> None:
    build(series, ["email"], jobs=1)
    outbox = series / "outbox"
    before = files_of(outbox / "web")
    partial = own_theme(series) / "sections" / "features.txt"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text("{{ section.no_such_key }}", "utf-8")
    result = run_cli("build", "--format", "email,text", cwd=series)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert files_of(outbox / "web") == before


def test_one_job_or_two_the_same_bytes(series: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(series, other)
    build(series, ["email", "text", "pdf", "eml"], jobs=1)
    build(other, ["email", "text", "pdf", "eml"], jobs=2)
    assert files_of(series / "outbox") == files_of(other / "outbox")


def test_render_of_every_yaml_skips_the_series_file(series: Path) -> None:
    result = run_cli("render", *sorted(f"editions/{p.name}" for p in (series / "editions").glob("*.yaml")),
                     "--format", "text", cwd=series)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "skipped editions/sharper.series.yaml: a series file, not an edition" in result.stderr


def test_when_every_edition_is_a_draft_nothing_is_published(series: Path) -> None:
    build(series, ["email"], jobs=1)
    for manifest in (SAMPLE, SECOND, THIRD):
        _draft(series, manifest)
    result = build(series, ["email"], jobs=1)
    assert result.archive == 0 and result.drafts == 3
    outbox = series / "outbox"
    for name in ("feed.xml", "atom.xml", "web/feed.xml", "web/index.html", "web/sitemap.xml"):
        assert not (outbox / name).exists(), name
    assert not any((outbox / "web").glob("*/index.html"))


def test_a_changed_page_template_makes_every_page_again(series: Path) -> None:
    build(series, ["email"], jobs=1)
    page = own_theme(series) / "web-edition.html"
    page.write_text(
        page.read_text("utf-8").replace("{% trans %}All editions{% endtrans %}</a>", "Every edition</a>"), "utf-8"
    )
    build(series, ["email"], jobs=1)
    for slug in SLUGS:
        assert "Every edition</a>" in (series / "outbox" / "web" / slug / "index.html").read_text("utf-8"), slug
