"""`--format campaign`: outbox/<slug>/campaign.json, the edition in the field names the delivering service's API
takes to create a campaign (or, for the services that have no campaigns, to send one message). docs/sending.md
gives, per service, the call that sends this file."""

from __future__ import annotations

import email.utils
import json
from pathlib import Path
from typing import Any

from briefkit.edition.model import Delivery, Edition
from briefkit.errors import Location, MessageError
from briefkit.render.delivery import headers, plain

NO_SERVICE = (
    "--format campaign needs the service that delivers the list; add delivery: {service: ...} to the series file "
    "(listmonk, buttondown, mailchimp, ses, postmark or mailgun; see docs/sending.md)"
)


def _name(edition: Edition) -> str:
    """The campaign's name in the service's list of campaigns."""
    return plain(edition, f"{edition.title} ({edition.date.isoformat()})")


def _preview(edition: Edition) -> str:
    return plain(edition, edition.preheader)


def _sender(edition: Edition) -> str:
    return email.utils.formataddr((edition.sender_name, edition.sender_address))


def _needs_list(delivery: Delivery, what: str, example: str) -> str:
    if not delivery.list:
        raise MessageError.at(
            delivery.where,
            f"{delivery.service} needs {what} to make the campaign; add it under delivery:, like list: {example}",
            "delivery.list",
        )
    return delivery.list


def _listmonk(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    """POST /api/campaigns: a campaign created as a draft."""
    given = _needs_list(delivery, "the id of the list", "3")
    try:
        lists = [int(part) for part in given.split(",")]
    except ValueError:
        raise MessageError.at(
            delivery.where,
            f"listmonk's lists are numbered; '{given}' is not a list id (or ids separated by commas), like 3 or 3, 4",
            "delivery.list",
        ) from None
    campaign: dict[str, Any] = {
        "name": _name(edition),
        "subject": edition.subject,
        "lists": lists,
        "from_email": _sender(edition),
        "type": "regular",
        "content_type": "html",
        "body": html,
        "altbody": text,
        "messenger": "email",
        "tags": [edition.series_key] if edition.series_key else [],
    }
    if delivery.template is not None:
        campaign["template_id"] = delivery.template
    return campaign


def _buttondown(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    """POST /v1/emails with status draft. Buttondown makes the text part itself."""
    return {"subject": edition.subject, "body": html, "description": _preview(edition), "status": "draft"}


def _mailchimp(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    """Two calls: POST /3.0/campaigns with `campaign` (it is saved as a draft), then PUT
    /3.0/campaigns/{id}/content with `content`."""
    return {
        "campaign": {
            "type": "regular",
            "recipients": {"list_id": _needs_list(delivery, "the audience id", "a1b2c3d4e5")},
            "settings": {
                "subject_line": edition.subject,
                "preview_text": _preview(edition),
                "title": _name(edition),
                "from_name": edition.sender_name,
                "reply_to": edition.message.reply_to or edition.sender_address,
            },
        },
        "content": {"html": html, "plain_text": text},
    }


def _ses(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    """The SES v2 SendEmail request for one reader (Destination is added per reader)."""
    options = {"ContactListName": _needs_list(delivery, "the contact list's name", "Briefings")}
    if delivery.topic:
        options["TopicName"] = delivery.topic
    request: dict[str, Any] = {"FromEmailAddress": _sender(edition)}
    if edition.message.reply_to:
        request["ReplyToAddresses"] = [edition.message.reply_to]
    request["Content"] = {
        "Simple": {
            "Subject": {"Data": edition.subject, "Charset": "UTF-8"},
            "Body": {"Text": {"Data": text, "Charset": "UTF-8"}, "Html": {"Data": html, "Charset": "UTF-8"}},
        }
    }
    request["ListManagementOptions"] = options
    return request


def _postmark(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    """POST /email on a broadcast stream, for one reader (To is added per reader)."""
    message: dict[str, Any] = {"From": _sender(edition), "Subject": edition.subject}
    if edition.message.reply_to:
        message["ReplyTo"] = edition.message.reply_to
    message.update(
        {"HtmlBody": html, "TextBody": text, "MessageStream": delivery.stream, "Tag": edition.series_key or "briefing"}
    )
    return message


def _mailgun(edition: Edition, delivery: Delivery, html: str, text: str) -> dict[str, Any]:
    """The form fields of POST /v3/<domain>/messages, sent to the mailing list's address."""
    fields: dict[str, Any] = {
        "from": _sender(edition),
        "to": _needs_list(delivery, "the mailing list's address", "briefings@mg.example.org"),
        "subject": edition.subject,
        "html": html,
        "text": text,
    }
    if edition.message.reply_to:
        fields["h:Reply-To"] = edition.message.reply_to
    fields["o:tag"] = edition.series_key or "briefing"
    return fields


_MAKERS = {
    "listmonk": _listmonk,
    "buttondown": _buttondown,
    "mailchimp": _mailchimp,
    "ses": _ses,
    "postmark": _postmark,
    "mailgun": _mailgun,
}


def campaign(edition: Edition, html: bytes, text: bytes) -> dict[str, Any]:
    """The campaign as the series' delivering service takes it."""
    delivery = edition.delivery
    if delivery is None:
        raise MessageError.at(
            Location(Path("--format")),
            NO_SERVICE,
            "delivery",
        )
    maker = _MAKERS.get(delivery.service)
    if maker is None:  # smtp: your own server takes the message file
        raise MessageError.at(
            delivery.where,
            "a campaign is for a list service; with service: smtp, hand your server the message file "
            "(--format eml writes email.eml)",
            "delivery.service",
        )
    # The subject made safe for the service's template language, names and addresses checked; the bodies were
    # made safe as they were rendered.
    return maker(headers(edition), delivery, html.decode("utf-8"), text.decode("utf-8"))


def render_campaign(edition: Edition, html: bytes, text: bytes) -> bytes:
    """campaign.json: the same edition gives the same bytes."""
    return (json.dumps(campaign(edition, html, text), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
