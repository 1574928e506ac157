"""Every key an edition manifest may hold: its type, default and meaning, with its sections and their items (the
series file's keys, which an edition may override, are in series_fields.py)."""

from __future__ import annotations

from typing import Any

from briefkit.errors import Problem
from briefkit.manifest.compound_types import ListOf, RecordType, Tagged
from briefkit.manifest.event_types import EVENT_ITEM
from briefkit.manifest.series_fields import SERIES, SOURCE, title_has_placeholder
from briefkit.manifest.text_types import HeaderText, Markdown, Spaced, Text
from briefkit.manifest.types import INVALID, Field, Problems, Record
from briefkit.manifest.value_types import Boolean, Choice, Date, Integer, Url
from briefkit.manifest.yaml_nodes import Node, Scalar


def _title_or_label(record: Record, path: str, problems: Problems) -> None:
    if record.get("title") or record.get("label") or "from" in record:
        return
    if "title" in record or "title" in record.emptied:
        problems.append(
            Problem(record.where("title"), f"{path}.title", "is empty; fill it in (or give a 'label:' to show alone)")
        )
    else:
        problems.append(
            Problem(record.location, f"{path}.title", "is missing; add 'title:' (or a 'label:' to show alone)")
        )


def _continued_needs_after(record: Record, path: str, problems: Problems) -> None:
    if "continued" in record and record.get("attribution") == "before":
        problems.append(
            Problem(
                record.where("continued"),
                f"{path}.continued",
                "a quote with its attribution before it cannot continue after it; join the two parts into 'text:' "
                "or write 'attribution: after'",
            )
        )


IMAGE = RecordType(
    "Image",
    "A picture shown with an item: `file:` (a picture in the project, published with the web archive, whose "
    "address the email takes), `src:` (a picture already on the web), or both.",
    [
        Field(
            "src",
            Url(("https", "http")),
            "Address of the picture on the web. Without it, the email takes the address `file:` is published at "
            "(under the series' assets_url: or archive_url:).",
        ),
        Field("alt", Text(), "Text that describes the picture for readers who cannot see it.", required=True),
        Field("width", Integer(16, 600), "Width in pixels in the email; the height follows.", default=None),
        Field(
            "file",
            SOURCE,
            "The picture in the project, relative to the manifest: the PDF reads it, and `briefkit build` publishes "
            "it with the web archive.",
        ),
    ],
)


QUOTE = RecordType(
    "Quote",
    "An attributed pull-quote.",
    [
        Field("text", Text(), "The quotation, or its first part when 'continued' is given.", required=True),
        Field("continued", Text(), "The rest of the quotation, printed after the attribution."),
        Field("authors", ListOf(Text(), min_items=1, single=True), "Who said it: one name or a list.", required=True),
        Field("venue", Text(), "Where it appeared, like War on the Rocks."),
        Field("preposition", Text(), "Word before the venue, like in or for.", default="in"),
        Field("verb", Text(), "The verb of the attribution; argues or argue by the number of authors when not given."),
        Field(
            "attribution",
            Choice("after", "before"),
            'Whether the attribution follows the quotation or leads into it (A argues in V that "...").',
            default="after",
        ),
        Field("order", Choice("verb_first", "names_first"), "The attribution's order; the series' quote_order."),
    ],
    extra_check=_continued_needs_after,
)

_FROM = Field("from", SOURCE, "A source document under the project, relative to the manifest, to take the item from.")

FEATURE_ITEM = RecordType(
    "Feature item",
    "A feature: title, link, optional label, date line and image, and a summary.",
    [
        _FROM,
        Field("title", Text(), "Title of the feature.", required=True),
        Field("url", Url(), "Where the title links to.", required=True),
        Field("label", Text(), "A type label shown before the title, like Report."),
        Field("label_separator", Spaced(), "What stands between this item's label and its title."),
        Field("label_position", Choice("inline", "above"), "Where this item's label stands: inline or above."),
        Field("date", Text(), "A date line shown under the title, written as it should appear."),
        Field("summary", Markdown(), "What it is about, in Markdown.", required=True),
        Field("image", IMAGE, "A picture shown above the title."),
        Field("link_tags", Boolean(), "false: this item's links go without the series' link_tags."),
    ],
    waived_by="from",
)

COMMENTARY_ITEM = RecordType(
    "Commentary item",
    "A commentary: title, link, and either a summary or an attributed quote.",
    [
        _FROM,
        Field("title", Text(), "Title of the commentary.", required=True),
        Field("url", Url(), "Where the title links to.", required=True),
        Field("summary", Markdown(), "What it is about, in Markdown."),
        Field("quote", QUOTE, "A pull-quote with its attribution."),
        Field("link_tags", Boolean(), "false: this item's links go without the series' link_tags."),
    ],
    waived_by="from",
    exclusive=[("summary", "quote")],
)

LISTING_ITEM = RecordType(
    "Listing item",
    "An entry of the publisher's listing: title, link, teaser and byline.",
    [
        _FROM,
        Field("title", Text(), "Title of the entry; may be left out when it has a label."),
        Field("url", Url(), "Where the title links to.", required=True),
        Field("label", Text(), "A type label shown before the title (alone, linked, when there is no title)."),
        Field("label_separator", Spaced(), "What stands between this entry's label and its title."),
        Field("label_position", Choice("inline", "above"), "Where this entry's label stands: inline or above."),
        Field("date", Text(), "A date line shown under the title, written as it should appear."),
        Field("teaser", Text(), "Opening words; cut with ... when longer than teaser_length (see teaser_cut)."),
        Field("authors", ListOf(Text(), single=True), "Authors, shown as a byline: By A, By A & B, By A, B & C."),
        Field("link_tags", Boolean(), "false: this item's links go without the series' link_tags."),
    ],
    waived_by="from",
    extra_check=_title_or_label,
)


def _someone(record: Record, path: str, problems: Problems) -> None:
    """An appearance names who appeared: `person:` or `people:` (both is refused by ``exclusive``)."""
    if "person" not in record and "people" not in record:
        message = "is missing; add 'person:' (who appeared: one name; or give 'people:' for several)"
        problems.append(Problem(record.location, f"{path}.person", message))


NEWS_ITEM = RecordType(
    "In the news item",
    "One appearance in the news: who, where, when, the piece's title and address, and an optional short quote.",
    [
        Field("person", Text(), "Who appeared: one name; or give 'people:' instead."),
        Field("people", ListOf(Text(), min_items=1, single=True), "Who appeared, when more than one: names, in order."),
        Field("outlet", Text(), "Where it appeared, like Foreign Affairs or NPR.", required=True),
        Field("date", Date(), "When it appeared, YYYY-MM-DD: shown as the series writes dates.", required=True),
        Field("title", Text(), "Title of the piece, article or programme.", required=True),
        Field("url", Url(), "Where the title links to.", required=True),
        Field("quote", Text(), "A short quotation from the piece, shown in quotation marks."),
    ],
    exclusive=[("person", "people")],
    extra_check=_someone,
)

_KIND = "kind"

FEED_MATCH = RecordType(
    "Feed match",
    "Which entries of a feed qualify; both parts must match when both are given.",
    [
        Field("title", Text(), "Words the entry's title contains (any case)."),
        Field("category", Text(), "A category or tag the entry carries (any case)."),
    ],
)

FEED = RecordType(
    "Feed",
    "Where a section takes items from: a feed file in the project or a feed's web address.",
    [
        Field("source", Text(), "A feed file, relative to the manifest, or an http(s) address.", required=True),
        Field("limit", Integer(1, 100), "How many entries to take, newest first.", default=5),
        Field("since", Date(), "Only entries published on or after this date."),
        Field("match", FEED_MATCH, "Only entries whose title or category matches."),
        Field("exclude_used", Boolean(), "Skip entries that earlier editions of the series carried.", default=False),
    ],
)

OVERRIDE = RecordType(
    "Feed override",
    "Changes to one item taken from a feed, found by its address.",
    [
        Field("url", Url(), "The address of the feed entry to change.", required=True),
        Field("title", Text(), "A title to use instead of the feed's."),
        Field("summary", Markdown(), "A summary (features, commentaries) to use instead of the feed's."),
        Field("teaser", Text(), "A teaser (listing) to use instead of the feed's."),
        Field("authors", ListOf(Text(), single=True), "Authors to use instead of the feed's."),
        Field("label", Text(), "A type label (features)."),
    ],
)


def section_type(
    kind: str,
    title: str,
    doc: str,
    fields: list[Field],
    items_from_feed: bool = False,
    exclusive: list[tuple[str, str]] | None = None,
    waived_by: str | None = None,
) -> RecordType:
    """A section of ``kind``: `kind:`, `heading:`, `lead_in:`, its own ``fields``, and `feed:` when it can take
    items from one (briefkit's kinds, and those a theme declares)."""
    feed_fields = [
        Field("feed", FEED, "Take items from a feed as well (after the items written here)."),
        Field("overrides", ListOf(OVERRIDE), "Changes to items taken from the feed, one by one."),
    ]
    return RecordType(
        title,
        doc,
        [
            Field(_KIND, Choice(kind), f"Always {kind} for this section.", required=True),
            Field("heading", Text(), "Heading over the section; '' for none. The series' heading when not given."),
            Field("lead_in", Markdown(), "A sentence or two under the heading, in Markdown."),
            *fields,
            *(feed_fields if items_from_feed else []),
        ],
        waived_by="feed" if items_from_feed else waived_by,
        exclusive=exclusive or [],
    )


BUILT_IN_SECTIONS: dict[str, RecordType] = {
    "features": section_type(
        "features",
        "Features section",
        "Longer pieces, each with a summary.",
        [
            Field("label_separator", Spaced(), "What stands between a label and a title in this section."),
            Field("label_position", Choice("inline", "above"), "Where labels stand in this section: inline or above."),
            Field("items", ListOf(FEATURE_ITEM, min_items=1), "The features, in order.", required=True),
        ],
        items_from_feed=True,
    ),
    "commentaries": section_type(
        "commentaries",
        "Commentaries section",
        "Commentaries, each with a summary or a pull-quote.",
        [Field("items", ListOf(COMMENTARY_ITEM, min_items=1), "The commentaries, in order.", required=True)],
        items_from_feed=True,
    ),
    "in_the_news": section_type(
        "in_the_news",
        "In the news section",
        "The people quoted in the news this time: one sentence of names (`people:`), or a list of appearances "
        "with outlet and date (`items:`).",
        [
            Field("lead", Text(), "Words before the names.", default="Featuring commentary and analysis by"),
            Field(
                "people",
                ListOf(Text(), min_items=1),
                "Names, in order, for one sentence; or give 'items:' instead.",
                required=True,
            ),
            Field("items", ListOf(NEWS_ITEM, min_items=1), "Appearances in the news, in order (or give 'people:')."),
        ],
        waived_by="items",
        exclusive=[("people", "items")],
    ),
    "about": section_type(
        "about",
        "About section",
        "About the series; its text comes from the series unless given here.",
        [Field("text", Markdown(), "Text in Markdown; the series' about text when not given.")],
    ),
    "subscribe": section_type(
        "subscribe",
        "Subscribe section",
        "The invitation to subscribe; text, address and button come from the series unless given here.",
        [
            Field("text", Markdown(), "Why to subscribe, in Markdown."),
            Field("url", Url(), "The sign-up page."),
            Field("button", Text(), "Label of the sign-up button."),
        ],
    ),
    "listing": section_type(
        "listing",
        "Listing section",
        "More of the publisher's work: a list of links, headed 'More from <publisher>' unless the series says otherwise.",
        [
            Field("label_position", Choice("inline", "above"), "Where labels stand in this section: inline or above."),
            Field("teaser_length", Integer(40, 2000), "Longest teaser in this section, in characters."),
            Field("teaser_cut", Choice("word", "length"), "Where this section's long teasers are cut."),
            Field("teaser_ellipsis", Choice("when_cut", "always"), "Whether '...' ends every teaser here."),
            Field("items", ListOf(LISTING_ITEM, min_items=1), "The entries, in order.", required=True),
        ],
        items_from_feed=True,
    ),
    "events": section_type(
        "events",
        "Events section",
        "Events coming up: each shown with its date and time in the series' language and time zone, with a "
        "calendar file (.ics) published in the web archive and linked from the email.",
        [Field("items", ListOf(EVENT_ITEM, min_items=1), "The events, in order.", required=True)],
    ),
}

CALL_TO_ACTION = RecordType(
    "Call to action",
    "The sentence that ends the intro, linked when it has an address.",
    [
        Field("text", Text(), "What the reader is asked to do.", required=True),
        Field("url", Url(), "Where it leads; without one it is plain text."),
    ],
)


CORRECTION = RecordType(
    "Correction",
    "A correction made after the edition went out: the archive page, the PDF and the feeds show it, dated, at the "
    "top; `briefkit render --format correction` makes a short message saying it.",
    [
        Field(
            "date", Date(), "When the correction was made, YYYY-MM-DD: not before the edition's date.", required=True
        ),
        Field("text", Markdown(), "What was wrong and what is right, in Markdown.", required=True),
    ],
)


def _refused_empty(node: Node, path: str, problems: Problems) -> bool:
    """Whether ``node`` is written empty (absent is fine: the edition has none; empty is a value forgotten)."""
    if isinstance(node, Scalar) and not (node.value or "").strip():
        message = f"is empty; fill it in, or leave '{path}:' out for an edition without one"
        problems.append(Problem(node.location, path, message))
        return True
    return False


class _OptionalTitle(HeaderText):
    """The edition's title: may be left out, not written empty."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        return INVALID if _refused_empty(node, path, problems) else super().check(node, path, problems)


class _OptionalIntro(Markdown):
    """The edition's intro: may be left out, not written empty."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        return INVALID if _refused_empty(node, path, problems) else super().check(node, path, problems)


EDITION_FIELDS = [
    Field("series", SOURCE, "The series file, relative to the manifest.", default="series.yaml"),
    Field("date", Date(), "Date of the edition, YYYY-MM-DD.", required=True),
    Field(
        "title",
        _OptionalTitle(),
        "Title of the edition; the series' title_pattern makes the full title. May be left out when the pattern has "
        "no {title}.",
    ),
    Field(
        "status",
        Choice("published", "draft"),
        "published, or draft: a draft renders and previews but stays out of the feeds, the web archive and its "
        "sitemap (briefkit build --drafts puts it in, for review).",
        default="published",
    ),
    Field(
        "translation_of",
        Text(),
        "The original edition this one translates: its file in the same folder, or its slug. Give the translation "
        "its own `lang:`; the versions link each other (docs/manifest.md, Translations).",
    ),
    Field("subject", HeaderText(), "Subject line of the email; the full title when not given."),
    Field("preheader", Text(), "Preview text shown after the subject; the intro's opening when not given."),
    Field("keywords", ListOf(Text()), "Words the PDF is filed under, besides the series name.", default=[]),
    Field("web_url", Url(), "Address of this edition on the web; made from archive_url when not given."),
    Field(
        "byline",
        ListOf(Text(), single=True),
        "Who wrote this edition, shown under the title (beside the tagline, or instead of it with tagline: ~).",
    ),
    Field("intro", _OptionalIntro(), "The introduction, in Markdown."),
    Field("call_to_action", CALL_TO_ACTION, "A sentence after the intro that asks the reader to read on."),
    Field("sections", ListOf(Tagged(_KIND, BUILT_IN_SECTIONS), min_items=1), "The sections, in order.", required=True),
    Field(
        "corrections",
        ListOf(CORRECTION, min_items=1),
        "Corrections made after the edition went out, each with its date and text (docs/manifest.md, Corrections).",
    ),
]


def edition_type(
    series: RecordType = SERIES, sections: dict[str, RecordType] | None = None, extra: list[Field] | None = None
) -> RecordType:
    """The edition manifest's keys: its own, ``extra`` ones a theme declares, then any key of the ``series`` file
    (to override it for this edition); ``sections`` are the kinds of section the theme offers."""
    kinds = Tagged(_KIND, sections or BUILT_IN_SECTIONS)
    own = [
        Field(f.name, ListOf(kinds, min_items=1), f.doc, required=True) if f.name == "sections" else f
        for f in EDITION_FIELDS
    ]
    return RecordType(
        "Edition manifest",
        "One edition. Any key of the series file may be given here too, to override it for this edition.",
        own + list(extra or []) + [Field(f.name, f.type, f.doc) for f in series.fields],
        extra_check=title_has_placeholder,
    )


EDITION = edition_type()
