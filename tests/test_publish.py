"""`briefkit publish` against listmonk, Buttondown and Mailchimp played on loopback: every request checked against
the service's own published API description (tests/api/), and answered as it says, errors included."""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from api.services import MAILCHIMP_KEY, TOKEN, buttondown, listmonk, mailchimp
from api.spec_server import Api, Fault, serving

from briefkit.errors import BriefkitError
from briefkit.render.services import SERVICES
from briefkit.sending.publish.publishers import PUBLISHERS
from briefkit.sending.publish.run import publish

from conftest import deliver as deliver_to

SERVERS: dict[str, Callable[[], Api]] = {"listmonk": listmonk, "buttondown": buttondown, "mailchimp": mailchimp}
LISTS = {"listmonk": "3", "mailchimp": "a1b2c3d4e5"}
BASES = {"listmonk": "", "buttondown": "", "mailchimp": "/3.0"}
CREATE = {"listmonk": ("POST", "/campaigns"), "buttondown": ("POST", "/emails"), "mailchimp": ("POST", "/campaigns")}
LATER = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).strftime("%Y-%m-%d 07:30")


def environment(service: str, token: str = "") -> dict[str, str]:
    key = token or (MAILCHIMP_KEY if service == "mailchimp" else TOKEN)
    return {"BRIEFKIT_DELIVERY_TOKEN": key, "BRIEFKIT_DELIVERY_USER": "api-user"}


def deliver(project: Path, service: str, api_url: str | None, extra: str = "") -> None:
    listed = f"  list: {LISTS[service]}\n" if service in LISTS else ""
    deliver_to(project, service, listed + (f"  api_url: {api_url}\n" if api_url else "") + extra)


@pytest.fixture(params=list(SERVERS))
def served(request: pytest.FixtureRequest, sample: Path) -> Iterator[tuple[str, Api, Path]]:
    """One service on loopback, the sample edition delivered by it; no request may stray from the description."""
    service = request.param
    with serving(SERVERS[service]()) as api:
        deliver(sample.parent.parent, service, f"http://127.0.0.1:{api.port}{BASES[service]}")
        yield service, api, sample
        assert api.problems == []


def kept(sample: Path) -> dict[str, object]:
    return json.loads(sample.with_name(sample.stem + ".campaign.json").read_text("utf-8"))


def test_publish_creates_a_draft_and_then_updates_it(served: tuple[str, Api, Path]) -> None:
    service, api, sample = served
    first = publish(sample, environ=environment(service))
    assert first.created and list(api.campaigns) == [str(first.id)]
    assert kept(sample)["id"] == first.id and kept(sample)["service"] == service
    campaign = api.campaigns[str(first.id)]
    assert campaign["status"] in ("draft", "save")
    web = {
        "listmonk": f"http://127.0.0.1:{api.port}/admin/campaigns/{first.id}",
        "buttondown": f"https://buttondown.com/emails/{first.id}",
        "mailchimp": f"https://us21.admin.mailchimp.com/campaigns/edit?id={campaign.get('web_id')}",
    }[service]
    assert first.web_url == web

    before = len(api.calls)
    second = publish(sample, environ=environment(service))
    assert not second.created and second.id == first.id
    assert list(api.campaigns) == [str(first.id)]  # the same campaign, changed; never a second one
    assert CREATE[service] not in [(method, template) for method, template, _ in api.calls[before:]]


def test_publish_schedules_in_the_series_time_zone(served: tuple[str, Api, Path]) -> None:
    service, api, sample = served
    made = publish(sample, schedule=LATER, environ=environment(service))
    campaign = api.campaigns[str(made.id)]
    assert campaign["status"] in ("scheduled", "schedule")
    sent_at = campaign.get("send_at") or campaign.get("publish_date") or campaign.get("send_time")
    local = dt.datetime.fromisoformat(LATER).replace(tzinfo=__import__("zoneinfo").ZoneInfo("America/New_York"))
    assert dt.datetime.fromisoformat(str(sent_at).replace("Z", "+00:00")) == local
    # published again without --schedule: the same campaign, a draft again
    publish(sample, environ=environment(service))
    assert campaign["status"] in ("draft", "save") and len(api.campaigns) == 1


def test_a_campaign_sent_is_refused_not_changed(served: tuple[str, Api, Path]) -> None:
    service, api, sample = served
    made = publish(sample, environ=environment(service))
    api.campaigns[str(made.id)]["status"] = {"listmonk": "finished", "buttondown": "sent", "mailchimp": "sent"}[service]
    before = len(api.calls)
    with pytest.raises(BriefkitError, match="was sent or is being sent, and is not changed"):
        publish(sample, environ=environment(service))
    assert [method for method, _, _ in api.calls[before:]] == ["GET"]  # asked, nothing changed


def test_a_kept_campaign_the_service_no_longer_has(served: tuple[str, Api, Path]) -> None:
    service, api, sample = served
    publish(sample, environ=environment(service))
    api.campaigns.clear()
    with pytest.raises(BriefkitError, match=r"no campaign .* any more; delete this file to create a new campaign"):
        publish(sample, environ=environment(service))
    assert api.campaigns == {}


def test_refused_credentials(served: tuple[str, Api, Path]) -> None:
    service, api, sample = served
    with pytest.raises(BriefkitError) as raised:
        publish(sample, environ=environment(service, "wrong-us21"))
    message = raised.value.display()
    assert "answered 401" in message and "BRIEFKIT_DELIVERY_TOKEN" in message and "wrong" not in message
    assert len(message.splitlines()) == 1 and api.campaigns == {}
    assert not sample.with_name(sample.stem + ".campaign.json").exists()


def test_the_services_validation_message_is_shown(served: tuple[str, Api, Path]) -> None:
    service, api, sample = served
    status = {"listmonk": 400, "buttondown": 422, "mailchimp": 400}[service]
    api.faults[CREATE[service]] = Fault(status, "the subject is too long for this service")
    with pytest.raises(BriefkitError, match=f"answered {status}: .*the subject is too long for this service"):
        publish(sample, environ=environment(service))
    assert api.campaigns == {}


def test_a_missing_list(project: Path, sample: Path) -> None:
    with serving(mailchimp()) as api:
        deliver(project, "mailchimp", f"http://127.0.0.1:{api.port}/3.0")
        series = project / "editions" / "sharper.series.yaml"
        series.write_text(series.read_text().replace("a1b2c3d4e5", "nosuchlist"))
        with pytest.raises(BriefkitError, match="Mailchimp answered 404: The requested resource could not be found"):
            publish(sample, environ=environment("mailchimp"))
        assert api.problems == [] and api.campaigns == {}


def test_a_service_that_does_not_answer_in_time(project: Path, sample: Path) -> None:
    with serving(buttondown()) as api:
        deliver(project, "buttondown", f"http://127.0.0.1:{api.port}")
        api.faults[("POST", "/emails")] = Fault(stall=3)
        with pytest.raises(BriefkitError, match="Buttondown did not answer within 1 seconds"):
            publish(sample, environ=environment("buttondown"), timeout=1)


def test_a_connection_refused(project: Path, sample: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    deliver(project, "listmonk", f"http://127.0.0.1:{port}")
    with pytest.raises(BriefkitError, match="listmonk refused the connection; check api_url"):
        publish(sample, environ=environment("listmonk"))


def test_a_campaign_made_but_not_filled_is_deleted(project: Path, sample: Path) -> None:
    with serving(mailchimp()) as api:
        deliver(project, "mailchimp", f"http://127.0.0.1:{api.port}/3.0")
        api.faults[("PUT", "/campaigns/{campaign_id}/content")] = Fault(400, "The content is not valid HTML.")
        with pytest.raises(BriefkitError, match="was deleted, so nothing was made"):
            publish(sample, environ=environment("mailchimp"))
        assert api.campaigns == {} and ("DELETE", "/campaigns/{campaign_id}", None) in api.calls
        assert not sample.with_name(sample.stem + ".campaign.json").exists()

        api.faults[("PUT", "/campaigns/{campaign_id}/content")] = Fault(400, "The content is not valid HTML.")
        api.faults[("DELETE", "/campaigns/{campaign_id}")] = Fault(500, "Internal error")
        with pytest.raises(BriefkitError) as raised:
            publish(sample, environ=environment("mailchimp"))
        (left,) = api.campaigns
        assert f"({left}) could not be deleted either: delete it in Mailchimp" in raised.value.display()
        assert api.problems == []


def test_dry_run_sends_nothing_and_masks_the_credentials(served: tuple[str, Api, Path]) -> None:
    service, api, sample = served
    shown = publish(sample, dry_run=True, environ=environment(service))
    assert api.calls == [] and not sample.with_name(sample.stem + ".campaign.json").exists()
    text = "\n".join(shown.requests)
    assert text.startswith(f"{CREATE[service][0]} http://127.0.0.1:{api.port}")
    assert "****" in text and TOKEN not in text and MAILCHIMP_KEY not in text and "api-user" not in text
    assert "characters)" in text  # the email's HTML shortened


def test_a_time_past_is_refused(served: tuple[str, Api, Path]) -> None:
    service, api, sample = served
    with pytest.raises(BriefkitError, match="--schedule: 2020-01-01 09:00 has passed"):
        publish(sample, schedule="2020-01-01 09:00", environ=environment(service))
    assert api.calls == []


@pytest.mark.parametrize("service", ["ses", "postmark", "mailgun", "smtp"])
def test_services_without_drafts_are_refused_with_what_to_do(project: Path, sample: Path, service: str) -> None:
    extra = (
        "  list: Briefings\n"
        if service == "ses"
        else "  list: briefings@mg.example.org\n"
        if service == "mailgun"
        else ""
    )
    deliver(project, service, None, extra)
    with pytest.raises(BriefkitError) as raised:
        publish(sample, environ=environment(service))
    message = raised.value.display()
    assert "sharper.series.yaml" in message and "docs/sending.md" in message


def test_plain_http_only_to_this_machine(project: Path, sample: Path) -> None:
    deliver(project, "listmonk", "http://lists.example.org")
    with pytest.raises(BriefkitError) as raised:
        publish(sample, environ=environment("listmonk"))
    line = raised.value.display()
    assert "sharper.series.yaml:" in line and "delivery.api_url" in line and "use https" in line


def test_listmonk_needs_its_address(project: Path, sample: Path) -> None:
    deliver(project, "listmonk", None)
    with pytest.raises(BriefkitError, match=r"delivery\.api_url: listmonk is self-hosted"):
        publish(sample, environ=environment("listmonk"))


def test_every_service_with_a_campaign_publishes_or_says_why_not() -> None:
    for key, service in SERVICES.items():
        if service.campaign is not None or key == "smtp":
            assert (key in PUBLISHERS) != (service.no_publish is not None), key
            assert (service.publishing is not None) == (key in PUBLISHERS), key


def test_the_command_prints_the_campaign_and_its_page(project: Path, sample: Path) -> None:
    import os
    import subprocess
    import sys

    with serving(listmonk()) as api:
        deliver(project, "listmonk", f"http://127.0.0.1:{api.port}")
        env = {**os.environ, **environment("listmonk")}
        run = subprocess.run(
            [sys.executable, "-m", "briefkit", "publish", f"editions/{sample.name}"],
            cwd=project, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert run.stdout.splitlines()[:2] == [
            "created listmonk campaign 1, a draft",
            f"  http://127.0.0.1:{api.port}/admin/campaigns/1",
        ]
        assert TOKEN not in run.stdout + run.stderr and api.problems == []
        env["BRIEFKIT_DELIVERY_TOKEN"] = "wrong"
        run = subprocess.run(
            [sys.executable, "-m", "briefkit", "publish", f"editions/{sample.name}"],
            cwd=project, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert run.returncode == 2 and len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr
