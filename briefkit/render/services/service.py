"""What briefkit knows of one delivering service: how it names the reader's links, which characters open its
template tags and how its text shows them as they are, what it adds to a message itself, and the fields of the
campaign its API takes."""

from __future__ import annotations

import email.utils
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.errors import MessageError

WORD_JOINER = "\u2060"

# A campaign maker: the edition (its subject and names already made safe for the service), its delivery settings,
# and the email's finished HTML and text -> the JSON the service's API takes.
CampaignMaker = Callable[[Edition, Delivery, str, str], dict[str, Any]]


def printed(character: str) -> str:
    """A Go template's, or a Django or Jinja template's, action printing ``character`` as it is."""
    return '{{ "' + character + '" }}'


def joined(character: str) -> str:
    """``character`` between two word joiners (U+2060, invisible), where a service has no way to print it."""
    return WORD_JOINER + character + WORD_JOINER


@dataclass(frozen=True)
class Publishing:
    """How `briefkit publish` reaches the service's API (the calls themselves are in briefkit/sending/publish/): its
    public address, the states in which a campaign may still be changed, and where the editor sees it."""

    api_url: str | None  # the public API's address; None: self-hosted, `delivery: api_url:` required
    editable: frozenset[str]  # a campaign in one of these states is updated; in any other it was sent or is sending
    web: str  # the campaign's page in the service's web interface: {api_url}, {id}, {web_id}, {dc} filled in
    user: bool = False  # the API takes a user name besides the token (BRIEFKIT_DELIVERY_USER)


@dataclass(frozen=True)
class Service:
    key: str  # as the series file names it: `delivery: {service: listmonk}`
    name: str  # as the docs and messages call it
    unsubscribe: str | None  # the reader's unsubscribe address, as the service writes it
    view: str | None  # the reader's view-online address, where the service hosts one
    # The characters that begin or end one of the service's tags in the edition's words; a pattern when only some
    # of them count (Mailgun's % but not a URL's %20).
    characters: str = ""
    pattern: str | None = None
    text_form: Callable[[str], str] = joined  # how the service's plain text shows such a character as it is
    header_refused: str | None = None  # what a header's name or address may not hold: a pattern
    own_list_headers: bool = True  # the service adds List-Unsubscribe and List-Unsubscribe-Post itself
    settings: tuple[str, ...] = ()  # the service's own keys under `delivery:` besides list (template, topic...)
    campaign: CampaignMaker | None = None  # None: no campaign (your own server takes the message file)
    publishing: Publishing | None = None  # how `briefkit publish` puts the campaign into the service
    no_publish: str | None = None  # else: why `briefkit publish` refuses, and what to do instead


def sender(edition: Edition) -> str:
    """The From line's name and address, as the APIs take them."""
    return email.utils.formataddr((edition.sender_name, edition.sender_address))


def campaign_name(edition: Edition) -> str:
    """The campaign's name in the service's list of campaigns."""
    return f"{edition.title} ({edition.date.isoformat()})"


def needed_list(delivery: Delivery, what: str, example: str) -> str:
    """`delivery: list:`, or a located message saying it is ``what`` for this service, like ``example``."""
    if not delivery.list:
        raise MessageError.at(
            delivery.where,
            f"{delivery.service} needs {what} to make the campaign; add it under delivery:, like list: {example}",
            "delivery.list",
        )
    return delivery.list
