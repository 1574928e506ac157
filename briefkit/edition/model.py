"""The edition model: plain typed objects holding everything a renderer needs, with all wording already decided."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

# Named in annotations only (strings here): importing the model loads neither Markdown nor the source readers.
if TYPE_CHECKING:
    import datetime as dt

    from briefkit.errors import Location
    from briefkit.manifest.markdown import Rich
    from briefkit.sources.documents import Asset


class Value:
    """What every class of the model has from @dataclass(frozen=True), less the three methods written here once
    instead of compiled for each class when the model is imported (Python 3.11 compiles each generated method on
    its own; the three took about a third of the model's ~15 ms import, at the start of every render): equality
    with the same class field by field, a hash of the compared fields, and ``Name(field=value, ...)``.
    tests/test_model_values.py checks each class against the standard library's own dataclass."""

    __slots__ = ()

    def _compared(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _names(type(self))[0])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Value)
            return self._compared() == other._compared()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared())

    @recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(type(self))[1])
        return f"{self.__class__.__qualname__}({shown})"


_NAMES: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _names(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A model class's fields that are compared (and hashed), and those shown: read from its dataclass fields once."""
    names = _NAMES.get(cls)
    if names is None:
        found = fields(cls)
        names = _NAMES[cls] = (tuple(f.name for f in found if f.compare), tuple(f.name for f in found if f.repr))
    return names


@dataclass(frozen=True, eq=False, repr=False)
class Image(Value):
    src: str | None  # the address the email loads it from; None: a `file:` picture with nowhere published
    alt: str
    width: int | None = None
    file: Asset | None = None

    @property
    def print_src(self) -> str:
        """Where the PDF takes the picture from: the local copy when there is one."""
        return self.file.url if self.file else self.src or ""


@dataclass(frozen=True, eq=False, repr=False)
class Feature(Value):
    title: str
    url: str
    summary: Rich
    label: str | None = None
    separator: str = " | "
    label_position: str = "inline"  # or "above": the label on its own line over the title
    date_line: str | None = None
    image: Image | None = None
    link_tags: bool = True  # False: the series' link_tags are not added to this item's links


@dataclass(frozen=True, eq=False, repr=False)
class Quote(Value):
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


@dataclass(frozen=True, eq=False, repr=False)
class Commentary(Value):
    title: str
    url: str
    summary: Rich | None = None
    quote: Quote | None = None
    link_tags: bool = True  # False: the series' link_tags are not added to this item's links


@dataclass(frozen=True, eq=False, repr=False)
class ListingEntry(Value):
    title: str  # '' when the entry shows its label alone
    url: str
    teaser: str
    byline: str
    label: str | None = None
    separator: str = " | "
    label_position: str = "inline"  # or "above": the label on its own line over the title
    date_line: str | None = None
    link_tags: bool = True  # False: the series' link_tags are not added to this item's links


@dataclass(frozen=True, eq=False, repr=False)
class FeaturesSection(Value):
    kind: ClassVar[str] = "features"
    heading: str | None
    items: tuple[Feature, ...]
    lead_in: Rich | None = None  # under the heading


@dataclass(frozen=True, eq=False, repr=False)
class CommentariesSection(Value):
    kind: ClassVar[str] = "commentaries"
    heading: str | None
    items: tuple[Commentary, ...]
    lead_in: Rich | None = None  # under the heading


@dataclass(frozen=True, eq=False, repr=False)
class NewsItem(Value):
    """One appearance in the news: the piece's title and address, who (in prose) and where, and when."""

    title: str
    url: str
    people: str  # "Andrea Kendall-Taylor and Jim Townsend"
    outlet: str
    credit: str  # "Andrea Kendall-Taylor in Foreign Affairs", in the edition's language
    date: dt.date
    date_text: str  # as the series writes dates
    quote: str | None = None  # with the series' quotation marks around it


@dataclass(frozen=True, eq=False, repr=False)
class InTheNewsSection(Value):
    kind: ClassVar[str] = "in_the_news"
    heading: str | None
    sentence: str  # the names-only sentence; '' when the section lists appearances
    lead_in: Rich | None = None  # under the heading
    items: tuple[NewsItem, ...] = ()  # the appearances; () for the names-only sentence


@dataclass(frozen=True, eq=False, repr=False)
class AboutSection(Value):
    kind: ClassVar[str] = "about"
    heading: str | None
    text: Rich
    lead_in: Rich | None = None  # under the heading


@dataclass(frozen=True, eq=False, repr=False)
class SubscribeSection(Value):
    kind: ClassVar[str] = "subscribe"
    heading: str | None
    text: Rich
    url: str
    button: str
    lead_in: Rich | None = None  # under the heading


@dataclass(frozen=True, eq=False, repr=False)
class ListingSection(Value):
    kind: ClassVar[str] = "listing"
    heading: str | None
    items: tuple[ListingEntry, ...]
    lead_in: Rich | None = None  # under the heading


@dataclass(frozen=True, eq=False, repr=False)
class Event(Value):
    """An event, its times and words decided (edition/events.py): ``when`` in the series' time zone and language,
    ``own_time`` its start in its own zone when that differs, its calendar file and where that is published."""

    title: str
    url: str
    start: dt.datetime  # in its own time zone
    end: dt.datetime | None  # None: no end given (the calendar file has the start alone)
    timezone: str  # its own, an IANA name
    when: str  # "Tuesday, April 20, 2021, 2:00 – 3:30 PM EDT"
    own_time: str | None  # "20:00 CEST": its start where it is held, when that zone differs from the series'
    place: str | None
    online: str | None  # the address to join it at
    summary: Rich | None
    calendar_file: str  # "1-alliances-in-the-indo-pacific.ics", under <slug>/events/ in the web archive
    calendar_url: str | None  # where it is published (under the series' archive_url); None without one
    uid: str  # the calendar entry's UID, the same at every build


@dataclass(frozen=True, eq=False, repr=False)
class EventsSection(Value):
    kind: ClassVar[str] = "events"
    heading: str | None
    items: tuple[Event, ...]
    lead_in: Rich | None = None  # under the heading


class Declared:
    """Values of keys a theme declares (theme.yaml), read as attributes: ``item.place``; None for a key not given.
    Markdown values are parsed (use the markdown filters), dates are Days, lists are tuples of Declared."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Declared) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(self._values))

    def __repr__(self) -> str:
        return f"Declared({self._values!r})"

    def names(self) -> tuple[str, ...]:
        return tuple(self._values)


@dataclass(frozen=True, eq=False, repr=False)
class Day(Value):
    """A date a theme's key holds: shown as the series writes dates; ``iso`` for machines (2021-03-31)."""

    date: dt.date
    text: str

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    def __str__(self) -> str:
        return self.text


class DeclaredSection(Declared):
    """A section of a kind the theme declares: its kind, its heading, and its keys as attributes."""

    __slots__ = ("heading", "kind", "lead_in")

    def __init__(self, kind: str, heading: str | None, values: Declared, lead_in: Rich | None = None) -> None:
        super().__init__(values._values)
        self.kind = kind
        self.heading = heading
        self.lead_in = lead_in


Section = (
    FeaturesSection
    | CommentariesSection
    | InTheNewsSection
    | AboutSection
    | SubscribeSection
    | ListingSection
    | EventsSection
    | DeclaredSection
)


@dataclass(frozen=True, eq=False, repr=False)
class ContentsLink(Value):
    """An entry of the "In this edition" list: a section (with its items, when it is long) or an item."""

    text: str
    anchor: str  # the id of its heading on the archive page ("section-2"); the PDF puts the slug before it
    section: int  # the index of its section in Edition.sections
    items: tuple[ContentsLink, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Forward(Value):
    """The line for readers the email was forwarded to: "Forwarded this? Subscribe at <shown>"."""

    text: str
    url: str
    shown: str  # the address as the line shows it: without https:// and a closing /


@dataclass(frozen=True, eq=False, repr=False)
class ShareLink(Value):
    """A link that shares the edition: its service, what it says ("Share on LinkedIn") and its address, which
    carries the edition's archive address (never tagged: the share services see it)."""

    service: str  # email, linkedin, bluesky, x, mastodon... or the name a series gives
    text: str
    url: str


@dataclass(frozen=True, eq=False, repr=False)
class CallToAction(Value):
    text: str
    url: str | None


@dataclass(frozen=True, eq=False, repr=False)
class Colors(Value):
    accent: str
    text: str
    muted: str
    background: str
    surface: str
    button_text: str
    dark: Colors | None = None  # the same six in dark mode


@dataclass(frozen=True, eq=False, repr=False)
class Logo(Value):
    src: str | None  # as Image.src
    alt: str
    width: int
    href: str | None
    file: Asset | None = None
    dark_src: str | None = None  # for dark mode

    @property
    def print_src(self) -> str:
        return self.file.url if self.file else self.src or ""


@dataclass(frozen=True, eq=False, repr=False)
class PrintSettings(Value):
    """How the PDF is made (the series' `pdf:` settings)."""

    page_size: str  # "letter" or "a4"
    standard: str  # "pdf/ua-1", "pdf/a-3u" or "pdf/a-2u"
    allowed_hosts: tuple[str, ...]
    time_limit: int  # seconds


@dataclass(frozen=True, eq=False, repr=False)
class MessageSettings(Value):
    """What the message file's headers say besides the edition's words (the series' `message:` settings)."""

    reply_to: str | None = None
    to: str | None = None
    send_time: str = "09:00"
    unsubscribe_mailto: str | None = None
    dkim_domain: str | None = None
    dkim_selector: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Delivery(Value):
    """The service that delivers the edition to the list (the series' `delivery:` settings), and where they were
    written, for the messages about them."""

    service: str
    where: Location
    list: str | None = None
    template: int | None = None
    topic: str | None = None
    stream: str = "broadcast"
    api_url: str | None = None  # the service's API address for `briefkit publish`, when the series gives one
    api_url_where: Location | None = None  # where it is written, for the messages about it


@dataclass(frozen=True, eq=False, repr=False)
class Footer(Value):
    """The footer's sentences, worded in Python (footer.py): the templates only place them."""

    sent_by: str  # "Sharper is sent by CNAS <info@cnas.org> for the Center for a New American Security."
    address: str  # "Center for a New American Security, 1152 15th St..." (the publisher once, when the address has it)
    published_by: str  # the print colophon: "Sharper is published by the Center..., 1152 15th St..."


@dataclass(frozen=True, eq=False, repr=False)
class Correction(Value):
    """A correction made after the edition went out: its date (as the series writes dates too) and its words."""

    date: dt.date
    date_text: str
    text: Rich


_Picture = TypeVar("_Picture", Image, Logo)


class PictureChange(Protocol):
    """A change made to each picture, that gives back a picture of the same kind."""

    def __call__(self, picture: _Picture) -> _Picture: ...


@dataclass(frozen=True, eq=False, repr=False)
class Version(Value):
    """One language version of an edition (the original or a translation, the edition itself among them): its
    language, the language's name in its own words (français, العربية), its slug and its page on the web."""

    lang: str
    name: str
    slug: str
    web_url: str | None
    original: bool
    direction: str = "ltr"  # rtl for Arabic, Hebrew, Persian, Urdu... (Babel's text direction of the language)
    current: bool = False  # the version this edition is
    read_in: str = ""  # "Read in <name>", in the version's own language: the email's link to it


@dataclass(frozen=True, eq=False, repr=False)
class Edition(Value):
    """One edition, ready to render."""

    slug: str
    series_name: str
    publisher: str
    date: dt.date
    date_text: str
    title: str  # the full title, "Sharper: The Beijing-Moscow Partnership"; a fixed title_pattern when none given
    subject: str
    preheader: str
    tagline: str | None
    intro: Rich | None  # None: the edition has no intro, and no intro band shows
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
    print: PrintSettings
    keywords: tuple[str, ...] = ()
    archive_url: str | None = None
    timezone: str = "UTC"
    feed_limit: int = 20  # editions in the series' feed
    extra: Declared = field(default_factory=lambda: Declared({}))  # the edition keys the theme declares
    byline: str | None = None  # "By A and B", under the title
    message: MessageSettings = field(default_factory=MessageSettings)
    series_key: str = ""  # the series file's name without .series.yaml: sharper
    delivery: Delivery | None = None
    draft: bool = False  # status: draft: rendered and previewed, but not in the feeds or the web archive
    own_title: str | None = None  # the manifest's title: None when the edition has none (title_pattern is fixed)
    listed_title: str = ""  # the title in feeds and the web archive: the full title, with the date when no own title
    opening: str = ""  # plain text: the intro, or without one the first summary of the sections (opening.py)
    footer: Footer = field(default_factory=lambda: Footer("", "", ""))  # the footer's sentences
    direction: str = "ltr"  # the language's direction: ltr, or rtl (the outputs mirror their layout)
    translation_of: str = ""  # the original's slug when this edition is a translation
    versions: tuple[Version, ...] = ()  # every language version, original first, itself included; () when alone
    corrections: tuple[Correction, ...] = ()  # oldest first (edition/corrections.py)
    notice: str = ""  # the corrections as plain text, "Correction, 3 April 2021: ..." ('' without any)
    words: str = ""  # digest of the words readers see, corrections aside: `check` compares it with the last build's
    link_tags: tuple[tuple[str, str], ...] = ()  # query parameters for the email's links ({section} not yet filled)
    forward: Forward | None = None  # the "Forwarded this? Subscribe at ..." line
    share: tuple[ShareLink, ...] = ()  # the share links, each with the edition's archive address
    share_in_pdf: bool = False  # the forward line and share links in the PDF too
    contents: tuple[ContentsLink, ...] = ()  # the "In this edition" list; () when the edition has none

    def contents_entry(self, index: int) -> ContentsLink | None:
        """The contents list's entry for the section at ``index`` (its anchor and its items'), or None."""
        return next((link for link in self.contents if link.section == index), None)

    @property
    def other_versions(self) -> tuple[Version, ...]:
        """The other language versions that have a page to link to."""
        return tuple(v for v in self.versions if not v.current and v.web_url)

    def pictures(self) -> list[Image | Logo]:
        """The logo and every item's picture."""
        images: list[Image | Logo | None] = [self.logo]
        images += [
            item.image for section in self.sections if isinstance(section, FeaturesSection) for item in section.items
        ]
        return [image for image in images if image is not None]

    def with_pictures(self, change: PictureChange) -> Edition:
        """The edition with ``change`` made to the logo and to every item's picture."""
        sections = tuple(
            replace(section, items=tuple(replace(i, image=change(i.image)) if i.image else i for i in section.items))
            if isinstance(section, FeaturesSection)
            else section
            for section in self.sections
        )
        logo = change(self.logo) if self.logo is not None else None
        return replace(self, sections=sections, logo=logo)

    def assets(self) -> dict[str, Asset]:
        """The local files this edition's outputs may embed, by the address the print template uses."""
        return {image.file.url: image.file for image in self.pictures() if image.file is not None}


@dataclass(frozen=True, eq=False, repr=False)
class ArchiveEntry(Value):
    """What the series' feeds need to know of one edition, kept between renders so that an unchanged archive is
    not loaded again: its name, date and title, its intro as text. Its content (the whole edition as sanitized
    HTML) is kept beside it and read only when the edition is in the feed."""

    slug: str
    date: dt.date
    title: str  # the full title
    web_url: str | None
    summary: str  # the intro as plain text
    # The series' settings as this edition has them; the newest edition's head the feed.
    series_name: str
    tagline: str | None
    publisher: str
    lang: str
    archive_url: str | None
    feed_limit: int
    timezone: str
    draft: bool = False
    date_text: str = ""  # the date as the series writes it
    translation_of: str = ""  # the original's slug when the edition is a translation of it
    direction: str = "ltr"  # its language's direction, ltr or rtl
    updated: str = ""  # the latest correction's date, YYYY-MM-DD ('' without any): the feeds' <updated>
    notice: str = ""  # the corrections as plain text (Edition.notice)
    words: str = ""  # Edition.words
    corrections: int = 0  # how many


@dataclass(frozen=True, eq=False, repr=False)
class FeedItem(Value):
    """One edition as an entry of the series' feed."""

    entry: ArchiveEntry
    content: str  # the theme's feed-entry.html for the edition, through the sanitizer
    id: str  # tag: URI from the series and the slug; never from build time or paths
    published: dt.datetime  # the edition's date at midnight in the series' time zone
    updated: dt.datetime  # the latest correction's date at midnight, or when published
    pdf_url: str | None = None
    pdf_length: int | None = None  # bytes


@dataclass(frozen=True, eq=False, repr=False)
class SeriesFeed(Value):
    """The series' feed: newest edition first."""

    title: str
    description: str
    home_url: str  # the web archive
    rss_url: str
    atom_url: str
    lang: str
    publisher: str
    updated: dt.datetime  # the newest edition's publication time, so an unchanged archive rebuilds the same
    items: tuple[FeedItem, ...]
