"""The forward line and the share links: each share address carries the edition's archive address and title,
URL-encoded; shown in the email (HTML and text) and on the archive page, in the PDF only when asked; their words in
the edition's language; mistakes located."""

from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pypdf
import pytest

from briefkit.api import load_edition
from briefkit.render.outputs import render_outputs

from conftest import run_cli

SHARE = """\
share:
  - email
  - linkedin
  - bluesky
  - x
  - mastodon: mastodon.social
  - {name: Own Service, address: "https://share.example/post?u={url}&t={title}"}
forward:
  url: https://www.cnas.org/newsletters
"""
TITLE = 'Sharper: Guns & Butter? "Yes" — 100% Café'
ARCHIVE = "https://www.cnas.org/sharper/2021-03-31-share/"


class Anchors(html.parser.HTMLParser):
    """Each link of the HTML: its address and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.found.append((self._href, "".join(self._text).strip()))
            self._href = None


def anchors(markup: str) -> dict[str, str]:
    reader = Anchors()
    reader.feed(markup)
    return {text: href for href, text in reader.found}


def _edition(project: Path, extra: str = "", lang: str = "") -> Path:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + SHARE + extra, "utf-8")
    manifest = project / "editions" / "2021-03-31-share.yaml"
    manifest.write_text(
        f"""\
series: sharper.series.yaml
date: 2021-03-31
title: 'Guns & Butter? "Yes" — 100% Café'
{lang}intro: An edition to share.
sections:
  - kind: features
    items:
      - title: A
        url: https://example.org/a
        summary: Its summary.
""",
        "utf-8",
    )
    return manifest


def _render(manifest: Path, formats: list[str]) -> dict[str, bytes]:
    edition, theme, _ = load_edition(manifest)
    return dict(render_outputs(edition, theme, formats).files)


def test_each_share_address_carries_the_archive_address_and_title_encoded(project: Path) -> None:
    links = anchors(_render(_edition(project), ["email"])["email.html"].decode("utf-8"))
    mail = urlsplit(links["Share by email"])
    assert mail.scheme == "mailto" and mail.path == ""
    assert "+" not in mail.query  # mailto: takes %20 for a space (RFC 6068)
    assert parse_qs(mail.query) == {"subject": [TITLE], "body": [ARCHIVE]}
    linkedin = urlsplit(links["Share on LinkedIn"])
    assert (linkedin.netloc, parse_qs(linkedin.query)) == ("www.linkedin.com", {"url": [ARCHIVE]})
    assert parse_qs(urlsplit(links["Share on X"]).query) == {"text": [TITLE], "url": [ARCHIVE]}
    for name, host in (("Bluesky", "bsky.app"), ("Mastodon", "mastodon.social")):
        parts = urlsplit(links[f"Share on {name}"])
        assert parts.netloc == host and parse_qs(parts.query) == {"text": [f"{TITLE} {ARCHIVE}"]}
    own = urlsplit(links["Share on Own Service"])
    assert own.netloc == "share.example" and parse_qs(own.query) == {"u": [ARCHIVE], "t": [TITLE]}
    assert unquote(links["Share on Own Service"]).count(ARCHIVE) == 1
    # Encoded whole: nothing of the archive address or the title is read as part of the share address itself.
    encoded_title = "Sharper%3A%20Guns%20%26%20Butter%3F%20%22Yes%22%20%E2%80%94%20100%25%20Caf%C3%A9"
    for text, href in links.items():
        if text.startswith("Share"):
            assert "https%3A%2F%2Fwww.cnas.org%2Fsharper%2F2021-03-31-share%2F" in href, text
            assert not set(':/?" ') & set(urlsplit(href).query), text
            assert text in ("Share on LinkedIn", "Share on Facebook") or encoded_title in href, text
    # The forward line: its words, the address shown without https://, the link to the sign-up page.
    assert links["www.cnas.org/newsletters"] == "https://www.cnas.org/newsletters"


def test_shown_in_the_email_the_text_and_the_archive_page_not_in_the_pdf(project: Path) -> None:
    manifest = _edition(project)
    made = _render(manifest, ["email", "text", "pdf"])
    html_text = made["email.html"].decode("utf-8")
    assert "Forwarded this? Subscribe at" in html_text and len(anchors(html_text)) >= 7
    text = made["email.txt"].decode("utf-8")
    assert "Forwarded this? Subscribe at www.cnas.org/newsletters [" in text
    for line in ("Share by email [", "Share on LinkedIn [", "Share on Mastodon [", "Share on Own Service ["):
        assert line in text
    assert "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fwww.cnas.org%2Fsharper%2F" in text
    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(_pdf(made)).pages)
    assert "Share on" not in pdf_text and "Forwarded this?" not in pdf_text

    result = run_cli("build", "--format", "email", cwd=project)
    assert result.returncode == 0, result.stderr
    page = (project / "outbox" / "web" / manifest.stem / "index.html").read_text("utf-8")
    assert '<aside class="share" aria-label="Share this edition" data-pagefind-ignore>' in page
    assert anchors(page)["Share on LinkedIn"] == anchors(html_text)["Share on LinkedIn"]
    for name in ("feed.xml", "atom.xml"):
        assert "Share on" not in (project / "outbox" / name).read_text("utf-8")


def _pdf(made: dict[str, bytes]) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "edition.pdf"
    path.write_bytes(made["edition.pdf"])
    return path


def test_share_in_pdf_puts_them_in_the_pdf(project: Path) -> None:
    made = _render(_edition(project, "share_in_pdf: true\n"), ["pdf"])
    reader = pypdf.PdfReader(_pdf(made))
    assert "Share on LinkedIn" in "".join(page.extract_text() for page in reader.pages)
    uris = [str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots") or [] if "/A" in a]
    assert any(uri.startswith("https://www.linkedin.com/sharing/") for uri in uris)


def test_their_words_are_in_the_editions_language(project: Path) -> None:
    made = _render(_edition(project, lang="lang: fr\n"), ["email", "text"])
    links = anchors(made["email.html"].decode("utf-8"))
    assert {"Partager par e-mail", "Partager sur LinkedIn", "Partager sur Own Service"} <= set(links)
    assert "On vous a transféré ce message ? Abonnez-vous sur" in made["email.txt"].decode("utf-8")


def test_the_forward_lines_own_words(project: Path) -> None:
    manifest = _edition(project)
    manifest.write_text(
        manifest.read_text("utf-8") + "forward: {text: 'Not a reader yet? Sign up at', url: https://x.example/j}\n",
        "utf-8",
    )
    made = _render(manifest, ["email"])
    assert anchors(made["email.html"].decode("utf-8"))["x.example/j"] == "https://x.example/j"
    assert "Not a reader yet? Sign up at" in made["email.html"].decode("utf-8")


@pytest.mark.parametrize(
    ("share", "said"),
    [
        ("share: [mastodon]", "share[0]: Mastodon has no one share address; name your readers' instance"),
        ("share: [myspace]", "share[0]: 'myspace' is not a share service briefkit knows"),
        ("share: [{name: S, address: 'https://s.example/?t={title}'}]", "share[0].address: 'https://s.example/?t="),
        ("share: [{name: S, address: 'https://s.example/?u={link}'}]", "share[0].address: {link} is not a placeholder"),
        ("share: [{mastodon: 'https://m.example'}]", "share[0].mastodon: "),
    ],
)
def test_mistakes_are_located(project: Path, share: str, said: str) -> None:
    manifest = _edition(project)
    manifest.write_text(manifest.read_text("utf-8") + share + "\n", "utf-8")
    line = manifest.read_text("utf-8").count("\n")
    result = run_cli("render", str(manifest), "--format", "email", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"2021-03-31-share.yaml:{line}:" in result.stderr and said in result.stderr, result.stderr


def test_share_links_need_the_archive_address(project: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8").replace("archive_url:", "# archive_url:"), "utf-8")
    manifest = _edition(project)
    result = run_cli("render", str(manifest), "--format", "email", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "sharper.series.yaml:" in result.stderr and "share: the share links carry" in result.stderr
