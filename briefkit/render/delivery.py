"""The delivering service's template language kept out of the edition's words, and its per-reader placeholders put
into the email.

With `delivery: {service: ...}` in the series, the service reads the email (and the campaign's subject and preview
text) as a template before it sends: listmonk and Buttondown run what is between ``{{`` and ``}}``, Mailchimp
replaces ``*|...|*``, Mailgun ``%...%``. The edition's own words must never become such a tag.

How, by construction rather than by searching what was rendered:

1. `hand_over` gives the email's templates an edition in which every text (titles, summaries, Markdown, addresses,
   the series' words, what feeds and documents brought in) holds, in place of each character that opens one of the
   service's tags, a stand-in: a character of Unicode's private use plane 15 made for that character. The
   unsubscribe and view-online links are stand-ins too. No template, filter or ``|safe`` can undo this: the words
   no longer hold the service's characters at all. The CSS inliner carries stand-ins as it carries any letter; the
   MJML compiler writes one in an attribute as ``\\u{f007b}`` (as it writes any character it does not print), which
   cannot come from the words: their backslashes are given stand-ins too.
2. `finish_html` and `finish_text` write each stand-in in the one form its output needs: a numeric character
   reference in HTML (the reader's mail program shows the character; the service, which does not decode
   references before it reads its tags, sees none), the service's own way of printing the character in plain text
   (``{{ "{" }}`` for listmonk's and Buttondown's templates) or, where the service has no such way (Mailchimp,
   Mailgun, SES, Postmark), the character between two word joiners (U+2060, invisible), and the service's
   placeholder for each link stand-in.
3. `plain` does the same for a field that is plain text on its own (a subject, a preview text); `check_headers`
   refuses what cannot be escaped there: a sender name or address that holds the service's tag characters.

Text that already held a character of the stand-ins' range is given U+FFFD in its place, so only this module
makes stand-ins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cached_property
from typing import Any

from briefkit.edition.model import Day, Declared, DeclaredSection, Edition
from briefkit.errors import MessageError
from briefkit.manifest.markdown import Rich, with_text

PLANE = 0xF0000  # the stand-in of ASCII character c is chr(PLANE + ord(c))
UNSUBSCRIBE = chr(PLANE + 0x100)  # the stand-in of the reader's unsubscribe address
VIEW = chr(PLANE + 0x101)  # of the reader's view-online address
_RANGE = re.compile("[\U000f0000-\U000f01ff]")
# How the MJML compiler writes a stand-in in an attribute's value.
_COMPILED = re.compile(r"\\u\{(f0[01][0-9a-f]{2})\}")
WORD_JOINER = "\u2060"
BACKSLASH = "\\"


def stand_in(character: str) -> str:
    return chr(PLANE + ord(character))


def _reference(character: str) -> str:
    return f"&#{ord(character)};"


def _printed(character: str) -> str:
    """A Go template's or a Django or Jinja template's action printing ``character``."""
    return '{{ "' + character + '" }}'


def _joined(character: str) -> str:
    return WORD_JOINER + character + WORD_JOINER


@dataclass(frozen=True)
class Service:
    name: str  # as the docs and messages call it
    unsubscribe: str | None  # the reader's unsubscribe address, as the service writes it
    view: str | None  # the reader's view-online address, where the service hosts one
    # The characters that begin or end one of the service's tags in the edition's words, given stand-ins; a pattern
    # when only some of them need one (Mailgun's % but not a URL's %20).
    characters: str = ""
    pattern: str | None = None
    text_form: Callable[[str], str] = _joined  # how plain text shows such a character to the reader
    # What a header's name or address may not hold (it cannot be escaped there): a pattern.
    header_refused: str | None = None
    own_list_headers: bool = True  # the service adds List-Unsubscribe and List-Unsubscribe-Post itself

    @cached_property
    def _finder(self) -> re.Pattern[str]:
        tags = [self.pattern] if self.pattern else ["[" + re.escape(self.characters) + "]"] if self.characters else []
        return re.compile("|".join([re.escape(BACKSLASH), *tags]))

    def carried(self, text: str) -> str:
        """``text`` with a stand-in for each of the service's tag characters and each backslash (and U+FFFD for a
        stand-in given)."""
        if _RANGE.search(text):
            text = _RANGE.sub("\ufffd", text)
        return self._finder.sub(lambda match: stand_in(match.group()), text)

    @cached_property
    def _html_table(self) -> dict[int, str]:
        table = {ord(stand_in(c)): _reference(c) for c in self.characters + BACKSLASH}
        return table | self._links

    @cached_property
    def _text_table(self) -> dict[int, str]:
        table = {ord(stand_in(c)): self.text_form(c) for c in self.characters}
        return table | {ord(stand_in(BACKSLASH)): BACKSLASH} | self._links

    @cached_property
    def _links(self) -> dict[int, str]:
        links = {}
        if self.unsubscribe:
            links[ord(UNSUBSCRIBE)] = self.unsubscribe
        if self.view:
            links[ord(VIEW)] = self.view
        return links

    def html(self, rendered: str) -> str:
        rendered = _COMPILED.sub(lambda match: chr(int(match.group(1), 16)), rendered)
        return rendered.translate(self._html_table)

    def text(self, rendered: str) -> str:
        return rendered.translate(self._text_table)


# Each service's tags, from its own documentation:
# - listmonk: Go templates in the body (html/template), the text part, the subject and the From line; before
#   parsing, an address followed by @TrackLink becomes a TrackLink action.
# - Buttondown: Django-style {{ }}, {% %} and {# #} in the body, subject and description.
# - Mailchimp: merge tags *|NAME|* (and *|IF:...|*) in the content, subject line and preview text.
# - Amazon SES: {{amazonSESUnsubscribeUrl}} in a message sent with list management.
# - Postmark: {{{ pm:unsubscribe }}} in a message on a broadcast stream.
# - Mailgun: %recipient.key%, %recipient_email%, %recipient_name%, %recipient_fname%, %recipient_lname%,
#   %recipient%, %unsubscribe_email%, %unsubscribe_url%, %tag_unsubscribe_url%, %mailing_list_unsubscribe_url%, in
#   the body and the subject. No such name begins with two hexadecimal digits, so a URL's %20 is left as it is.
SERVICES: dict[str, Service] = {
    "listmonk": Service(
        "listmonk",
        "{{ UnsubscribeURL }}",
        "{{ MessageURL }}",
        characters="{}@",
        text_form=_printed,
        header_refused=r"[{}]|@TrackLink",
    ),
    "buttondown": Service(
        "Buttondown",
        "{{ unsubscribe_url }}",
        None,
        characters="{}",
        text_form=_printed,
        header_refused=r"[{}]",
    ),
    "mailchimp": Service("Mailchimp", "*|UNSUB|*", "*|ARCHIVE|*", characters="*|", header_refused=r"\*\||\|\*"),
    "ses": Service("Amazon SES", "{{amazonSESUnsubscribeUrl}}", None, characters="{}", header_refused=r"[{}]"),
    "postmark": Service("Postmark", "{{{ pm:unsubscribe }}}", None, characters="{}", header_refused=r"[{}]"),
    "mailgun": Service(
        "Mailgun",
        "%mailing_list_unsubscribe_url%",
        None,
        characters="%",
        pattern=r"%(?![0-9A-Fa-f]{2})",
        header_refused=r"%(?![0-9A-Fa-f]{2})",
    ),
    "smtp": Service("your own server", None, None, own_list_headers=False),
}


# Without a service only backslashes are given stand-ins, so that the MJML compiler does not double them.
WITHOUT_SERVICE = Service("no service", None, None, own_list_headers=False)


def service_of(edition: Edition) -> Service | None:
    """The service the edition is delivered by, or None when the series names none."""
    return SERVICES[edition.delivery.service] if edition.delivery is not None else None


def _words_for(edition: Edition) -> Service:
    return service_of(edition) or WITHOUT_SERVICE


# -- 1. the edition handed to the email's templates ------------------------------------------------------------


def _carry(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with ``change`` made to every text it holds, however deep."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, Rich):
        return with_text(value, change)
    if isinstance(value, tuple):
        return tuple(_carry(item, change) for item in value)
    if isinstance(value, list):
        return [_carry(item, change) for item in value]
    if isinstance(value, DeclaredSection):
        values = Declared({name: _carry(getattr(value, name), change) for name in value.names()})
        heading = None if value.heading is None else change(value.heading)
        lead_in = None if value.lead_in is None else with_text(value.lead_in, change)
        return DeclaredSection(value.kind, heading, values, lead_in)
    if isinstance(value, Declared):
        return Declared({name: _carry(getattr(value, name), change) for name in value.names()})
    if isinstance(value, Day):
        return replace(value, text=change(value.text))
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _carry(getattr(value, f.name), change) for f in fields(value) if f.init}
        return replace(value, **changes)
    return value  # numbers, dates, paths, None


def hand_over(edition: Edition) -> Edition:
    """The edition as the email's templates are given it: stand-ins for the service's tag characters in its words,
    and for the addresses where the service's per-reader placeholders go."""
    service = _words_for(edition)
    carried: Edition = _carry(edition, service.carried)
    unsubscribe = UNSUBSCRIBE if service.unsubscribe else carried.unsubscribe_url
    web_url = VIEW if service.view else carried.web_url
    return replace(carried, unsubscribe_url=unsubscribe, web_url=web_url, delivery=edition.delivery)


# -- 2. the rendered email -----------------------------------------------------------------------------------


def finish_html(edition: Edition, html: str) -> str:
    """The email's HTML with each stand-in written as a character reference and each link stand-in as the
    service's placeholder."""
    return _words_for(edition).html(html)


def finish_text(edition: Edition, text: str) -> str:
    """The text alternative with each stand-in written as the service shows plain text as it is."""
    return _words_for(edition).text(text)


# -- 3. fields outside the email ------------------------------------------------------------------------------


def plain(edition: Edition, text: str, joined: bool = False) -> str:
    """A field of plain text the service reads as a template (a subject, a preview text), made safe. ``joined``:
    each character between word joiners even where the service can print it (a header's phrase, where quotes
    would be escaped)."""
    service = service_of(edition)
    if service is None:
        return text
    carried = service.carried(text)
    if joined:
        return carried.translate(
            {ord(stand_in(c)): _joined(c) for c in service.characters} | {ord(stand_in(BACKSLASH)): BACKSLASH}
        )
    return service.text(carried)


def check_headers(edition: Edition, named: Iterable[tuple[str, str, str | None]]) -> None:
    """Refuse a name or address that the service would read as a tag where it cannot be escaped (a From line)."""
    service = service_of(edition)
    if service is None or service.header_refused is None or edition.delivery is None:
        return
    refused = re.compile(service.header_refused)
    for key, what, value in named:
        found = refused.search(value) if value else None
        if found:
            raise MessageError.at(
                edition.delivery.where,
                f"the {what} '{value}' holds '{found.group()}', which {service.name} (delivery: service:) reads as "
                "part of a template tag in the message's header lines, where it cannot be shown as it is; write "
                f"{key} without it",
                key,
            )


def headers(edition: Edition) -> Edition:
    """The edition as the message file's header lines take it: the subject and the series' name (in List-Id) made
    safe for the service, and the names and addresses checked."""
    service = service_of(edition)
    if service is None:
        return edition
    check_headers(
        edition,
        [
            ("sender.name", "sender's name", edition.sender_name),
            ("sender.address", "sender's address", edition.sender_address),
            ("message.reply_to", "reply-to address", edition.message.reply_to),
            ("message.to", "list's address", edition.message.to),
        ],
    )
    return replace(
        edition, subject=plain(edition, edition.subject), series_name=plain(edition, edition.series_name, joined=True)
    )
