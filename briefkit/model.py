"""The edition model: plain typed objects holding everything a renderer needs, with all wording already decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from briefkit.markdown import Rich


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    width: int | None = None


@dataclass(frozen=True)
class Feature:
    title: str
    url: str
    summary: Rich
    label: str | None = None
    separator: str = " | "
    date_line: str | None = None
    image: Image | None = None


@dataclass(frozen=True)
class Quote:
    """A pull-quote in one of two shapes.

    after:  <open>text,<close> attribution. <open>continued<close>
    before: attribution that <open>text<close>
    """

    text: str
    attribution: str  # "argue Samuel Bendett and Elsa B. Kania in War on the Rocks"
    placement: str  # "after" or "before"
    continued: str | None
    open_mark: str
    close_mark: str


@dataclass(frozen=True)
class Commentary:
    title: str
    url: str
    summary: Rich | None = None
    quote: Quote | None = None


@dataclass(frozen=True)
class ListingEntry:
    title: str
    url: str
    teaser: str
    byline: str


@dataclass(frozen=True)
class FeaturesSection:
    kind: ClassVar[str] = "features"
    heading: str | None
    items: tuple[Feature, ...]


@dataclass(frozen=True)
class CommentariesSection:
    kind: ClassVar[str] = "commentaries"
    heading: str | None
    items: tuple[Commentary, ...]


@dataclass(frozen=True)
class InTheNewsSection:
    kind: ClassVar[str] = "in_the_news"
    heading: str | None
    sentence: str


@dataclass(frozen=True)
class AboutSection:
    kind: ClassVar[str] = "about"
    heading: str | None
    text: Rich


@dataclass(frozen=True)
class SubscribeSection:
    kind: ClassVar[str] = "subscribe"
    heading: str | None
    text: Rich
    url: str
    button: str


@dataclass(frozen=True)
class ListingSection:
    kind: ClassVar[str] = "listing"
    heading: str | None
    items: tuple[ListingEntry, ...]


Section = FeaturesSection | CommentariesSection | InTheNewsSection | AboutSection | SubscribeSection | ListingSection


@dataclass(frozen=True)
class CallToAction:
    text: str
    url: str | None


@dataclass(frozen=True)
class Colors:
    accent: str
    text: str
    muted: str
    background: str
    surface: str
    button_text: str


@dataclass(frozen=True)
class Logo:
    src: str
    alt: str
    width: int
    href: str | None


@dataclass(frozen=True)
class Edition:
    """One edition, ready to render."""

    slug: str
    series_name: str
    publisher: str
    date: dt.date
    date_text: str
    title: str  # the full title, "Sharper: The Beijing-Moscow Partnership"
    subject: str
    preheader: str
    tagline: str | None
    intro: Rich
    call_to_action: CallToAction | None
    sections: tuple[Section, ...]
    web_url: str | None
    lang: str
    sender_name: str
    sender_address: str
    postal_address: str
    unsubscribe_url: str
    colors: Colors
    logo: Logo | None
    theme: str
