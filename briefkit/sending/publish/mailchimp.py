"""Mailchimp (its Marketing API, spec/marketing.json): POST /campaigns, then PUT /campaigns/{id}/content (a campaign
made but not filled is deleted again); PATCH /campaigns/{id} changes the settings; POST .../actions/schedule and
.../actions/unschedule. Credentials: HTTP basic auth, any user name and the API key, whose end names the data
centre (us21)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from briefkit.render.services import mailchimp
from briefkit.sending.publish.base import Api, HalfMade, Made, Publisher, gone_when_404, utc
from briefkit.sending.publish.http import MASK, Refused, Unanswered


def data_centre(key: str) -> str | None:
    """us21 of an API key that ends in -us21."""
    _, dash, centre = key.rpartition("-")
    return centre if dash and centre.isalnum() else None


class Mailchimp(Publisher):
    service = mailchimp.SERVICE
    draft = "save"

    def credentials(self, user: str | None, token: str) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"briefkit:{token}".encode()).decode("ascii")}

    def masked(self) -> dict[str, str]:
        return {"Authorization": f"Basic {MASK}"}

    def said(self, body: Any) -> str:
        said = str(body.get("detail") or body["title"])
        fields = [f"{e.get('field', '')}: {e.get('message', '')}" for e in body.get("errors") or []]
        return "; ".join([said, *fields])

    def state(self, api: Api, kept: Made) -> str:
        try:
            return str(api.call("GET", f"/campaigns/{kept.id}")["status"])
        except Refused as error:
            raise gone_when_404(error) from None

    def create(self, api: Api, fields: dict[str, Any], when: dt.datetime | None) -> Made:
        answer = api.call("POST", "/campaigns", fields["campaign"])
        made = Made(answer["id"], answer.get("web_id"))
        try:
            api.call("PUT", f"/campaigns/{made.id}/content", fields["content"])
        except (Refused, Unanswered) as error:
            try:
                api.call("DELETE", f"/campaigns/{made.id}")
            except (Refused, Unanswered):
                raise HalfMade(error, made.id, cleaned=False, step="PUT content") from None
            raise HalfMade(error, made.id, cleaned=True, step="PUT content") from None
        return made

    def schedule(self, api: Api, made: Made, when: dt.datetime) -> None:
        api.call("POST", f"/campaigns/{made.id}/actions/schedule", {"schedule_time": utc(when)})

    def update(self, api: Api, kept: Made, fields: dict[str, Any], when: dt.datetime | None, state: str) -> None:
        if state == "schedule":  # a scheduled campaign cannot be changed until it is unscheduled
            api.call("POST", f"/campaigns/{kept.id}/actions/unschedule")
        api.call("PATCH", f"/campaigns/{kept.id}", fields["campaign"])
        api.call("PUT", f"/campaigns/{kept.id}/content", fields["content"])
        if when:
            self.schedule(api, kept, when)
