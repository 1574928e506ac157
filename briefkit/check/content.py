"""The checks of `briefkit check` that look at one edition as it would go out: its email (HTML and text), its
subject and preheader, its pictures and links, its colours, the glyphs its PDF needs, and what earlier editions
of the series already sent. docs/check.md lists each with its level."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefkit.check.findings import ERROR, Finding, Places
from briefkit.check.glyphs import missing_glyphs
from briefkit.check.printed import PrintRun, printed
from briefkit.check.unfinished import unfinished
from briefkit.edition.model import Colors, Edition
from briefkit.edition.palette import BODY_CONTRAST, LARGE_CONTRAST, contrast
from briefkit.edition.prepare import Prepared
from briefkit.errors import Location
from briefkit.manifest.siblings import glance, manifests_in, series_file
from briefkit.manifest.types import Record
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, Sequence
from briefkit.render.email_measure import GMAIL_CLIP_BYTES, EmailParts, tracked_size
from briefkit.render.services import service_of
from briefkit.render.templates import Theme

SUBJECT_LONGEST = 60
PREHEADER_SHORTEST, PREHEADER_LONGEST = 40, 140
VAGUE_LINKS = {"click here", "here", "click", "read more", "more", "learn more", "this link", "link", "this"}
PICTURE_NAME = re.compile(
    r"^(.*\.(png|jpe?g|gif|webp|svg|bmp|tiff?)|(img|image|dsc|dscn|photo|pic|screenshot|untitled)[-_ ]?\d*)$",
    re.IGNORECASE,
)


def check_edition(
    prepared: Prepared,
    email: EmailParts,
    html_bytes: bytes,
    text_bytes: bytes,
    theme: Theme,
    print_html: str,
    fonts: list[Path],
    places: Places,
    made: PrintRun | None = None,
) -> list[Finding]:
    """Every finding for one edition rendered in memory (``email``: its HTML, read; ``places``: its manifest and
    series file, read); its PDF is rendered here, unless ``made`` already."""
    edition = prepared.edition
    manifest = prepared.manifest
    series = series_file(manifest.path, manifest.edition["series"])
    text = text_bytes.decode("utf-8")
    found: list[Finding] = unfinished(prepared, email, places)
    pdf = printed(edition, theme, places, print_html, made)
    found += pdf.findings
    found += _size(edition, html_bytes, email, manifest.path)
    found += _subject_and_preheader(edition, manifest.edition)
    found += _pictures(email, places)
    # The forward line shows its sign-up address after words that say what it is ("Subscribe at ..."): in context.
    found += _link_texts(email, places, {edition.forward.shown} if edition.forward else set())
    found += _repeats(edition, places, manifest.path, series)
    found += _footer(edition, email, text, places)
    found += _colours(edition.colors, manifest.settings.get("colors"), places, series)
    found += _glyphs(print_html, fonts, pdf.missing, places)
    return found


def _size(edition: Edition, html_bytes: bytes, email: EmailParts, manifest: Path) -> Iterator[Finding]:
    size = len(html_bytes)
    where = Location(manifest)
    if size > GMAIL_CLIP_BYTES:
        yield Finding(
            where,
            "size",
            f"the email's HTML is {size / 1024:.1f} KB; Gmail clips emails past about {GMAIL_CLIP_BYTES // 1024} KB "
            "and hides the rest, footer and unsubscribe link included; shorten or split the edition",
            ERROR,
        )
        return
    tracked = tracked_size(html_bytes, email)
    if tracked > GMAIL_CLIP_BYTES:
        yield Finding(
            where,
            "size",
            f"the email's HTML is {size / 1024:.1f} KB, but about {tracked / 1024:.1f} KB once a sending service "
            f"rewrites its {len(email.links)} links for click tracking, past Gmail's clipping limit of about "
            f"{GMAIL_CLIP_BYTES // 1024} KB; shorten the edition or turn off link tracking",
        )


def _subject_and_preheader(edition: Edition, written: Record) -> Iterator[Finding]:
    subject_where = written.where("subject") if "subject" in written.key_locations else written.where("title")
    if len(edition.subject) > SUBJECT_LONGEST:
        yield Finding(
            subject_where,
            "subject",
            f"the subject is {len(edition.subject)} characters; inboxes cut it at about {SUBJECT_LONGEST}, so put "
            "what matters first or give a shorter subject:",
        )
    letters = [c for c in edition.subject if c.isalpha()]
    if len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        yield Finding(
            subject_where,
            "subject",
            "the subject is in capitals, which reads as shouting and is scored as spam; write it in sentence or "
            "title case",
        )
    where = written.where("preheader") if "preheader" in written.key_locations else written.where("intro")
    length = len(edition.preheader)
    if length < PREHEADER_SHORTEST or length > PREHEADER_LONGEST:
        side = "short" if length < PREHEADER_SHORTEST else "long"
        yield Finding(
            where,
            "preheader",
            f"the preheader (the text inboxes show after the subject) is {length} characters, too {side}; "
            f"give a preheader: of {PREHEADER_SHORTEST} to {PREHEADER_LONGEST} characters",
        )


def _pictures(email: EmailParts, places: Places) -> Iterator[Finding]:
    for src, alt in email.pictures:
        if alt is None:
            yield Finding(places.of(src), "alt", f"the picture {src} has no alt text; give it one", ERROR)
        elif alt.strip() and PICTURE_NAME.match(alt.strip()):
            yield Finding(
                places.of(alt),
                "alt",
                f"the alt text '{alt}' is a file name; say what the picture shows, for readers who cannot see it",
            )


def _link_texts(email: EmailParts, places: Places, said_in_context: set[str]) -> Iterator[Finding]:
    seen: set[str] = set(said_in_context)
    for _href, text in email.links:
        lowered = text.lower().strip(" .:…")
        if not text or text in seen:
            continue
        if lowered in VAGUE_LINKS:
            seen.add(text)
            yield Finding(
                places.of(text),
                "link-text",
                f"a link reads '{text}', which says nothing when read alone (screen readers list links); name "
                "where it leads",
            )
        elif re.match(r"(https?://|www\.)\S+$", text):
            seen.add(text)
            yield Finding(
                places.of(text),
                "link-text",
                f"a link's text is its address ({text}); name where it leads instead",
            )


def _item_urls(edition: Edition) -> list[str]:
    return [
        item.url for section in edition.sections for item in getattr(section, "items", ()) if getattr(item, "url", None)
    ]


def _urls_in(node: Node | None) -> Iterator[str]:
    if isinstance(node, Mapping):
        for key, (_, child) in node.entries.items():
            if key == "url" and isinstance(child, Scalar) and child.value:
                yield child.value.strip()
            else:
                yield from _urls_in(child)
    elif isinstance(node, Sequence):
        for child in node.items:
            yield from _urls_in(child)


def _repeats(edition: Edition, places: Places, manifest: Path, series: Path) -> Iterator[Finding]:
    urls = _item_urls(edition)
    for url, count in Counter(urls).items():
        if count > 1:
            yield Finding(places.of(url), "repeat", f"{url} is in this edition {count} times; keep it once")
    sent: dict[str, str] = {}
    for path in manifests_in(manifest.parent):
        if path.resolve() == manifest.resolve():
            continue
        other = glance(path)
        if other is None or other.series != series or other.date >= edition.date:
            continue
        status = other.top.get("status")
        if isinstance(status, Scalar) and status.value == "draft":
            continue
        for url in _urls_in(other.top.get("sections")):
            sent.setdefault(url, path.name)
    for url in dict.fromkeys(urls):
        if url in sent:
            yield Finding(
                places.of(url),
                "repeat",
                f"{url} was already sent in {sent[url]}; readers have seen it",
            )


def _footer(edition: Edition, email: EmailParts, text: str, places: Places) -> Iterator[Finding]:
    flat_text = " ".join(text.split())
    address = " ".join(edition.postal_address.split())
    series = places.files[-1]
    shown = " ".join(" ".join(email.words).split())
    for part, content in (("HTML", shown), ("text", flat_text)):
        if address not in content:
            yield Finding(
                places.key(series, "postal_address"),
                "footer",
                f"the email's {part} part has no postal address, which CAN-SPAM and most services require; keep "
                "postal_address in the theme's footer",
                ERROR,
            )
    service = service_of(edition)
    addresses = {edition.unsubscribe_url} | ({service.unsubscribe} if service and service.unsubscribe else set())
    where = places.key(series, "unsubscribe_url")
    if not any(href in addresses for href, _ in email.links):
        yield Finding(where, "footer", "the email's HTML part has no unsubscribe link; keep it in the footer", ERROR)
    if not any(address in text for address in addresses):
        yield Finding(where, "footer", "the email's text part has no unsubscribe address; keep it in the footer", ERROR)


def _colours(colors: Colors, written: Any, places: Places, series: Path) -> Iterator[Finding]:
    where = written.location if isinstance(written, Record) else places.key(series, "colors")
    schemes = [("light", colors)] + ([("dark", colors.dark)] if colors.dark is not None else [])
    for scheme, c in schemes:
        pairs = [
            ("body text", c.text, c.surface, BODY_CONTRAST),
            ("muted text (dates, bylines)", c.muted, c.surface, BODY_CONTRAST),
            ("the footer", c.muted, c.background, BODY_CONTRAST),
            ("links", c.accent, c.surface, BODY_CONTRAST),
            ("button text", c.button_text, c.accent, LARGE_CONTRAST),
        ]
        for what, fore, back, needed in pairs:
            ratio = contrast(fore, back)
            if ratio < needed:
                yield Finding(
                    where,
                    "contrast",
                    f"in {scheme} mode, {what} ({fore} on {back}) has a contrast of {ratio:.1f}:1, below "
                    f"{needed:g}:1; choose a {'darker' if scheme == 'light' else 'lighter'} colour"
                    + (" under colors: dark:" if scheme == "dark" else ""),
                    ERROR,
                )


def _glyphs(print_html: str, fonts: list[Path], printed: tuple[str, ...], places: Places) -> Iterator[Finding]:
    """A character the theme's fonts lack, or that the PDF drew as an empty box: once each, where it is written."""
    page = EmailParts()  # the words of any HTML, the print page's here
    page.feed(print_html.split("<body", 1)[-1])
    for char in dict.fromkeys([*missing_glyphs("".join(page.words), fonts), *printed]):
        yield Finding(
            places.of(char),
            "glyphs",
            f"the PDF's fonts have no '{char}' (U+{ord(char):04X}); it would print as an empty box; write it "
            "in words, or add a font that has it to the theme",
            ERROR,
        )
