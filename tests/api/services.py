"""listmonk, Buttondown and Mailchimp as the tests' loopback server plays them: the states a campaign goes through
and the answers, as each service's API description and documentation give them."""

from __future__ import annotations

from typing import Any

from api.spec_server import Api, Description, basic

TOKEN = "s3cret-token"
MAILCHIMP_KEY = "0123456789abcdef-us21"
NOW = "2026-01-01T00:00:00Z"


# -- listmonk: {"data": ...} on success, {"message": ...} on failure (docs/docs/content/apis/apis.md) -----------


# "A failure response is preceded by the corresponding 40x or 50x HTTP header" (docs/docs/content/apis/apis.md)
LISTMONK_ERROR = {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}


def _listmonk(api: Api, method: str, template: str, ident: str, body: Any) -> tuple[int, Any]:
    campaigns = api.campaigns
    if template == "/campaigns" and method == "POST":
        if any(number not in (3, 4) for number in body.get("lists", [])):
            return 400, {"message": "Invalid list IDs."}
        ident = str(api.new_id())
        campaigns[ident] = {**body, "id": int(ident), "status": "draft"}
        return 200, {"data": _listmonk_shown(campaigns[ident])}
    if ident not in campaigns:
        return 404, {"message": "Campaign not found."}
    campaign = campaigns[ident]
    if template == "/campaigns/{id}" and method == "GET":
        return 200, {"data": _listmonk_shown(campaign)}
    if template == "/campaigns/{id}" and method == "PUT":
        if campaign["status"] not in ("draft", "scheduled", "paused"):
            return 400, {"message": "Cannot update a running or finished campaign."}
        campaign.update(body)
        return 200, {"data": _listmonk_shown(campaign)}
    if template == "/campaigns/{id}/status":
        wanted, now = body["status"], campaign["status"]
        allowed = {("draft", "scheduled"), ("scheduled", "draft")}
        if (now, wanted) not in allowed or (wanted == "scheduled" and not campaign.get("send_at")):
            return 400, {"message": f"Cannot change status from {now} to {wanted}."}
        campaign["status"] = wanted
        return 200, {"data": _listmonk_shown(campaign)}
    return 405, {"message": "Method not allowed"}


def _listmonk_shown(campaign: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "name", "subject", "from_email", "status", "content_type", "tags", "template_id", "messenger")
    return {key: campaign[key] for key in keys if key in campaign}


def listmonk(description: Description | None = None) -> Api:
    return Api(
        description or Description("listmonk-collections.yaml", "/api", LISTMONK_ERROR),
        f"token api-user:{TOKEN}",
        lambda status, message: {"message": message or "Invalid API credentials"},
        _listmonk,
    )


# -- Buttondown ---------------------------------------------------------------------------------------------------


def _buttondown_email(ident: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": ident,
        "creation_date": NOW,
        "modification_date": NOW,
        "absolute_url": f"https://buttondown.com/sharper/archive/{ident}/",
        "body": body.get("body", ""),
        "canonical_url": "",
        "commenting_mode": "enabled",
        "description": body.get("description", ""),
        "archival_mode": "enabled",
        "featured": False,
        "filters": {"filters": [], "groups": [], "predicate": "and"},
        "image": "",
        "related_email_ids": [],
        "should_trigger_pay_per_email_billing": False,
        "source": "api",
        "status": body.get("status", "draft"),
        "subject": body.get("subject", ""),
        "publish_date": body.get("publish_date"),
    }


def _buttondown(api: Api, method: str, template: str, ident: str, body: Any) -> tuple[int, Any]:
    campaigns = api.campaigns
    if template == "/emails" and method == "POST":
        ident = f"3f6f9a4e-0000-4000-8000-{api.new_id():012d}"
        campaigns[ident] = _buttondown_email(ident, body)
        return 201, campaigns[ident]
    if ident not in campaigns:
        return 404, {"code": "not_found", "detail": "Not found."}
    email = campaigns[ident]
    if method == "GET":
        return 200, email
    if method == "PATCH":
        if email["status"] not in ("draft", "scheduled"):
            return 400, {"detail": "This email has already been sent."}
        email.update(body)
        return 200, email
    return 405, {"detail": "Method not allowed"}


def buttondown() -> Api:
    def error(status: int, message: str) -> Any:
        if status == 422:
            return {"detail": [{"type": "value_error", "loc": ["body", "subject"], "msg": message}]}
        return {"detail": message or "Invalid token."}

    return Api(Description("buttondown-emails.json", "/v1"), f"Token {TOKEN}", error, _buttondown)


# -- Mailchimp: problem documents (RFC 7807 draft) on failure --------------------------------------------------


def _problem(status: int, message: str) -> dict[str, Any]:
    titles = {400: "Invalid Resource", 401: "API Key Invalid", 404: "Resource Not Found"}
    return {
        "type": "https://mailchimp.com/developer/marketing/docs/errors/",
        "title": titles.get(status, "Error"),
        "status": status,
        "detail": message or "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
        "instance": "995c5cb0-3280-4a6e-808b-3b096d0bb219",
    }


def _mailchimp(api: Api, method: str, template: str, ident: str, body: Any) -> tuple[int, Any]:
    campaigns = api.campaigns
    if template == "/campaigns" and method == "POST":
        if body["recipients"]["list_id"] != "a1b2c3d4e5":
            return 404, _problem(404, "The requested resource could not be found.")
        ident = f"c{api.new_id():09d}"
        campaigns[ident] = {"id": ident, "web_id": 1000 + len(campaigns), "status": "save", **body}
        return 200, _mailchimp_shown(campaigns[ident])
    if ident not in campaigns:
        return 404, _problem(404, "The requested resource could not be found.")
    campaign = campaigns[ident]
    if method == "DELETE":
        del campaigns[ident]
        return 204, None
    if method == "GET":
        return 200, _mailchimp_shown(campaign)
    if campaign["status"] not in ("save", "paused", "schedule"):
        return 400, _problem(400, "This campaign cannot be changed: it has been sent.")
    if template == "/campaigns/{campaign_id}/actions/unschedule":
        campaign["status"] = "save"
        return 204, None
    if campaign["status"] == "schedule":
        return 400, _problem(400, "Unschedule the campaign before you change it.")
    if template == "/campaigns/{campaign_id}/actions/schedule":
        if "content" not in campaign:
            return 400, _problem(400, "The campaign has no content.")
        campaign["status"], campaign["send_time"] = "schedule", body["schedule_time"]
        return 204, None
    if template == "/campaigns/{campaign_id}/content":
        campaign["content"] = body
        return 200, {"plain_text": body["plain_text"], "html": body["html"]}
    campaign.update({k: v for k, v in body.items() if k != "status"})  # PATCH
    return 200, _mailchimp_shown(campaign)


def _mailchimp_shown(campaign: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "web_id", "type", "status", "recipients", "settings")
    return {key: campaign[key] for key in keys if key in campaign}


def mailchimp() -> Api:
    return Api(Description("mailchimp-campaigns.json", "/3.0"), basic("briefkit", MAILCHIMP_KEY), _problem, _mailchimp)
