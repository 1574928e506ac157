"""What each service's publisher does, in the service's own API calls: read a campaign's state, create one, change
one, schedule it, delete it. The services' modules (listmonk.py, buttondown.py, mailchimp.py) fill this in; run.py
decides which calls to make."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Protocol

from briefkit.render.services.service import Service
from briefkit.sending.publish.http import Refused, Unanswered

NEW = "{id}"  # in a dry run, the id the service would give


class Api(Protocol):
    def call(self, method: str, path: str, body: Any = None) -> Any: ...


@dataclass(frozen=True)
class Made:
    """A campaign as the service knows it."""

    id: str | int
    web_id: str | int | None = None


class Gone(Exception):
    """The service has no campaign with that id (any more)."""


class HalfMade(Exception):
    """A call after the campaign was created failed; ``cleaned`` says whether the campaign was deleted again (else
    ``left`` is its id), ``error`` is the failure."""

    def __init__(self, error: Refused | Unanswered, left: str | int | None, cleaned: bool, step: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.left = left
        self.cleaned = cleaned
        self.step = step


class Publisher(ABC):
    service: Service
    draft: str  # the service's name for a draft's state (what a dry run pretends)

    @abstractmethod
    def credentials(self, user: str | None, token: str) -> dict[str, str]:
        """The request headers that carry the credentials."""

    @abstractmethod
    def masked(self) -> dict[str, str]:
        """The same headers as a dry run shows them."""

    @abstractmethod
    def said(self, body: Any) -> str:
        """The service's own message in an error's JSON body."""

    @abstractmethod
    def state(self, api: Api, kept: Made) -> str:
        """The campaign's state; raises Gone when the service has no such campaign."""

    @abstractmethod
    def create(self, api: Api, fields: dict[str, Any], when: dt.datetime | None) -> Made:
        """Create the campaign, filled (with its time, where the service takes it in the same call); raises
        HalfMade when a call after the first failed."""

    @abstractmethod
    def schedule(self, api: Api, made: Made, when: dt.datetime) -> None:
        """Schedule the campaign just created, when the service takes that in a call of its own."""

    @abstractmethod
    def update(self, api: Api, kept: Made, fields: dict[str, Any], when: dt.datetime | None, state: str) -> None:
        """Change the campaign in ``state`` (one of the service's editable ones) to ``fields``, scheduled at
        ``when`` or a draft."""

    def dry_reply(self) -> Any:
        """What a dry run pretends the service answered to every call: a new campaign, a draft."""
        return {"id": NEW, "web_id": NEW, "status": self.draft, "data": {"id": NEW, "status": self.draft}}


def utc(when: dt.datetime) -> str:
    """``when`` in UTC, as the APIs take it: 2026-05-01T07:30:00Z."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gone_when_404(error: Refused) -> Exception:
    return Gone() if error.status == 404 else error
