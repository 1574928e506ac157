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
3. `headers` and `campaign_words` do the same for the fields that are plain text on their own (a subject, a
   preview text), and refuse what cannot be escaped there: a sender name or address that holds the service's tag
   characters.

Text that already held a character of the stand-ins' range is given U+FFFD in its place, so only this module
makes stand-ins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from functools import lru_cache
from typing import Any

from briefkit.edition.model import Day, Declared, DeclaredSection, Edition
from briefkit.errors import MessageError
from briefkit.manifest.markdown import Rich, with_text
from briefkit.render.services import service_of
from briefkit.render.services.service import Service, joined

PLANE = 0xF0000  # the stand-in of ASCII character c is chr(PLANE + ord(c))
UNSUBSCRIBE = chr(PLANE + 0x100)  # the stand-in of the reader's unsubscribe address
VIEW = chr(PLANE + 0x101)  # of the reader's view-online address
_RANGE = re.compile("[\U000f0000-\U000f01ff]")
# How the MJML compiler writes a stand-in in an attribute's value.
_COMPILED = re.compile(r"\\u\{(f0[01][0-9a-f]{2})\}")
BACKSLASH = "\\"
# Without a service only backslashes are given stand-ins, so that the MJML compiler does not double them.
WITHOUT_SERVICE = Service("", "no service", None, None, own_list_headers=False)


def stand_in(character: str) -> str:
    return chr(PLANE + ord(character))


def _reference(character: str) -> str:
    return f"&#{ord(character)};"


@lru_cache(maxsize=16)
def _finder(service: Service) -> re.Pattern[str]:
    tags = (
        [service.pattern] if service.pattern else [f"[{re.escape(service.characters)}]"] if service.characters else []
    )
    return re.compile("|".join([re.escape(BACKSLASH), *tags]))


def carried(service: Service, text: str) -> str:
    """``text`` with a stand-in for each of the service's tag characters and each backslash (and U+FFFD for a
    stand-in given)."""
    if _RANGE.search(text):
        text = _RANGE.sub("\ufffd", text)
    return _finder(service).sub(lambda match: stand_in(match.group()), text)


def _links(service: Service) -> dict[int, str]:
    links = {}
    if service.unsubscribe:
        links[ord(UNSUBSCRIBE)] = service.unsubscribe
    if service.view:
        links[ord(VIEW)] = service.view
    return links


@lru_cache(maxsize=16)
def _html_table(service: Service) -> dict[int, str]:
    return {ord(stand_in(c)): _reference(c) for c in service.characters + BACKSLASH} | _links(service)


@lru_cache(maxsize=32)
def _text_table(service: Service, form: Callable[[str], str]) -> dict[int, str]:
    table = {ord(stand_in(c)): form(c) for c in service.characters}
    return table | {ord(stand_in(BACKSLASH)): BACKSLASH} | _links(service)


def _written(rendered: str, table: dict[int, str]) -> str:
    """Each stand-in ``rendered`` holds written as ``table`` says (one replace a stand-in found: a rendered email
    holds few of them, and str.translate would look up every character)."""
    for found in set(_RANGE.findall(rendered)):
        rendered = rendered.replace(found, table.get(ord(found), "\ufffd"))
    return rendered


def _words_for(edition: Edition) -> Service:
    return service_of(edition) or WITHOUT_SERVICE


# -- 1. the edition handed to the email's templates ------------------------------------------------------------


def _carry(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with ``change`` made to every text it holds, however deep."""
    if isinstance(value, str):
        changed = change(value)
        return value if changed == value else changed
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
        changes = {f.name: _carry(getattr(value, f.name), change) for f in _fields(type(value))}
        altered = {name: made for name, made in changes.items() if made is not getattr(value, name)}
        return replace(value, **altered) if altered else value  # most of an edition holds nothing to change
    return value  # numbers, dates, paths, None


@lru_cache(maxsize=64)
def _fields(kind: type) -> tuple[Any, ...]:
    return tuple(f for f in fields(kind) if f.init and f.type not in ("Asset | None", "Location"))


def carried_for(edition: Edition, text: str) -> str:
    """``text`` with stand-ins for the delivering service's tag characters, as hand_over makes the edition's words
    (for a value the templates get beside the edition: the correction message's link)."""
    return carried(_words_for(edition), text)


def hand_over(edition: Edition) -> Edition:
    """The edition as the email's templates are given it: stand-ins for the service's tag characters in its words,
    and for the addresses where the service's per-reader placeholders go."""
    service = _words_for(edition)
    handed: Edition = _carry(edition, lambda text: carried(service, text))
    unsubscribe = UNSUBSCRIBE if service.unsubscribe else handed.unsubscribe_url
    web_url = VIEW if service.view else handed.web_url
    return replace(handed, unsubscribe_url=unsubscribe, web_url=web_url, delivery=edition.delivery)


# -- 2. the rendered email -----------------------------------------------------------------------------------


def finish_html(edition: Edition, html: str) -> str:
    """The email's HTML with each stand-in written as a character reference and each link stand-in as the
    service's placeholder."""
    if "\\u{f0" in html:
        html = _COMPILED.sub(lambda match: chr(int(match.group(1), 16)), html)
    return _written(html, _html_table(_words_for(edition)))


def finish_text(edition: Edition, text: str) -> str:
    """The text alternative with each stand-in written as the service shows plain text as it is."""
    service = _words_for(edition)
    return _written(text, _text_table(service, service.text_form))


# -- 3. fields outside the email ------------------------------------------------------------------------------


def _plain(service: Service, text: str, in_phrase: bool = False) -> str:
    """A field of plain text the service reads as a template (a subject, a preview text), made safe. ``in_phrase``:
    each character between word joiners even where the service can print it (a header's phrase, where quotes
    would be escaped)."""
    return _written(carried(service, text), _text_table(service, joined if in_phrase else service.text_form))


def _check_headers(edition: Edition, service: Service) -> None:
    """Refuse a name or address that the service would read as a tag where it cannot be escaped (a From line)."""
    if service.header_refused is None or edition.delivery is None:
        return
    refused = re.compile(service.header_refused)
    named = [
        ("sender.name", "sender's name", edition.sender_name),
        ("sender.address", "sender's address", edition.sender_address),
        ("message.reply_to", "reply-to address", edition.message.reply_to),
        ("message.to", "list's address", edition.message.to),
    ]
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
    _check_headers(edition, service)
    return replace(
        edition,
        subject=_plain(service, edition.subject),
        series_name=_plain(service, edition.series_name, in_phrase=True),
    )


def campaign_words(edition: Edition) -> Edition:
    """The edition as a campaign's fields take it: besides the header lines', its preview text and its title (in
    the campaign's name) made safe."""
    service = service_of(edition)
    if service is None:
        return edition
    return replace(headers(edition), preheader=_plain(service, edition.preheader), title=_plain(service, edition.title))
