"""The property that the edition's words are never the delivering service's template language.

For each service, a corpus of that service's tag syntax (and every other service's, whole, split across two fields,
encoded as entities or in addresses, broken by Markdown emphasis, in Unicode look-alikes, and forging briefkit's own
stand-ins) is put into every text field of a manifest, its series file and a feed it takes items from. The email's
HTML, its text, the message file and campaign.json must hold no tag the service would run, besides the placeholders
briefkit puts there, as many as without the hostile words; and, read as the service and the reader's mail program
would read them, they must show exactly what the same edition shows without a service.

Each service's reading is written here from its own documentation, apart from briefkit's code:
- listmonk (Go templates): every ``{{ ... }}`` is an action, and an address followed by ``@TrackLink`` becomes one;
- Buttondown (Django-style): ``{{ }}``, ``{% %}`` and ``{# #}``;
- Mailchimp: ``*|NAME|*`` merge tags;
- Amazon SES and Postmark: their unsubscribe placeholders, and any other ``{{``;
- Mailgun: ``%recipient.key%`` and its named variables.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
import html.parser
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from briefkit.api import load_edition
from briefkit.edition.model import Delivery, Edition
from briefkit.errors import Location
from briefkit.render.outputs import render_outputs
from briefkit.render.templates import Theme

SERVICES = ["listmonk", "buttondown", "mailchimp", "ses", "postmark", "mailgun"]
LISTS = {"listmonk": "3", "mailchimp": "a1b2c3d4e5", "ses": "Briefings", "mailgun": "briefings@mg.example.org"}
PLACEHOLDERS = {
    "listmonk": {"{{ UnsubscribeURL }}": "unsubscribe", "{{ MessageURL }}": "view"},
    "buttondown": {"{{ unsubscribe_url }}": "unsubscribe"},
    "mailchimp": {"*|UNSUB|*": "unsubscribe", "*|ARCHIVE|*": "view"},
    "ses": {"{{amazonSESUnsubscribeUrl}}": "unsubscribe"},
    "postmark": {"{{{ pm:unsubscribe }}}": "unsubscribe"},
    "mailgun": {"%mailing_list_unsubscribe_url%": "unsubscribe"},
}
# How listmonk's and Buttondown's templates print a character as it is: the only actions allowed besides the
# placeholders.
PRINTED = re.compile(r'\{\{\s*"(.)"\s*\}\}')  # a header folded inside one may hold more spaces
WORD_JOINER = "\u2060"
STAND_INS = re.compile("[\U000f0000-\U000f01ff]")

# -- the corpus ------------------------------------------------------------------------------------------------

FORMS: dict[str, list[str]] = {
    "go": [
        "{{ .Subscriber.Email }}",
        "{{.Subscriber.Attribs}}{{ range $k, $v := . }}{{ $v }}{{ end }}",
        '{{- template "content" . -}}',
        '{{ TrackLink "https://evil.example/" }}',
        "see https://evil.example/x@TrackLink now",
        "{{ UnsubscribeURL }} {{ MessageURL }}",
    ],
    "django": [
        "{{ subscriber.email }}",
        "{% if subscriber.email %}{{ subscriber.metadata }}{% endif %}",
        "{# a note #} {%raw%}",
        "{{ unsubscribe_url }}",
    ],
    "mailchimp": ["*|EMAIL|*", "*|IF:FNAME|*hi*|END:IF|*", "*|UNSUB|* *|ARCHIVE|*", r"\*|EMAIL|\*"],
    "ses_postmark": ["{{amazonSESUnsubscribeUrl}}", "{{{ pm:unsubscribe }}}", "{{{pm:unsubscribe}}}"],
    "mailgun": [
        "%recipient_email% %recipient_name% %recipient_fname% %recipient_lname%",
        "%recipient% %recipient.first% %unsubscribe_email%",
        "%unsubscribe_url% %tag_unsubscribe_url% %mailing_list_unsubscribe_url%",
        "100%recipient_email%20",
    ],
    # A field ending with the first half of a tag and the next field starting with the rest, wherever a template
    # puts two fields side by side.
    "split": ["{ .Subscriber.Email }} and *|EMAIL|* and recipient_email% and {"],
    "encoded": [
        "&#123;&#123; .Subscriber.Email &#125;&#125; &lcub;&lcub; x }} &#42;|EMAIL|&#42; &#37;recipient_email&#37;",
        "%7B%7B .Subscriber.Email %7D%7D %2Arecipient_email%25",
    ],
    "markdown": [
        "{*{* .Subscriber.Email }} and *{{* .Subscriber.Email *}}* and `{{ .Subscriber.Email }}`",
        "**%**recipient_email% and *|*EMAIL*|* and {_{_ x }}",
    ],
    "markup": [
        "<style> {{ .Subscriber.Email }} *|EMAIL|* %recipient_email% </style>",
        "</style><b>{{ x }}</b><!-- {{ y }} --><![CDATA[ *|EMAIL|* ]]>",
    ],
    "lookalike": ["｛｛ .Subscriber.Email ｝｝ ⁎|EMAIL|⁎ ﹪recipient_email﹪ ❴❴ x ❵❵"],
    "forgery": ["\\u{f0100} \\\\u{f007b} \\{{ x }} \U000f0100 \U000f007b\U000f007b .Subscriber.Email }}"],
}
# In addresses, as far as an address may hold them ({, }, |, a backslash and a bare % are refused in addresses
# before any render), and percent-encoded.
ADDRESSES: dict[str, str] = {
    "go": "https://example.org/x@TrackLink?u=%7B%7B.Subscriber.Email%7D%7D",
    "django": "https://example.org/?q=%7B%25if%25%7D%7B%7Bx%7D%7D",
    "mailchimp": "https://example.org/*%7CEMAIL%7C*",
    "ses_postmark": "https://example.org/%7B%7BamazonSESUnsubscribeUrl%7D%7D",
    "mailgun": "https://example.org/%25recipient_email%25?a=%25unsubscribe_url%25",
    "split": "https://example.org/TrackLink*",
    "encoded": "https://example.org/&#123;&#123;x&#125;&#125;?m=%2A%7CEMAIL%7C%2A&g=%25recipient_email%25",
    "markdown": "https://example.org/*x*@TrackLink",
    "markup": "https://example.org/%3Cstyle%3E%7B%7Bx%7D%7D",
    "lookalike": "https://example.org/｛｛x｝｝⁎",
    "forgery": "https://example.org/%5Cu%7Bf0100%7D",
}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML flow scalar


SERIES = """\
name: {w}
publisher: {w}
title_pattern: {pattern}
tagline: {w}
archive_url: https://example.org/archive
headings: {{features: {w}, commentaries: {w}, in_the_news: {w}, about: {w}, subscribe: {w}, listing: {w}, events: {w}}}
about: {w}
subscribe: {{text: {w}, url: {u}, button: {w}}}
sender: {{name: Sharper, address: sharper@example.org}}
postal_address: {w}
unsubscribe_url: https://example.org/unsubscribe
colors: {{accent: "#0b4f8a", text: "#1b1b1b", muted: "#5c5c5c", background: "#eef0f2"}}
logo: {{src: {u}, alt: {w}, width: 180, href: {u}}}
label_separator: {w}
lang: en
timezone: America/New_York
link_tags: {{utm_source: {w}, utm_campaign: "{{slug}}-{{date}}-{{section}}", utm_content: {w}}}
forward: {{text: {w}, url: {u}}}
share: [email, linkedin, x, {{mastodon: social.example}}, {{name: {w}, address: "https://share.example/?u={{url}}&t={{title}}"}}]
"""

MANIFEST = """\
series: forms.series.yaml
date: 2021-03-31
title: {w}
subject: {w}
preheader: {w}
keywords: [{w}]
web_url: {u}
byline: [{w}, {w}]
intro: {w}
call_to_action: {{text: {w}, url: {u}}}
sections:
  - kind: features
    heading: {w}
    lead_in: {w}
    label_separator: {w}
    items:
      - {{title: {w}, url: {u}, label: {w}, label_separator: {w}, date: {w}, summary: {w},
          image: {{src: {u}, alt: {w}}}}}
    feed: {{source: ../feeds/forms.xml, limit: 2}}
    overrides:
      - {{url: "https://example.org/feed/two", title: {w}, summary: {w}, label: {w}}}
  - kind: commentaries
    heading: {w}
    lead_in: {w}
    items:
      - {{title: {w}, url: {u}, summary: {w}}}
      - title: {w}
        url: {u}
        quote: {{text: {w}, continued: {w}, authors: [{w}, {w}], venue: {w}, preposition: {w}, verb: {w}}}
  - kind: in_the_news
    heading: {w}
    lead_in: {w}
    lead: {w}
    people: [{w}, {w}]
  - kind: in_the_news
    items:
      - {{person: {w}, outlet: {w}, date: 2021-03-30, title: {w}, url: {u}, quote: {w}}}
      - {{people: [{w}, {w}], outlet: {w}, date: 2021-03-29, title: {w}, url: {u}}}
  - kind: about
    heading: {w}
    lead_in: {w}
    text: {w}
  - kind: subscribe
    heading: {w}
    lead_in: {w}
    text: {w}
    url: {u}
    button: {w}
  - kind: listing
    heading: {w}
    lead_in: {w}
    items:
      - {{title: {w}, url: {u}, label: {w}, label_separator: {w}, date: {w}, teaser: {w}, authors: [{w}]}}
    feed: {{source: ../feeds/forms.xml, limit: 2}}
    overrides:
      - {{url: "https://example.org/feed/one", teaser: {w}, authors: [{w}]}}
  - kind: events
    heading: {w}
    lead_in: {w}
    items:
      - {{title: {w}, url: {u}, start: 2021-04-20 14:00, duration: 1h, place: {w}, summary: {w}}}
"""

FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Forms</title>
<link>https://example.org/</link>
<item><title>{w}</title><link>https://example.org/feed/one</link><description>{w}</description>
<dc:creator>{w}</dc:creator><category>{w}</category><pubDate>Tue, 30 Mar 2021 09:00:00 GMT</pubDate></item>
<item><title>{w}</title><link>https://example.org/feed/two</link><description>&lt;p&gt;{w}&lt;/p&gt;</description>
<pubDate>Mon, 29 Mar 2021 09:00:00 GMT</pubDate></item>
</channel></rss>
"""

# What is left out, and why: where a document, a feed or a picture comes from (`from`, `feed.source`, `file`), how
# feed entries are chosen (`match`), which edition another translates (`translation_of`: a file or a slug), settings
# that are names or numbers, not words (`series`, `theme`, `date_format`, `delivery`, `smtp`), and addresses with a
# form of their own (colours, e-mail addresses, hosts).
NOT_WORDS = (
    "series", "from", "feed", "file", "date_format", "theme", "delivery", "smtp", "overrides", "translation_of",
)  # fmt: skip


def _words(form: str) -> str:
    """The form with words around it, so that a field never holds only markup (an empty title is refused)."""
    return f"Word {form} word"


def _fields(form: str, address: str) -> dict[str, str]:
    w, u = _q(_words(form)), _q(address)
    return {"w": w, "u": u, "pattern": _q(f"Sharper {form}: {{title}}")}


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _project(tmp: Path, group: str) -> Path:
    # Each form of the group in a field of its own would take a render each; they go together, the first form
    # first, so that the split forms start and end a field.
    form = " · ".join(FORMS[group]) if group != "split" else FORMS["split"][0]
    (tmp / "editions").mkdir()
    (tmp / "feeds").mkdir()
    fields = _fields(form, ADDRESSES[group])
    (tmp / "editions" / "forms.series.yaml").write_text(SERIES.format(**fields), "utf-8")
    (tmp / "editions" / "forms.yaml").write_text(MANIFEST.format(**fields), "utf-8")
    (tmp / "feeds" / "forms.xml").write_text(FEED.format(w=_xml(_words(form))), "utf-8")
    return tmp / "editions" / "forms.yaml"


# -- how each service reads what it is given ---------------------------------------------------------------------

MAILGUN = re.compile(
    r"%(recipient(\.[^%\s]+)?|recipient_(email|name|fname|lname)|unsubscribe_email|unsubscribe_url"
    r"|tag_unsubscribe_url|mailing_list_unsubscribe_url)%",
    re.IGNORECASE,
)


def live_tags(service: str, text: str) -> list[str]:
    """The tags ``service`` would run in ``text`` (placeholders included)."""
    if service == "listmonk":
        found = re.findall(r"https?://\S*?@TrackLink", text)
        return found + re.findall(r"\{\{.*?\}\}", text, re.DOTALL) + re.findall(r"\{\{(?!.*?\}\})", text, re.DOTALL)
    if service == "buttondown":
        return re.findall(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[{%#]", text, re.DOTALL)
    if service == "mailchimp":
        return re.findall(r"\*\|.*?\|\*|\*\|", text, re.DOTALL)
    if service in ("ses", "postmark"):
        return re.findall(r"\{\{\{.*?\}\}\}|\{\{.*?\}\}|\{\{", text, re.DOTALL)
    return [match.group() for match in MAILGUN.finditer(text)]


def foreign_tags(service: str, text: str) -> list[str]:
    """The tags in ``text`` that are neither the service's placeholders nor its way of printing a character."""
    allowed = set(PLACEHOLDERS[service])
    tags = live_tags(service, text)
    # A {{ "x" }} printing a character is counted once by the patterns above; anything else is foreign.
    return [
        t for t in tags if t not in allowed and not (service in ("listmonk", "buttondown") and PRINTED.fullmatch(t))
    ]


def placeholder_count(service: str, text: str) -> int:
    """How many of the service's placeholders ``text`` holds."""
    return sum(text.count(p) for p in PLACEHOLDERS[service])


def as_read(service: str, text: str, edition: Edition, markup: bool = False) -> str:
    """Text as the service turns it into what the reader gets: characters printed, the links filled in (with the
    series' own addresses, as the edition has them without a service), word joiners unseen."""
    links = {"unsubscribe": edition.unsubscribe_url, "view": edition.web_url or ""}
    for placeholder, link in PLACEHOLDERS[service].items():
        text = text.replace(placeholder, html.escape(links[link]) if markup else links[link])
    if service in ("listmonk", "buttondown"):
        text = PRINTED.sub(lambda match: match.group(1), text)
    return text.replace(WORD_JOINER, "")


class Seen(html.parser.HTMLParser):
    """What a mail program shows of the HTML: text (references decoded) and the attributes readers meet."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[str] = []
        self.style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.style = tag == "style"
        for name, value in attrs:
            if name in ("href", "src", "alt", "title") and value is not None:
                self.seen.append(f"{tag}@{name}={value}")

    def handle_endtag(self, tag: str) -> None:
        self.style = False

    def handle_data(self, data: str) -> None:
        if not self.style and data.strip():
            self.seen.append(data)


def seen(html_text: str) -> list[str]:
    reader = Seen()
    reader.feed(html_text)
    return reader.seen


# -- the property ------------------------------------------------------------------------------------------------


def _with_service(edition: Edition, service: str) -> Edition:
    return replace(edition, delivery=Delivery(service, Location(Path("forms.series.yaml")), LISTS.get(service)))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _header_words(message: email.message.EmailMessage) -> list[str]:
    """Each header's words as a program reading it gets them: a name and address apart, quoting undone."""
    words = []
    for name, value in message.items():
        if name.lower() in ("from", "to", "reply-to", "list-id"):
            words += [part for pair in email.utils.getaddresses([str(value)]) for part in pair]
        else:
            words.append(str(value))
    return words


def _render(edition: Edition, theme: Theme, formats: list[str]) -> dict[str, str]:
    return {name: data.decode("utf-8") for name, data in render_outputs(edition, theme, formats).files.items()}


@pytest.fixture(scope="module", params=sorted(FORMS))
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Edition, Theme]:
    manifest = _project(tmp_path_factory.mktemp(request.param), request.param)
    edition, theme, _ = load_edition(manifest)
    return edition, theme


@pytest.mark.parametrize("service", SERVICES)
def test_no_field_of_any_form_becomes_a_live_tag(loaded: tuple[Edition, Theme], service: str) -> None:
    edition, theme = loaded
    plain = _render(edition, theme, ["email", "text", "eml"])
    made = _render(_with_service(edition, service), theme, ["email", "text", "eml", "campaign"])
    html_text, text = made["email.html"], made["email.txt"]
    message = email.message_from_string(made["email.eml"], policy=email.policy.default)
    campaign = json.loads(made["campaign.json"])

    # No tag but the placeholders (and printed characters), and no more placeholders than the links need.
    for name, output in [("email.html", html_text), ("email.txt", text)]:
        assert foreign_tags(service, output) == [], name
    parts = [part.get_content() for part in message.walk() if not part.is_multipart()]
    assert [part.replace("\r\n", "\n").rstrip("\n") for part in parts] == [
        text.rstrip("\n"),
        html_text.rstrip("\n"),
    ]  # the message file carries the same
    for value in [*_header_words(message), *_strings(campaign)]:
        assert foreign_tags(service, value) == [], value
    # The footer's unsubscribe link; the view-online link at the top and in the footer of the HTML, at the top of
    # the text.
    views = len(PLACEHOLDERS[service]) - 1
    assert placeholder_count(service, html_text) == 1 + 2 * views
    assert placeholder_count(service, text) == 1 + views

    # What the reader sees is what the same edition shows without a service.
    assert seen(as_read(service, html_text, edition, markup=True)) == seen(plain["email.html"])
    assert as_read(service, text, edition) == plain["email.txt"]
    # A character of the stand-ins' range (which only briefkit may write) is shown as U+FFFD.
    subject = as_read(service, str(message["Subject"]), edition)
    plain_subject = str(email.message_from_string(plain["email.eml"], policy=email.policy.default)["Subject"])
    assert subject == STAND_INS.sub("\ufffd", plain_subject)
    shown = {
        "listmonk": lambda c: (c["subject"], None),
        "buttondown": lambda c: (c["subject"], c["description"]),
        "mailchimp": lambda c: (c["campaign"]["settings"]["subject_line"], c["campaign"]["settings"]["preview_text"]),
        "ses": lambda c: (c["Content"]["Simple"]["Subject"]["Data"], None),
        "postmark": lambda c: (c["Subject"], None),
        "mailgun": lambda c: (c["subject"], None),
    }[service](campaign)
    assert as_read(service, shown[0], edition) == STAND_INS.sub("\ufffd", edition.subject)
    if shown[1] is not None:
        assert as_read(service, shown[1], edition) == STAND_INS.sub("\ufffd", edition.preheader)


def test_the_hostile_words_reach_the_email(loaded: tuple[Edition, Theme]) -> None:
    """The corpus is no corpus if its words were refused or lost on the way: each form is in the plain email."""
    edition, theme = loaded
    plain = _render(edition, theme, ["email", "text"])
    shown = " ".join(seen(plain["email.html"]))
    assert shown.count("Word ") >= 40  # a field each: titles, labels, headings, summaries, alt texts, the footer
    assert edition.subject.startswith("Word ")


def test_the_corpus_plants_every_text_field_of_the_schema() -> None:
    """Every key of a manifest or series file that holds words is planted above (or said not to be words)."""
    from briefkit.manifest.json_schema import edition_schema, series_schema

    def words(schema: dict[str, Any], path: str, found: set[str]) -> None:
        for key, value in schema.get("properties", {}).items():
            if key not in NOT_WORDS:
                words(value, f"{path}.{key}" if path else key, found)
        for part in ("items",):
            if part in schema:
                words(schema[part], path, found)
        for part in ("oneOf", "anyOf"):
            for value in schema.get(part, []):
                words(value, path, found)
        kind = schema.get("type")
        if (kind == "string" or (isinstance(kind, list) and "string" in kind)) and not (
            schema.get("pattern") or schema.get("format") or schema.get("enum")
        ):
            found.add(path.rsplit(".", 1)[-1])

    keys: set[str] = set()
    words(edition_schema(), "", keys)
    words(series_schema(), "", keys)
    planted = set(re.findall(r"([a-z_]+): \{w\}", SERIES + MANIFEST)) | set(
        re.findall(r"\{([a-z_]+): \{w\}", SERIES + MANIFEST)
    )
    planted |= set(re.findall(r"([a-z_]+): \[\{w\}", SERIES + MANIFEST)) | {"title_pattern"}
    assert keys - planted == set()


def test_the_corpus_size_is_reported() -> None:
    """fields x services x forms, for the closing note of the work that added it."""
    fields = (SERIES + MANIFEST).count("{w}") + FEED.count("{w}") + (SERIES + MANIFEST).count("{u}")
    forms = sum(len(group) for group in FORMS.values()) + len(ADDRESSES)
    print(f"merge-tag property: {fields} fields x {len(SERVICES)} services x {forms} forms")
    assert fields >= 80 and forms >= 25
