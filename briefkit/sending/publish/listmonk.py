"""listmonk (docs/swagger/collections.yaml and its API docs): POST /api/campaigns creates a draft with the body;
PUT /api/campaigns/{id} changes it; PUT /api/campaigns/{id}/status schedules it (send_at set) or takes it back to
a draft. Credentials: `Authorization: token user:token`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefkit.render.services import listmonk
from briefkit.sending.publish.base import Api, Made, Publisher, gone_when_404, utc
from briefkit.sending.publish.http import MASK, Refused


class Listmonk(Publisher):
    service = listmonk.SERVICE
    draft = "draft"

    def credentials(self, user: str | None, token: str) -> dict[str, str]:
        return {"Authorization": f"token {user}:{token}"}

    def masked(self) -> dict[str, str]:
        return {"Authorization": f"token {MASK}:{MASK}"}

    def said(self, body: Any) -> str:
        return str(body["message"])

    def state(self, api: Api, kept: Made) -> str:
        try:
            return str(api.call("GET", f"/api/campaigns/{kept.id}?no_body=true")["data"]["status"])
        except Refused as error:
            raise gone_when_404(error) from None

    def create(self, api: Api, fields: dict[str, Any], when: dt.datetime | None) -> Made:
        body = {**fields, "send_at": utc(when)} if when else fields
        return Made(api.call("POST", "/api/campaigns", body)["data"]["id"])

    def schedule(self, api: Api, made: Made, when: dt.datetime) -> None:
        api.call("PUT", f"/api/campaigns/{made.id}/status", {"status": "scheduled"})

    def update(self, api: Api, kept: Made, fields: dict[str, Any], when: dt.datetime | None, state: str) -> None:
        if state == "scheduled":  # only a draft may be scheduled anew, and a scheduled one taken back to a draft
            api.call("PUT", f"/api/campaigns/{kept.id}/status", {"status": "draft"})
        api.call("PUT", f"/api/campaigns/{kept.id}", {**fields, "send_at": utc(when)} if when else fields)
        if when:
            self.schedule(api, kept, when)
