"""The forward line and the share links of an edition: each share address carries the edition's archive address
(and its title), URL-encoded, and its link text says what it does, in the edition's language."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from briefkit.edition.model import Edition, Forward, ShareLink
from briefkit.errors import Problem, SourceError
from briefkit.manifest.catalogue import Messages
from briefkit.manifest.load import Manifest

# The services briefkit knows by name: their name as readers know it, and their share address ({url}, {title}).
KNOWN: dict[str, tuple[str, str]] = {
    "linkedin": ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    "bluesky": ("Bluesky", "https://bsky.app/intent/compose?text={title}%20{url}"),
    "x": ("X", "https://x.com/intent/post?text={title}&url={url}"),
    "facebook": ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    "threads": ("Threads", "https://www.threads.net/intent/post?text={title}%20{url}"),
    "reddit": ("Reddit", "https://www.reddit.com/submit?url={url}&title={title}"),
}
MASTODON = "https://{instance}/share?text={title}%20{url}"
EMAIL = "mailto:?subject={title}&body={url}"  # RFC 6068: no address, the reader's mail program asks for one


def _encoded(value: str) -> str:
    """A value as a part of an address's query: every character but letters, digits and -._~ percent-encoded
    (a space as %20, which mailto: needs, never +)."""
    return quote(value, safe="")


def filled(pattern: str, url: str, title: str) -> str:
    return pattern.replace("{url}", _encoded(url)).replace("{title}", _encoded(title))


def share_links(entries: list[Any], url: str, title: str, words: Messages) -> tuple[ShareLink, ...]:
    """The share links ``entries`` (the series' `share:`) ask for, sharing ``url`` under ``title``."""
    links = []
    for entry in entries:
        if entry == "email":
            links.append(ShareLink("email", words.gettext("Share by email"), filled(EMAIL, url, title)))
        elif isinstance(entry, str):
            name, pattern = KNOWN[entry]
            links.append(ShareLink(entry, words.gettext("Share on %(name)s", name=name), filled(pattern, url, title)))
        elif "mastodon" in entry:
            address = MASTODON.replace("{instance}", entry["mastodon"])
            text = words.gettext("Share on %(name)s", name="Mastodon")
            links.append(ShareLink("mastodon", text, filled(address, url, title)))
        else:
            text = words.gettext("Share on %(name)s", name=entry["name"])
            links.append(ShareLink(entry["name"], text, filled(entry["address"], url, title)))
    return tuple(links)


def forward_line(given: dict[str, Any], words: Messages, prose: Callable[[str], str]) -> Forward:
    """The forward line: the series' words (or the theme's, in the edition's language) and the sign-up page."""
    text = prose(given["text"]) if given.get("text") else words.gettext("Forwarded this? Subscribe at")
    parts = urlsplit(given["url"])
    shown = (parts.netloc + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return Forward(text, given["url"], shown)


def with_sharing(edition: Edition, manifest: Manifest, words: Messages, prose: Callable[[str], str]) -> Edition:
    """The edition with the series' link_tags (filled in for the email by link_tags.py), its forward line and its
    share links; share links without an archive address to carry are a located problem."""
    settings = manifest.settings
    tags = settings.get("link_tags")
    entries = settings.get("share") or []
    if entries and not edition.web_url:
        source = manifest.edition if "share" in manifest.edition.key_locations else manifest.series
        message = "the share links carry the edition's archive address, and it has none; add archive_url: to "
        raise SourceError([Problem(source.where("share"), "share", message + "the series file (or web_url:)")])
    return dataclasses.replace(
        edition,
        link_tags=tuple((str(name), str(value)) for name, value in tags.items()) if tags else (),
        forward=forward_line(settings["forward"], words, prose) if settings.get("forward") else None,
        share=share_links(entries, edition.web_url or "", edition.title, words),
        share_in_pdf=bool(settings.get("share_in_pdf")),
    )
