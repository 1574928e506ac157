"""`delivery: {service: ...}`: the service's per-reader placeholders in the email, its campaign.json, and the
edition's words kept from being read as the service's template language."""

from __future__ import annotations

import email
import email.policy
import json
import re
from pathlib import Path

import pytest

from briefkit.api import render
from briefkit.render.delivery import UNSUBSCRIBE, VIEW
from briefkit.render.services import SERVICES

from conftest import MINIMAL, REPO, run_cli, theme_file
from conftest import deliver as deliver_to

FORMATS = ["email", "text", "eml", "campaign"]
PLACEHOLDERS = {
    "listmonk": ("{{ UnsubscribeURL }}", "{{ MessageURL }}"),
    "buttondown": ("{{ unsubscribe_url }}", None),
    "mailchimp": ("*|UNSUB|*", "*|ARCHIVE|*"),
    "ses": ("{{amazonSESUnsubscribeUrl}}", None),
    "postmark": ("{{{ pm:unsubscribe }}}", None),
    "mailgun": ("%mailing_list_unsubscribe_url%", None),
}
LISTS = {"listmonk": "3, 4", "mailchimp": "a1b2c3d4e5", "ses": "Briefings", "mailgun": "briefings@mg.example.org"}


def deliver(project: Path, service: str, extra: str = "") -> None:
    listed = f"  list: {LISTS[service]}\n" if service in LISTS else ""
    deliver_to(project, service, listed + extra)


def outputs(manifest: Path) -> dict[str, bytes]:
    render(manifest, FORMATS)
    folder = manifest.parent.parent / "outbox" / manifest.stem
    return {path.name: path.read_bytes() for path in folder.iterdir()}


@pytest.mark.parametrize("service", sorted(PLACEHOLDERS))
def test_each_service_gets_its_placeholders_and_its_campaign(sample: Path, service: str) -> None:
    deliver(sample.parent.parent, service)
    files = outputs(sample)
    html, text = files["email.html"].decode(), files["email.txt"].decode()
    unsubscribe, view = PLACEHOLDERS[service]
    assert f'href="{unsubscribe}"' in html and f"Unsubscribe: {unsubscribe}" in text
    if view:
        assert f'href="{view}"' in html and f"View in your browser: {view}" in text
    else:  # no hosted copy: the link stays the archive's page
        assert 'href="https://www.cnas.org/sharper/2021-03-31-the-beijing-moscow-partnership/"' in html
    for output in (html, text):
        assert UNSUBSCRIBE not in output and VIEW not in output
        assert "https://www.cnas.org/newsletters/unsubscribe" not in output

    campaign = json.loads(files["campaign.json"])
    bodies = {
        "listmonk": (campaign.get("body"), campaign.get("altbody")),
        "buttondown": (campaign.get("body"), text),
        "mailchimp": (campaign["content"]["html"], campaign["content"]["plain_text"]) if "content" in campaign else (),
        "ses": (
            campaign["Content"]["Simple"]["Body"]["Html"]["Data"],
            campaign["Content"]["Simple"]["Body"]["Text"]["Data"],
        )
        if "Content" in campaign
        else (),
        "postmark": (campaign.get("HtmlBody"), campaign.get("TextBody")),
        "mailgun": (campaign.get("html"), campaign.get("text")),
    }[service]
    assert bodies == (html, text)  # the very files, in the service's fields

    # The list service adds List-Unsubscribe with each reader's address; the file does not carry the series' one.
    message = email.message_from_bytes(files["email.eml"], policy=email.policy.default)
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    assert message["Subject"] == "Sharper: The Beijing-Moscow Partnership"


def test_the_campaign_fields_of_each_service(sample: Path) -> None:
    project = sample.parent.parent
    expected = {
        "listmonk": lambda c: (
            (c["lists"], c["from_email"], c["content_type"], c["type"], c["template_id"])
            == ([3, 4], "CNAS Sharper <sharper@cnas.org>", "html", "regular", 7)
        ),
        "buttondown": lambda c: (c["status"], c["subject"]) == ("draft", "Sharper: The Beijing-Moscow Partnership"),
        "mailchimp": lambda c: (
            c["campaign"]["recipients"] == {"list_id": "a1b2c3d4e5"}
            and c["campaign"]["settings"]["reply_to"] == "sharper@cnas.org"
            and c["campaign"]["settings"]["preview_text"].startswith("Cooperation between Russia and China")
        ),
        "ses": lambda c: (
            c["ListManagementOptions"] == {"ContactListName": "Briefings", "TopicName": "weekly"}
            and c["FromEmailAddress"] == "CNAS Sharper <sharper@cnas.org>"
        ),
        "postmark": lambda c: (c["MessageStream"], c["Tag"]) == ("newsletters", "sharper"),
        "mailgun": lambda c: (c["to"], c["o:tag"]) == ("briefings@mg.example.org", "sharper"),
    }
    extras = {"listmonk": "  template: 7\n", "ses": "  topic: weekly\n", "postmark": "  stream: newsletters\n"}
    series = project / "editions" / "sharper.series.yaml"
    original = series.read_text("utf-8")
    for service, check in expected.items():
        series.write_text(original, "utf-8")
        deliver(project, service, extras.get(service, ""))
        campaign = json.loads(outputs(sample)["campaign.json"])
        assert check(campaign), (service, campaign)


def test_same_input_same_campaign(sample: Path) -> None:
    deliver(sample.parent.parent, "mailchimp")
    first = outputs(sample)
    assert outputs(sample) == first


def test_without_delivery_nothing_changes(sample: Path) -> None:
    """The goldens hold the email without a service; here, the series' own address is where it was."""
    render(sample, ["email", "eml"])
    folder = sample.parent.parent / "outbox" / sample.stem
    assert 'href="https://www.cnas.org/newsletters/unsubscribe"' in (folder / "email.html").read_text()
    message = email.message_from_bytes((folder / "email.eml").read_bytes(), policy=email.policy.default)
    assert message["List-Unsubscribe"] == "<https://www.cnas.org/newsletters/unsubscribe>"


def test_plain_smtp_keeps_the_series_addresses(sample: Path) -> None:
    deliver(sample.parent.parent, "smtp")
    render(sample, ["email", "eml"])
    folder = sample.parent.parent / "outbox" / sample.stem
    assert 'href="https://www.cnas.org/newsletters/unsubscribe"' in (folder / "email.html").read_text()
    message = email.message_from_bytes((folder / "email.eml").read_bytes(), policy=email.policy.default)
    assert message["List-Unsubscribe"] == "<https://www.cnas.org/newsletters/unsubscribe>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# -- the edition's words are data ------------------------------------------------------------------

SYNTAX = {
    "listmonk": re.compile(r"\{\{(?! \"[{}@]\" \}\})|@TrackLink"),
    "mailchimp": re.compile(r"\*\||\|\*"),
    "mailgun": re.compile(r"%(mailing_list_unsubscribe_url|unsubscribe_url|tag_unsubscribe_url|recipient)"),
}
TRICKY = (
    "Write {{ .Subscriber.Email }} and *|EMAIL|* and {% if x %} and {# note #} and %recipient.name% and "
    "%unsubscribe_url% and {{{ pm:unsubscribe }}} and {{amazonSESUnsubscribeUrl}} and https://x.org/a@TrackLink here."
)
WRITTEN = TRICKY.replace("*|EMAIL|*", r"\*|EMAIL|\*")  # as Markdown, where a bare * would be emphasis


# The property over every field, service and form is in test_merge_tags.py; here, what a theme can do.

THEME_TRIES = """\
{% autoescape false %}{{ edition.title }} {{ edition.intro.source }}{% endautoescape %}
{{ edition.title|safe }} {{ edition.intro|markdown }} {{ edition.title|upper }} {{ edition.title[:1] }}{{ edition.title[1:] }}
"""


@pytest.mark.parametrize("service", ["listmonk", "mailchimp", "mailgun"])
def test_a_theme_cannot_turn_the_escaping_off(project: Path, service: str) -> None:
    """|safe, autoescape false, slicing a word in two: the words hold no tag character to let through."""
    own = theme_file(project, "email.txt")
    shipped = (REPO / "templates" / "sharper" / "email.txt").read_text("utf-8")
    own.write_text(THEME_TRIES.replace("|markdown", "|md") + shipped, "utf-8")
    mjml = theme_file(project, "email.mjml")
    shipped_mjml = (REPO / "templates" / "sharper" / "email.mjml").read_text("utf-8")
    mjml.write_text(
        shipped_mjml.replace(
            "</mj-body>", f"<mj-section><mj-column><mj-text>{THEME_TRIES}</mj-text></mj-column></mj-section></mj-body>"
        )
    )
    manifest = project / "editions" / "tricky.yaml"
    manifest.write_text(
        MINIMAL.replace("title: A Test Edition", f"title: '{TRICKY}'").replace(
            "intro: Some words.", f"intro: '{WRITTEN}'"
        ),
        "utf-8",
    )
    deliver(project, service)
    render(manifest, ["email", "text"])
    folder = project / "outbox" / "tricky"
    for output in ((folder / "email.html").read_text(), (folder / "email.txt").read_text()):
        for placeholder in PLACEHOLDERS[service]:
            output = output.replace(placeholder or "\0", "")
        assert not SYNTAX[service].search(output), SYNTAX[service].findall(output)


def test_a_service_without_a_language_leaves_the_words_alone(project: Path) -> None:
    manifest = project / "editions" / "tricky.yaml"
    manifest.write_text(MINIMAL.replace("intro: Some words.", f"intro: '{WRITTEN}'"), "utf-8")
    deliver(project, "smtp")
    render(manifest, ["text"])
    assert TRICKY in " ".join((project / "outbox" / "tricky" / "email.txt").read_text().split())


def test_every_service_is_covered_here() -> None:
    assert set(SERVICES) == set(PLACEHOLDERS) | {"smtp"}


def test_the_registry_is_the_one_list_of_services() -> None:
    """The series file offers exactly the services the registry holds, and each list service makes a campaign
    (validation sits below the renderers, so it cannot read the registry: this keeps the two the same)."""
    from briefkit.manifest.json_schema import series_schema

    delivery = series_schema()["properties"]["delivery"]["anyOf"][0]["properties"]
    assert delivery["service"]["enum"] == list(SERVICES)
    for key, service in SERVICES.items():
        assert service.key == key
        assert (service.campaign is None) == (key == "smtp")
        assert (service.unsubscribe is None) == (key == "smtp")


@pytest.mark.parametrize(
    ("setting", "service", "other"), [("template: 4", "listmonk", "ses"), ("topic: x", "ses", "listmonk")]
)
def test_a_services_own_setting_is_a_warning_under_another(
    project: Path, sample: Path, setting: str, service: str, other: str
) -> None:
    """Each key the registry gives one service is named as that service's when another is used."""
    assert setting.split(":")[0] in SERVICES[service].settings
    deliver(project, other, f"  {setting}\n")
    result = run_cli("render", f"editions/{sample.name}", "--format", "email", cwd=project)
    assert result.returncode == 0
    assert f"delivery.{setting.split(':')[0]} is for {service} only" in result.stderr


# -- mistakes ---------------------------------------------------------------------------------------


def test_a_campaign_without_a_service_is_refused_at_the_series_key(sample: Path) -> None:
    result = run_cli("render", f"editions/{sample.name}", "--format", "campaign", cwd=sample.parent.parent)
    assert result.returncode == 2
    assert result.stderr.startswith(f"editions/{sample.name}:2:1: delivery: --format campaign needs the service")
    assert "Traceback" not in result.stderr
    assert not (sample.parent.parent / "outbox").exists()


def test_a_campaign_for_plain_smtp_points_to_the_message_file(sample: Path) -> None:
    deliver(sample.parent.parent, "smtp")
    result = run_cli("render", f"editions/{sample.name}", "--format", "email,campaign", cwd=sample.parent.parent)
    assert result.returncode == 2
    assert "delivery.service: a campaign is for a list service" in result.stderr
    assert "--format eml" in result.stderr
    assert not (sample.parent.parent / "outbox").exists()  # nothing half-written, not even email.html


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("", "listmonk needs the id of the list to make the campaign; add it under delivery:, like list: 3"),
        ("  list: newsletter\n", "'newsletter' is not a list id"),
    ],
)
def test_listmonk_lists_are_numbered(project: Path, sample: Path, written: str, said: str) -> None:
    series = project / "editions" / "sharper.series.yaml"
    lines = series.read_text("utf-8").count("\n")
    series.write_text(series.read_text("utf-8") + "delivery:\n  service: listmonk\n" + written, "utf-8")
    result = run_cli("render", f"editions/{sample.name}", "--format", "campaign", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(f"editions/sharper.series.yaml:{lines + 2}:3: delivery.list: "), result.stderr
    assert said in result.stderr


def test_a_setting_for_another_service_is_a_warning(project: Path, sample: Path) -> None:
    deliver(project, "mailchimp", "  template: 4\n")
    result = run_cli("render", f"editions/{sample.name}", "--format", "email", cwd=project)
    assert result.returncode == 0
    assert "delivery.template is for listmonk only; mailchimp does not use it, so remove it" in result.stderr


def test_an_unknown_service_is_named(project: Path, sample: Path) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + "delivery:\n  service: mailchimps\n", "utf-8")
    result = run_cli("render", f"editions/{sample.name}", "--format", "email", cwd=project)
    assert result.returncode == 2
    assert "delivery.service" in result.stderr and "mailchimp" in result.stderr


# -- docs/sending.md shows what is made ------------------------------------------------------------------

SENDING = (Path(__file__).resolve().parent.parent / "docs" / "sending.md").read_text("utf-8")
HEADINGS = {"listmonk": "listmonk", "buttondown": "Buttondown", "mailchimp": "Mailchimp", "ses": "Amazon SES",
            "postmark": "Postmark", "mailgun": "Mailgun"}  # fmt: skip


def _shape(value: object) -> object:
    """The keys of a JSON value, all the way down."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    return type(value).__name__


@pytest.mark.parametrize("service", sorted(HEADINGS))
def test_the_docs_show_each_services_campaign_as_made(sample: Path, service: str) -> None:
    extras = {"listmonk": "  template: 5\n", "ses": "  topic: weekly\n"}
    deliver(sample.parent.parent, service, extras.get(service, ""))
    made = json.loads(outputs(sample)["campaign.json"])
    part = SENDING.split(f"\n### {HEADINGS[service]}\n", 1)[1].split("\n### ", 1)[0]
    shown = json.loads(part.split("```json\n", 1)[1].split("```", 1)[0])
    assert _shape(shown) == _shape(made)
    for key in ("subject", "Subject", "from_email", "From", "FromEmailAddress", "from", "to", "status"):
        if key in made:
            assert shown[key] == made[key], key


def test_the_docs_table_gives_each_services_placeholders() -> None:
    table = SENDING.split("| service | unsubscribe | view online | `list:` is |", 1)[1].split("\n\n", 1)[0]
    for name, service in SERVICES.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| `{name}` |"))
        cells = [cell.strip().replace("\\|", "|") for cell in row.strip("|").split(" | ")]
        assert cells[1] == (f"`{service.unsubscribe}`" if service.unsubscribe else "the series' `unsubscribe_url:`")
        if service.view:
            assert cells[2] == f"`{service.view}`"


@pytest.mark.parametrize(
    ("service", "name", "found"),
    [
        ("listmonk", "CNAS {{ .Subscriber.Email }}", "{"),
        ("mailchimp", "CNAS *|EMAIL|*", "*|"),
        ("mailgun", "A %recipient%", "%"),
    ],
)
def test_a_sender_name_the_service_would_read_as_a_tag_is_refused(
    project: Path, sample: Path, service: str, name: str, found: str
) -> None:
    """A From line cannot show the service's characters as they are, so the name is refused, not sent live."""
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8").replace("name: CNAS Sharper", f"name: '{name}'"), "utf-8")
    deliver(project, service)
    for formats in ("campaign", "eml"):
        result = run_cli("render", f"editions/{sample.name}", "--format", formats, cwd=project)
        assert result.returncode == 2, result.stderr
        assert f"sender.name: the sender's name '{name}' holds '{found}'" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (project / "outbox").exists()


def test_mailchimp_sends_from_the_senders_address_not_the_reply_to(sample: Path) -> None:
    """In Mailchimp's API the campaign's settings.reply_to is the address it is sent from, from_name its name:
    the sender's, whatever `message: reply_to:` says (it has no place in a Mailchimp campaign)."""
    project = sample.parent.parent
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + "message:\n  reply_to: editors@cnas.org\n", "utf-8")
    deliver(project, "mailchimp")
    settings = json.loads(outputs(sample)["campaign.json"])["campaign"]["settings"]
    assert (settings["from_name"], settings["reply_to"]) == ("CNAS Sharper", "sharper@cnas.org")
