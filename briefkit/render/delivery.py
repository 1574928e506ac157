"""The delivering service's per-reader placeholders in the email.

With `delivery: {service: ...}` in the series, the email's unsubscribe links (and its view-online link, where the
service hosts one) carry the placeholder that service replaces with each reader's own address when it sends. The
edition is rendered with marker addresses in their place, and the markers are swapped for the placeholders at the
end, so the templates stay the same for every service.

The edition's own words are data, never the service's template language: where its text holds what the service
would read as a placeholder or a template tag (listmonk's and Buttondown's ``{{``, Mailchimp's ``*|``), it is
written so that the service shows it as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from briefkit.edition.model import Edition

# What the templates are given in place of the addresses; never in an output.
UNSUBSCRIBE_MARK = "https://unsubscribe.placeholder.briefkit.invalid/"
VIEW_MARK = "https://view.placeholder.briefkit.invalid/"


@dataclass(frozen=True)
class Service:
    name: str  # as the docs and messages call it
    unsubscribe: str | None  # the reader's unsubscribe address, as the service writes it
    view: str | None  # the reader's view-online address, where the service hosts one
    html_escapes: tuple[tuple[str, str], ...] = ()  # service syntax in the edition's words -> the same, shown as is
    text_escapes: tuple[tuple[str, str], ...] = ()
    own_list_headers: bool = True  # the service adds List-Unsubscribe and List-Unsubscribe-Post itself


SERVICES: dict[str, Service] = {
    "listmonk": Service(
        "listmonk",
        "{{ UnsubscribeURL }}",
        "{{ MessageURL }}",
        html_escapes=(("{{", "{&#123;"),),
        text_escapes=(("{{", '{{"{{"}}'),),  # Go templates: an action that prints the two braces
    ),
    "buttondown": Service(
        "Buttondown",
        "{{ unsubscribe_url }}",
        None,
        html_escapes=(("{{", "{&#123;"), ("{%", "{&#37;"), ("{#", "{&#35;")),
        text_escapes=(
            ("{{", "{% templatetag openvariable %}"),
            ("{%", "{% templatetag openblock %}"),
            ("{#", "{% templatetag opencomment %}"),
        ),
    ),
    "mailchimp": Service(
        "Mailchimp",
        "*|UNSUB|*",
        "*|ARCHIVE|*",
        html_escapes=(("*|", "&#42;|"), ("|*", "|&#42;")),
        text_escapes=(("*|", "* |"), ("|*", "| *")),  # merge tags have no escape in plain text
    ),
    "ses": Service(
        "Amazon SES",
        "{{amazonSESUnsubscribeUrl}}",
        None,
        html_escapes=(("{{amazonSES", "{&#123;amazonSES"),),
        text_escapes=(("{{amazonSES", "{ {amazonSES"),),
    ),
    "postmark": Service(
        "Postmark",
        "{{{ pm:unsubscribe }}}",
        None,
        html_escapes=(("{{{", "{&#123;{"),),
        text_escapes=(("{{{", "{ {{"),),
    ),
    "mailgun": Service(
        "Mailgun",
        "%mailing_list_unsubscribe_url%",
        None,
        html_escapes=(
            ("%mailing_list_unsubscribe_url%", "&#37;mailing_list_unsubscribe_url%"),
            ("%unsubscribe_url%", "&#37;unsubscribe_url%"),
            ("%tag_unsubscribe_url%", "&#37;tag_unsubscribe_url%"),
            ("%recipient.", "&#37;recipient."),
        ),
        text_escapes=(
            ("%mailing_list_unsubscribe_url%", "% mailing_list_unsubscribe_url%"),
            ("%unsubscribe_url%", "% unsubscribe_url%"),
            ("%tag_unsubscribe_url%", "% tag_unsubscribe_url%"),
            ("%recipient.", "% recipient."),
        ),
    ),
    "smtp": Service("your own server", None, None, own_list_headers=False),
}


def service_of(edition: Edition) -> Service | None:
    """The service the edition is delivered by, or None when the series names none."""
    return SERVICES[edition.delivery.service] if edition.delivery is not None else None


def with_marks(edition: Edition) -> Edition:
    """The edition as the email's templates are given it: marker addresses where the service's placeholders go."""
    service = service_of(edition)
    if service is None:
        return edition
    unsubscribe = UNSUBSCRIBE_MARK if service.unsubscribe else edition.unsubscribe_url
    web_url = VIEW_MARK if service.view else edition.web_url
    return replace(edition, unsubscribe_url=unsubscribe, web_url=web_url)


_STYLE = re.compile(r"(<style\b.*?</style\s*>)", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=32)
def _pattern(escapes: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(found) for found, _ in sorted(escapes, key=lambda e: -len(e[0]))))


def _escaped(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    """Each escape made in one pass, so that what one writes is never taken for another's."""
    if not escapes:
        return text
    shown = dict(escapes)
    return _pattern(escapes).sub(lambda match: shown[match.group()], text)


def finish_html(edition: Edition, html: str) -> str:
    """The rendered email with the service's syntax in the edition's words made harmless (style sheets are the
    theme's, and left alone) and the markers replaced by the service's placeholders."""
    service = service_of(edition)
    if service is None:
        return html
    parts = _STYLE.split(html)
    html = "".join(part if index % 2 else _escaped(part, service.html_escapes) for index, part in enumerate(parts))
    return _placeholders(service, html)


def finish_text(edition: Edition, text: str) -> str:
    """The text alternative, likewise."""
    service = service_of(edition)
    if service is None:
        return text
    return _placeholders(service, _escaped(text, service.text_escapes))


def _placeholders(service: Service, text: str) -> str:
    if service.unsubscribe:
        text = text.replace(UNSUBSCRIBE_MARK, service.unsubscribe)
    if service.view:
        text = text.replace(VIEW_MARK, service.view)
    return text
