"""Every key an edition manifest or series file may hold: its type, default and meaning (the one source for validation, JSON Schema and docs)."""

from __future__ import annotations

from typing import Any

from briefkit.errors import Problem
from briefkit.manifest.types import (
    Boolean,
    Choice,
    Date,
    Field,
    HeaderText,
    HeaderUrl,
    Identifier,
    Integer,
    ListOf,
    MailAddress,
    Markdown,
    Pattern,
    Problems,
    Record,
    RecordType,
    Tagged,
    Text,
    Url,
)
from briefkit.manifest.yaml_nodes import Node, Scalar

COLOR = Pattern(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", "write a hex colour like #1a4480", "a colour")
EMAIL = MailAddress(
    r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+", "write an address like briefings@example.org", "an e-mail address"
)
LANGUAGE = Pattern(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", "write a language tag like en or en-GB", "a language tag")
SOURCE = Text()  # a path; resolved and confined to the project when sources are read


class Spaced(Text):
    """Text whose surrounding spaces count (a separator such as " | ")."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)
        if isinstance(value, str) and isinstance(node, Scalar) and node.value is not None:
            return node.value.replace("\n", " ")
        return value


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


def _title_has_placeholder(record: Record, path: str, problems: Problems) -> None:
    pattern = record.get("title_pattern")
    if pattern is not None and "{title}" not in pattern:
        problems.append(
            Problem(
                record.where("title_pattern"),
                f"{path}.title_pattern" if path else "title_pattern",
                f"'{pattern}' has no {{title}}; write where the edition's title goes, like 'Sharper: {{title}}'",
            )
        )


IMAGE = RecordType(
    "Image",
    "A picture shown with an item. Email clients need an absolute address.",
    [
        Field("src", Url(("https", "http")), "Address of the picture.", required=True),
        Field("alt", Text(), "Text that describes the picture for readers who cannot see it.", required=True),
        Field("width", Integer(16, 600), "Width in pixels in the email; the height follows.", default=None),
        Field("file", SOURCE, "A copy of the picture in the project, relative to the manifest, for the PDF."),
    ],
)

LOGO = RecordType(
    "Logo",
    "The publisher's logo at the top of the email.",
    [
        Field("src", Url(("https", "http")), "Address of the logo picture.", required=True),
        Field("alt", Text(), "Text that stands for the logo when pictures are off.", required=True),
        Field("width", Integer(16, 600), "Width in pixels.", default=160),
        Field("href", Url(), "Where a click on the logo leads."),
        Field(
            "dark_src",
            Url(("https", "http")),
            "A version of the logo for dark mode (light on dark), shown instead when the reader's mail app is in "
            "dark mode; without one, the logo stays as it is.",
        ),
        Field("file", SOURCE, "A copy of the logo in the project, relative to the series file, for the PDF."),
    ],
)

COLORS = RecordType(
    "Colours",
    "Brand colours, each a hex colour like #1a4480.",
    [
        Field("accent", COLOR, "Links, rules and buttons.", default="#1a4480"),
        Field("text", COLOR, "Body text.", default="#1b1b1b"),
        Field("muted", COLOR, "Dates, bylines and the footer.", default="#5c5c5c"),
        Field("background", COLOR, "Around the email.", default="#f2f2f2"),
        Field("surface", COLOR, "Behind the email's content.", default="#ffffff"),
        Field("button_text", COLOR, "Text on buttons.", default="#ffffff"),
        Field(
            "dark",
            RecordType(
                "Dark colours",
                "The email's colours when the reader's mail app is in dark mode; each one not given is made from "
                "the colours above (dark background and surface, light text, accent and muted light enough to "
                "read at 4.5:1).",
                [
                    Field("accent", COLOR, "Links, rules and buttons in dark mode."),
                    Field("text", COLOR, "Body text in dark mode."),
                    Field("muted", COLOR, "Dates, bylines and the footer in dark mode."),
                    Field("background", COLOR, "Around the email in dark mode."),
                    Field("surface", COLOR, "Behind the email's content in dark mode."),
                    Field("button_text", COLOR, "Text on buttons in dark mode."),
                ],
            ),
            "The colours in dark mode.",
        ),
    ],
)

SENDER = RecordType(
    "Sender",
    "Who the email comes from.",
    [
        Field("name", HeaderText(), "Name shown as the sender.", required=True),
        Field("address", EMAIL, "E-mail address it is sent from.", required=True),
    ],
)

SUBSCRIBE = RecordType(
    "Subscribe block",
    "The invitation to subscribe.",
    [
        Field("text", Markdown(), "Why to subscribe, in Markdown.", required=True),
        Field("url", Url(), "The sign-up page.", required=True),
        Field("button", Text(), "Label of the sign-up button.", default="Subscribe"),
    ],
)

HEADINGS = RecordType(
    "Headings",
    "Default heading of each kind of section. An empty heading ('') leaves the section without one.",
    [
        Field("features", Text(), "Heading of features sections.", default="Features"),
        Field("commentaries", Text(), "Heading of commentaries sections.", default="Commentaries"),
        Field("in_the_news", Text(), "Heading of in-the-news sections.", default="In the News"),
        Field("about", Text(), "Heading of about sections; 'About <name>' when not given."),
        Field("subscribe", Text(), "Heading of subscribe sections.", default="Subscribe"),
        Field("listing", Text(), "Heading of the publisher's listing; 'More from <publisher>' when not given."),
    ],
)

HOST = Pattern(
    r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+",
    "write a host name like images.example.org, without https:// or a path",
    "a host name",
)

PDF = RecordType(
    "PDF",
    "How the PDF of an edition is made.",
    [
        Field("page_size", Choice("letter", "a4"), "Paper size.", default="letter"),
        Field(
            "standard",
            Choice("pdf/ua-1", "pdf/a-3u", "pdf/a-2u"),
            "The standard the PDF follows: pdf/ua-1 (tagged for accessibility) or a PDF/A archival variant.",
            default="pdf/ua-1",
        ),
        Field(
            "allowed_hosts",
            ListOf(HOST),
            "Hosts the PDF may load pictures from; with none, only pictures with a local 'file:' appear.",
            default=[],
        ),
        Field("time_limit", Integer(1, 3600), "Seconds a PDF may take before it is stopped.", default=120),
    ],
)

MESSAGE = RecordType(
    "Message",
    "The headers of the email as a message file (outbox/<slug>/email.eml), for the service that sends it.",
    [
        Field("reply_to", EMAIL, "Where replies go, when not to the sender."),
        Field(
            "to",
            EMAIL,
            "The list's own address for the To header; without one, To is undisclosed-recipients:; (the sending "
            "service puts each reader's address there).",
        ),
        Field(
            "send_time",
            Pattern(r"([01][0-9]|2[0-3]):[0-5][0-9]", "write a time of day like 09:00 or 17:30", "a time of day"),
            "The time of day, in the series' time zone, that the Date header gives with the edition's date.",
            default="09:00",
        ),
        Field(
            "unsubscribe_mailto", HeaderUrl(("mailto",)), "A mailto: address for List-Unsubscribe beside the web one."
        ),
        Field(
            "dkim",
            RecordType(
                "DKIM",
                "Sign the message: the domain and selector of the key; the key itself comes from the file named "
                "by the environment variable BRIEFKIT_DKIM_KEY_FILE, never from a YAML file.",
                [
                    Field("domain", HOST, "The signing domain (d=), like cnas.org.", required=True),
                    Field(
                        "selector",
                        Pattern(r"[A-Za-z0-9][A-Za-z0-9._-]*", "write a selector like briefkit2026", "a selector"),
                        "The key's selector (s=): its public half is at <selector>._domainkey.<domain>.",
                        required=True,
                    ),
                ],
            ),
            "DKIM signing of the message file.",
        ),
    ],
)

SMTP_HOST = Pattern(
    r"localhost|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+",
    "write a host name like smtp.example.org (or localhost), without a port or a path",
    "a host name",
)

SMTP = RecordType(
    "SMTP",
    "The mail server `briefkit send` sends test messages through. Its password comes only from the environment "
    "variable BRIEFKIT_SMTP_PASSWORD.",
    [
        Field("host", SMTP_HOST, "The server, like smtp.example.org.", required=True),
        Field("port", Integer(1, 65535), "Its port; 587 for starttls, 465 for tls, 25 for none when not given."),
        Field(
            "security",
            Choice("starttls", "tls", "none"),
            "starttls (upgrade to TLS after connecting), tls (TLS from the start) or none (only to a server on "
            "this machine). Certificates are verified.",
            default="starttls",
        ),
        Field("username", Text(), "The account to log in as; without one, no login."),
    ],
)

DELIVERY = RecordType(
    "Delivery",
    "The service that delivers the edition to the list. It decides the per-reader placeholders put into the email "
    "in place of the series' unsubscribe address (and view-online link, where the service has one), and the "
    "fields of outbox/<slug>/campaign.json (--format campaign). See docs/sending.md.",
    [
        Field(
            "service",
            Choice("listmonk", "buttondown", "mailchimp", "ses", "postmark", "mailgun", "smtp"),
            "listmonk, buttondown, mailchimp, ses (Amazon SES), postmark, mailgun, or smtp (your own server: the "
            "message file as it is, no placeholders).",
            required=True,
        ),
        Field(
            "list",
            Identifier(),
            "The list the campaign goes to: listmonk's list id (or ids, separated by commas), Mailchimp's audience "
            "id, SES's contact list name, or the Mailgun mailing list's address.",
        ),
        Field("template", Integer(1, 10**9), "listmonk only: the id of the campaign template to wrap the email in."),
        Field("topic", Text(), "Amazon SES only: the contact list's topic readers unsubscribe from."),
        Field("stream", Text(), "Postmark only: the broadcast message stream.", default="broadcast"),
    ],
)

TIMEZONE = Pattern(
    r"UTC|[A-Z][A-Za-z_+-]+(/[A-Za-z0-9_+-]+){1,2}",
    "write a time zone name like America/New_York or UTC",
    "a time zone name",
)

FEEDS = RecordType(
    "Feeds",
    "The series' own feed (outbox/feed.xml and atom.xml) and the feeds editions take items from.",
    [
        Field("limit", Integer(1, 10000), "How many editions the series' feed holds, newest first.", default=20),
        Field(
            "allowed_hosts",
            ListOf(HOST),
            "Hosts editions may take feeds from over the network; with none, only feed files in the project.",
            default=[],
        ),
        Field(
            "timeout", Integer(1, 120), "Seconds a remote feed may take, from connecting to the last byte.", default=10
        ),
    ],
)

SERIES_FIELDS = [
    Field("name", HeaderText(), "Name of the series, like Sharper.", required=True),
    Field("publisher", Text(), "Who publishes it, shown in the footer.", required=True),
    Field(
        "title_pattern",
        HeaderText(),
        "How an edition's full title is made; {title} stands for the edition's title.",
        default="{title}",
    ),
    Field("tagline", Text(), "One line under the title of every edition; ~ or '' in an edition for none."),
    Field("about", Markdown(), "Text of the about section, in Markdown."),
    Field("subscribe", SUBSCRIBE, "Text, address and button of the subscribe section."),
    Field("headings", HEADINGS, "Default section headings."),
    Field("archive_url", Url(), "Base address of the web archive; an edition's page is <archive_url>/<slug>/."),
    Field("sender", SENDER, "Who the email comes from.", required=True),
    Field("postal_address", Text(), "The publisher's postal address for the footer.", required=True),
    Field(
        "unsubscribe_url",
        HeaderUrl(("https", "http", "mailto")),
        "Where readers unsubscribe (a web address or a mailto: address).",
        required=True,
    ),
    Field("colors", COLORS, "Brand colours."),
    Field("logo", LOGO, "The logo at the top of the email."),
    Field("pdf", PDF, "Paper size, standard, allowed hosts and time limit of the PDF."),
    Field("message", MESSAGE, "Headers of the message file: Reply-To, To, the send time, DKIM."),
    Field("smtp", SMTP, "The mail server for test sends (briefkit send)."),
    Field("delivery", DELIVERY, "The service that delivers the edition to the list: its placeholders and campaign."),
    Field("feeds", FEEDS, "The series' feed, and where editions may take feeds from."),
    Field("timezone", TIMEZONE, "Time zone of the editions' dates, for feeds.", default="UTC"),
    Field("lang", LANGUAGE, "Language of the editions, like en or en-GB.", default="en"),
    Field(
        "date_format",
        Text(),
        "How dates are written; {month}, {day}, {year} and {weekday} stand for their parts, {day_padded} for the "
        "day with a leading zero (09) and {day_ordinal} for it as an ordinal (9th). Month and weekday names are "
        "in the series' lang.",
        default="{month} {day}, {year}",
    ),
    Field("label_separator", Spaced(), "What stands between a feature's label and its title.", default=" | "),
    Field("teaser_length", Integer(40, 2000), "Longest listing teaser, in characters, before it is cut.", default=200),
    Field(
        "teaser_cut",
        Choice("word", "length"),
        "Where a long teaser is cut: word (at a word boundary) or length (at exactly teaser_length, mid-word too).",
        default="word",
    ),
    Field(
        "teaser_ellipsis",
        Choice("when_cut", "always"),
        "Whether '...' ends a teaser only when it was cut, or always.",
        default="when_cut",
    ),
    Field("quote_marks", Choice("straight", "curly"), "Quotation marks put around pull-quotes.", default="straight"),
    Field(
        "quote_order",
        Choice("verb_first", "names_first"),
        "In an attribution after a quote: verb_first (argues Jane Doe in Outlet) or names_first (Jane Doe argues "
        "in Outlet).",
        default="verb_first",
    ),
    Field(
        "byline_join",
        Choice("and", "ampersand"),
        "How an edition's byline joins names: and (By A, B, and C) or ampersand (By A, B & C).",
        default="and",
    ),
    Field(
        "typography",
        Choice("as_written", "smart"),
        "as_written keeps quotes and dashes as typed; smart makes curly quotes, en and em dashes (-- and ---) and "
        "ellipses (...) in prose, never in addresses or code.",
        default="as_written",
    ),
    Field(
        "theme",
        Pattern(r"[a-z0-9][a-z0-9_-]*", "use lower-case letters, digits, - and _", "a theme name"),
        "The theme: the project's templates/<name>/ first, then briefkit's own (see docs/themes.md).",
        default="sharper",
    ),
]


def series_type(headings: RecordType = HEADINGS) -> RecordType:
    """The series file's keys; ``headings`` holds a default heading for every section kind the theme has."""
    fields = [Field(f.name, headings, f.doc) if f.name == "headings" else f for f in SERIES_FIELDS]
    return RecordType(
        "Series file", "Settings shared by every edition of a series.", fields, extra_check=_title_has_placeholder
    )


SERIES = series_type()

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
        Field("date", Text(), "A date line shown under the title, written as it should appear."),
        Field("summary", Markdown(), "What it is about, in Markdown.", required=True),
        Field("image", IMAGE, "A picture shown above the title."),
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
        Field("date", Text(), "A date line shown under the title, written as it should appear."),
        Field("teaser", Text(), "Opening words; cut with ... when longer than teaser_length (see teaser_cut)."),
        Field("authors", ListOf(Text(), single=True), "Authors, shown as a byline: By A, By A & B, By A, B & C."),
    ],
    waived_by="from",
    extra_check=_title_or_label,
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


def section_type(kind: str, title: str, doc: str, fields: list[Field], items_from_feed: bool = False) -> RecordType:
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
        waived_by="feed" if items_from_feed else None,
    )


BUILT_IN_SECTIONS: dict[str, RecordType] = {
    "features": section_type(
        "features",
        "Features section",
        "Longer pieces, each with a summary.",
        [
            Field("label_separator", Spaced(), "What stands between a label and a title in this section."),
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
        "The people quoted in the news this time.",
        [
            Field("lead", Text(), "Words before the names.", default="Featuring commentary and analysis by"),
            Field("people", ListOf(Text(), min_items=1), "Names, in order.", required=True),
        ],
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
        "The publisher's listing (More from CNAS).",
        [
            Field("teaser_length", Integer(40, 2000), "Longest teaser in this section, in characters."),
            Field("teaser_cut", Choice("word", "length"), "Where this section's long teasers are cut."),
            Field("teaser_ellipsis", Choice("when_cut", "always"), "Whether '...' ends every teaser here."),
            Field("items", ListOf(LISTING_ITEM, min_items=1), "The entries, in order.", required=True),
        ],
        items_from_feed=True,
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

EDITION_FIELDS = [
    Field("series", SOURCE, "The series file, relative to the manifest.", default="series.yaml"),
    Field("date", Date(), "Date of the edition, YYYY-MM-DD.", required=True),
    Field(
        "title", HeaderText(), "Title of the edition; the series' title_pattern makes the full title.", required=True
    ),
    Field(
        "status",
        Choice("published", "draft"),
        "published, or draft: a draft renders and previews but stays out of the feeds, the web archive and its "
        "sitemap (briefkit build --drafts puts it in, for review).",
        default="published",
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
    Field("intro", Markdown(), "The introduction, in Markdown.", required=True),
    Field("call_to_action", CALL_TO_ACTION, "A sentence after the intro that asks the reader to read on."),
    Field("sections", ListOf(Tagged(_KIND, BUILT_IN_SECTIONS), min_items=1), "The sections, in order.", required=True),
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
        extra_check=_title_has_placeholder,
    )


EDITION = edition_type()
