"""The series' link_tags: added to the email's outgoing web links (HTML, text, message file, campaign) and to no
other link or output; the link's own query and fragment kept; off for an edition or an item; counted by check."""

from __future__ import annotations

import email
import email.policy
import html.parser
import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from briefkit.api import load_edition
from briefkit.render.outputs import render_outputs

from conftest import REPO, deliver, run_cli

TAGS = """\
link_tags:
  utm_source: newsletter
  utm_medium: email
  utm_campaign: "{slug}-{date}"
  utm_content: "{section}"
"""
SHARE = "share: [linkedin, email]\nforward: {url: https://www.cnas.org/newsletters}\n"
WANTED = {"utm_source": "newsletter", "utm_medium": "email"}


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag == "img" and values.get("src"):
            self.sources.append(values["src"] or "")


def links(markup: str) -> Links:
    reader = Links()
    reader.feed(markup)
    return reader


def params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def _add(project: Path, text: str) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + text, "utf-8")


def _render(manifest: Path, formats: list[str]) -> dict[str, str]:
    edition, theme, _ = load_edition(manifest)
    return {name: data.decode("utf-8") for name, data in render_outputs(edition, theme, formats).files.items()}


def _is_share(url: str) -> bool:
    return url.startswith(("https://www.linkedin.com/", "mailto:?"))


def _tagged(url: str, section: str | None = None) -> bool:
    got = params(url)
    ok = all(got.get(name) == value for name, value in WANTED.items())
    ok = ok and got.get("utm_campaign") == "2021-03-31-the-beijing-moscow-partnership-2021-03-31"
    return ok and (section is None or got.get("utm_content") == section)


@pytest.mark.parametrize("service", ["mailchimp", "listmonk", "ses", "mailgun"])
def test_exactly_the_outgoing_web_links_are_tagged_in_every_email_output(sample: Path, service: str) -> None:
    _add(sample.parents[1], TAGS + SHARE)
    lists = {"mailchimp": "a1b2c3d4e5", "listmonk": "3", "ses": "Briefings", "mailgun": "briefings@mg.example.org"}
    deliver(sample.parents[1], service, f"  list: {lists[service]}\n")
    made = _render(sample, ["email", "text", "eml", "campaign"])
    found = links(made["email.html"])
    # The view-online link (the service's placeholder, or the edition's archive address) is never tagged.
    view = "https://www.cnas.org/sharper/2021-03-31-the-beijing-moscow-partnership/"
    untagged = [h for h in found.hrefs if not h.startswith("http") or _is_share(h) or h == view]
    tagged = [h for h in found.hrefs if h not in untagged]
    assert len(tagged) >= 15 and all(_tagged(h) for h in tagged), tagged
    # The unsubscribe link and the view-online link are the service's placeholders, left as they are.
    placeholders = {
        "mailchimp": ["*|UNSUB|*", "*|ARCHIVE|*"],
        "listmonk": ["{{ UnsubscribeURL }}", "{{ MessageURL }}"],
        "ses": ["{{amazonSESUnsubscribeUrl}}", view],
        "mailgun": ["%mailing_list_unsubscribe_url%", view],
    }[service]
    for placeholder in placeholders:
        assert placeholder in untagged
    # Share links carry the archive address as it is; pictures are not links.
    assert len([h for h in untagged if _is_share(h)]) == 2 and not any("utm_" in h for h in untagged)
    assert found.sources and not any("utm_" in src for src in found.sources)
    # The sections each link is in: the first feature, a listing entry, the forward line.
    assert _tagged(next(h for h in tagged if "navigating-the-deepening" in h), "features")
    assert _tagged(next(h for h in tagged if "axis-of-upheaval" in h), "listing")
    signup = [h for h in tagged if h.startswith("https://www.cnas.org/newsletters?")]
    assert len(signup) == 2 and _tagged(signup[0], "subscribe") and _tagged(signup[1], "footer")

    # The text part: every numbered link as in the HTML.
    text = made["email.txt"]
    listed = [line.split(" ", 1)[1] for line in text.split("Links:\n", 1)[1].splitlines() if line.startswith("[")]
    web = [u for u in listed if u.startswith("http") and not _is_share(u)]
    assert len(web) >= 14 and set(web) <= set(tagged)
    for placeholder in placeholders:
        assert placeholder in text
    # The message file and the campaign carry the same.
    message = email.message_from_string(made["email.eml"], policy=email.policy.default)
    parts = [p.get_content().replace("\r\n", "\n") for p in message.walk() if not p.is_multipart()]
    assert parts[1].rstrip("\n") == made["email.html"].rstrip("\n")
    assert made["email.html"] in json.dumps(json.loads(made["campaign.json"]), ensure_ascii=False).replace(
        "\\n", "\n"
    ).replace('\\"', '"')


def test_the_links_own_query_and_fragment_are_kept(project: Path) -> None:
    _add(project, TAGS)
    manifest = project / "editions" / "2021-03-31-own-query.yaml"
    manifest.write_text(
        """\
series: sharper.series.yaml
date: 2021-03-31
title: Own Query
intro: See [the map](https://example.org/map?layer=2&utm_source=own#arctic) and <https://example.org/plain>.
sections:
  - kind: features
    items:
      - title: A
        url: https://example.org/a?id=7&q=a%20b#part-2
        summary: Also [mail us](mailto:desk@example.org?subject=Hi).
""",
        "utf-8",
    )
    hrefs = links(_render(manifest, ["email"])["email.html"]).hrefs
    tail = "utm_medium=email&utm_campaign=2021-03-31-own-query-2021-03-31"
    assert f"https://example.org/map?layer=2&utm_source=own&{tail}&utm_content=intro#arctic" in hrefs
    assert f"https://example.org/plain?utm_source=newsletter&{tail}&utm_content=intro" in hrefs
    assert f"https://example.org/a?id=7&q=a%20b&utm_source=newsletter&{tail}&utm_content=features#part-2" in hrefs
    assert "mailto:desk@example.org?subject=Hi" in hrefs


def test_an_edition_or_an_item_turns_them_off(sample: Path) -> None:
    _add(sample.parents[1], TAGS)
    text = sample.read_text("utf-8")
    item = "url: https://www.cnas.org/publications/reports/dangerous-synergies\n"
    assert item in text
    indent = text.split(item)[0].rsplit("\n", 1)[1]
    sample.write_text(text.replace(item, f"{item}{indent}link_tags: false\n"), "utf-8")
    hrefs = links(_render(sample, ["email"])["email.html"]).hrefs
    assert "https://www.cnas.org/publications/reports/dangerous-synergies" in hrefs
    assert _tagged(next(h for h in hrefs if "navigating-the-deepening" in h), "features")

    sample.write_text(sample.read_text("utf-8") + "link_tags: false\n", "utf-8")
    made = _render(sample, ["email", "text"])
    assert "utm_" not in made["email.html"] and "utm_" not in made["email.txt"]


def test_the_pdf_the_feeds_and_the_archive_are_untagged(sample: Path) -> None:
    project = sample.parents[1]
    _add(project, TAGS)
    result = run_cli("build", "--format", "email,pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    outbox = project / "outbox"
    assert "utm_source=newsletter" in (outbox / sample.stem / "email.html").read_text("utf-8")
    for name in ("feed.xml", "atom.xml", "web/index.html", f"web/{sample.stem}/index.html"):
        assert "utm_" not in (outbox / name).read_text("utf-8"), name
    import pypdf

    pdf = pypdf.PdfReader(outbox / sample.stem / "edition.pdf")
    uris = [
        str(annotation.get_object()["/A"]["/URI"])
        for page in pdf.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    ]
    assert uris and not any("utm_" in uri for uri in uris)


def test_check_counts_them_in_the_emails_size(sample: Path) -> None:
    project = sample.parents[1]
    assert "Gmail clips" not in run_cli("check", str(sample), cwd=project).stdout
    _add(project, "link_tags:\n  utm_content: " + "x" * 6000 + "\n")
    result = run_cli("check", str(sample), cwd=project)
    assert "Gmail clips" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ('link_tags: {utm_campaign: "{titel}"}', "link_tags.utm_campaign: {titel} is not a placeholder here"),
        ("link_tags: true", "link_tags: true says no parameters"),
        ("link_tags: {'utm source': x}", "link_tags.utm source: 'utm source' is not a usable name"),
    ],
)
def test_mistakes_are_located(sample: Path, written: str, said: str) -> None:
    project = sample.parents[1]
    series = project / "editions" / "sharper.series.yaml"
    lines = series.read_text("utf-8").count("\n")
    _add(project, written + "\n")
    result = run_cli("render", str(sample), "--format", "email", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"sharper.series.yaml:{lines + 1}:" in result.stderr and said in result.stderr, result.stderr


def test_the_sample_edition_tags_its_links_and_has_forward_and_share_links(project: Path) -> None:
    """editions/2021-04-21-the-spring-events.yaml, built by `make demo`: its events' pages and online addresses
    tagged, their calendar files not; a forward line and share links."""
    sample = project / "editions" / "2021-04-21-the-spring-events.yaml"
    sample.write_bytes((REPO / "editions" / sample.name).read_bytes())
    made = _render(sample, ["email", "text"])
    hrefs = links(made["email.html"]).hrefs
    campaign = "utm_campaign=2021-04-21-the-spring-events"
    assert f"https://www.cnas.org/live?utm_source=sharper&utm_medium=email&{campaign}&utm_content=events" in hrefs
    assert any(h.startswith("https://www.cnas.org/events/") and campaign in h for h in hrefs)
    calendars = [h for h in hrefs if h.endswith(".ics")]
    assert calendars and all("utm_" not in h for h in calendars)
    assert "Forwarded this? Subscribe at" in made["email.txt"] and "Share on Mastodon" in made["email.txt"]
