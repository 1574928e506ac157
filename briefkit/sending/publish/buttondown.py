"""Buttondown (public/openapi.json of its docs): POST /v1/emails with status draft, or scheduled with a
publish_date; PATCH /v1/emails/{id} changes it. Credentials: `Authorization: Token <key>`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefkit.render.services import buttondown
from briefkit.sending.publish.base import Api, Gone, Made, Publisher, gone_when_404, utc
from briefkit.sending.publish.http import MASK, Refused


class Buttondown(Publisher):
    service = buttondown.SERVICE
    draft = "draft"

    def credentials(self, user: str | None, token: str) -> dict[str, str]:
        return {"Authorization": f"Token {token}"}

    def masked(self) -> dict[str, str]:
        return {"Authorization": f"Token {MASK}"}

    def said(self, body: Any) -> str:
        detail = body["detail"]
        if isinstance(detail, list):  # a validation error: each with where (loc) and what (msg)
            return "; ".join(
                f"{'.'.join(str(p) for p in item.get('loc', []))}: {item.get('msg', '')}" for item in detail
            )
        return str(detail)

    def state(self, api: Api, kept: Made) -> str:
        try:
            status = str(api.call("GET", f"/v1/emails/{kept.id}")["status"])
        except Refused as error:
            raise gone_when_404(error) from None
        if status == "deleted":
            raise Gone()
        return status

    @staticmethod
    def _fields(fields: dict[str, Any], when: dt.datetime | None) -> dict[str, Any]:
        if when:
            return {**fields, "status": "scheduled", "publish_date": utc(when)}
        return {**fields, "status": "draft"}

    def create(self, api: Api, fields: dict[str, Any], when: dt.datetime | None) -> Made:
        return Made(api.call("POST", "/v1/emails", self._fields(fields, when))["id"])

    def schedule(self, api: Api, made: Made, when: dt.datetime) -> None:
        """Nothing: the email was created scheduled, its publish_date given."""

    def update(self, api: Api, kept: Made, fields: dict[str, Any], when: dt.datetime | None, state: str) -> None:
        body = self._fields(fields, when)
        if not when:
            body["publish_date"] = None  # a draft again, no longer scheduled
        api.call("PATCH", f"/v1/emails/{kept.id}", body)
