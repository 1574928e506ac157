"""Every key a series file may hold (and an edition may override): its type, default and meaning, with the records
they hold (logo, colours, sender, PDF, message, SMTP, delivery, feeds). The one source for validation, JSON Schema
and docs, with edition_fields.py."""

from __future__ import annotations

from briefkit.errors import Problem
from briefkit.manifest.compound_types import ListOf, RecordType
from briefkit.manifest.sharing_fields import SHARING_FIELDS
from briefkit.manifest.text_types import HeaderText, Identifier, Markdown, Pattern, Spaced, Text
from briefkit.manifest.types import Field, Problems, Record
from briefkit.manifest.value_types import Boolean, Choice, HeaderUrl, Integer, MailAddress, Url

COLOR = Pattern(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", "write a hex colour like #1a4480", "a colour")
EMAIL = MailAddress(
    r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+", "write an address like briefings@example.org", "an e-mail address"
)
LANGUAGE = Pattern(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", "write a language tag like en or en-GB", "a language tag")
SOURCE = Text()  # a path; resolved and confined to the project when sources are read


def title_has_placeholder(record: Record, path: str, problems: Problems) -> None:
    """An extra check of the series file and of the edition: a title_pattern with a placeholder must say where the
    title goes ({title}); one without braces is a fixed title, for editions without a title of their own."""
    pattern = record.get("title_pattern")
    if pattern is not None and "{" in pattern and "{title}" not in pattern:
        problems.append(
            Problem(
                record.where("title_pattern"),
                f"{path}.title_pattern" if path else "title_pattern",
                f"'{pattern}' has no {{title}}; write where the edition's title goes, like 'Sharper: {{title}}'",
            )
        )


LOGO = RecordType(
    "Logo",
    "The publisher's logo at the top of the email.",
    [
        Field(
            "src",
            Url(("https", "http")),
            "Address of the logo picture on the web; without it, the address `file:` is published at.",
        ),
        Field("alt", Text(), "Text that stands for the logo when pictures are off.", required=True),
        Field("width", Integer(16, 600), "Width in pixels.", default=160),
        Field("href", Url(), "Where a click on the logo leads."),
        Field(
            "dark_src",
            Url(("https", "http")),
            "A version of the logo for dark mode (light on dark), shown instead when the reader's mail app is in "
            "dark mode; without one, the logo stays as it is.",
        ),
        Field(
            "file",
            SOURCE,
            "The logo in the project, relative to the series file: the PDF reads it, and `briefkit build` publishes "
            "it with the web archive.",
        ),
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
        Field("events", Text(), "Heading of events sections.", default="Events"),
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
        Field(
            "api_url",
            Url(),
            "The service's API address for `briefkit publish`: required for listmonk (self-hosted, like "
            "https://lists.example.org); Buttondown and Mailchimp use their public API when it is not given. https "
            "only, or http to this machine (127.0.0.1, localhost).",
        ),
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
    Field(
        "assets_url",
        Url(("https", "http")),
        "Where the pictures named with `file:` are served from, when not with the web archive (a separate host or "
        "a CDN): a picture's address is <assets_url>/pictures/<name>-<digest>.<ext>; upload outbox/web/pictures/ "
        "there. Without it, <archive_url>/pictures/...",
    ),
    Field(
        "search",
        Boolean(),
        "Whether `briefkit build` indexes the web archive with Pagefind (outbox/web/pagefind/) and puts a search "
        "box on its index page.",
        default=True,
    ),
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
    *SHARING_FIELDS,
    Field("timezone", TIMEZONE, "Time zone of the editions' dates, for feeds.", default="UTC"),
    Field("lang", LANGUAGE, "Language of the editions, like en or en-GB.", default="en"),
    Field(
        "date_format",
        Text(),
        "How dates are written; {month}, {day}, {year} and {weekday} stand for their parts, {day_padded} for the "
        "day with a leading zero (09) and {day_ordinal} for it as an ordinal (9th). Month and weekday names are "
        "in the series' lang. Not given, a language other than English dates in its own long form (9 avril 2020).",
        default="{month} {day}, {year}",
    ),
    Field("label_separator", Spaced(), "What stands between a feature's label and its title.", default=" | "),
    Field(
        "label_position",
        Choice("inline", "above"),
        "Where a label stands: inline (before the title, with label_separator) or above (on its own line over "
        "the title), for features and listing entries.",
        default="inline",
    ),
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
        "contents",
        Boolean(),
        "Whether an edition opens with an 'In this edition' list after its intro: a link to each section (and to "
        "each item of a long section) in the archive page and the PDF, a plain list in the email and the text.",
        default=False,
    ),
    Field(
        "contents_items_over",
        Integer(0, 1000),
        "A section with more than this many items lists its items in the contents too (0: every section's).",
        default=4,
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
        "Series file", "Settings shared by every edition of a series.", fields, extra_check=title_has_placeholder
    )


SERIES = series_type()
