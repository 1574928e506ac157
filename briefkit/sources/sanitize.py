"""Make HTML from elsewhere safe: an allowlist suited to email for markup, plain text for titles and teasers (nh3)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3

from briefkit.manifest.characters import MISLEADING, ZERO_WIDTH

# What an email client and a feed reader show safely: text structure, links and pictures; no script, style,
# event handler, iframe or form, and only web and mail addresses.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "figcaption", "figure", "h2", "h3", "h4",
    "hr", "i", "img", "li", "ol", "p", "q", "s", "small", "strong", "sub", "sup", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "form", "template", "noscript", "svg", "math"}


# Characters XML 1.0 cannot carry at all; a feed or an editor's paste may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@lru_cache(maxsize=16)
def _cleaner(base_url: str | None) -> nh3.Cleaner:
    """One allowlist, set up once per base address (setting it up costs as much as cleaning a page)."""
    return nh3.Cleaner(
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
        link_rel="noopener noreferrer",
    )


@lru_cache(maxsize=1)
def _text_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(), clean_content_tags=DROPPED_WITH_CONTENT, attributes={})


def clean_html(markup: str, base_url: str | None = None) -> str:
    """``markup`` with only the allowlisted tags, attributes and address schemes; relative addresses are
    resolved against ``base_url`` or dropped when there is none."""
    cleaned: str = _cleaner(base_url).clean(_NOT_XML.sub("", markup))
    return cleaned


_BLOCK_TAG = re.compile(r"<(?:/?(?:p|div|li|ul|ol|h[1-6]|blockquote|tr|td|th|section|article)|br|hr)\b[^>]*>", re.I)


def to_text(markup: str) -> str:
    """The text of ``markup``: every tag removed (scripts and styles with their content), entities decoded,
    spaces collapsed."""
    spaced = _BLOCK_TAG.sub(" ", _NOT_XML.sub("", markup))  # "<p>one</p><p>two</p>" reads "one two", not "onetwo"
    stripped: str = _text_cleaner().clean(spaced)
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()


_HIDDEN = re.compile("[" + "".join(sorted(ZERO_WIDTH)) + "]")


def strip_misleading(text: str) -> str:
    """``text`` without bidi controls, non-characters and zero-width characters, which would make it display
    differently from what it says (the joiner U+200D stays: emoji need it)."""
    return _HIDDEN.sub("", MISLEADING.sub("", text))
