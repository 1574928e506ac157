"""The command line over briefkit.api: each command parses its options, makes one call of the API, prints the result
(findings through `said`, the one place they are put into words) and turns BriefkitError into exit status 2."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from briefkit import __version__

# What a command needs is imported inside it, so that `briefkit --help` and `--version` load click alone: briefkit.api
# brings in the edition model, Markdown, YAML and Jinja (~100 ms), the errors module dataclasses (~10 ms).
if TYPE_CHECKING:
    import datetime as dt

    from briefkit.api import RenderResult
    from briefkit.errors import BriefkitError, Finding


def said(finding: Finding, filed: bool = False) -> str:
    """The one way the command line shows a finding, its place named from the current folder: after its level
    (`warning: editions/x.yaml:8:5: ...`), or, ``filed`` (`briefkit check`), with the check it is filed under
    (`editions/x.yaml:8:5: warning: empty-section: ...`). Always one line: the control characters of the words
    it quotes (a line break, ESC) are shown as escapes, as a located problem's are (briefkit.errors.visible)."""
    from briefkit.errors import visible

    where = finding.where.display(Path.cwd())
    if filed:
        return visible(f"{where}: {finding.level}: {finding.check}: {finding.message}")
    return visible(f"{finding.level}: {where}: {finding.message}")


def _shown(path: Path) -> str:
    """``path`` named from the current folder, on one line whatever its name holds."""
    from briefkit.errors import visible

    try:
        return visible(str(path.resolve().relative_to(Path.cwd().resolve())))
    except ValueError:
        return visible(str(path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, package_name="briefkit")
def main() -> None:
    """Assemble periodic briefings from YAML manifests."""
    # One command, then exit: laying out a PDF makes many short-lived objects, and collecting cycles less often
    # makes `render --format pdf` about 7% faster. Memory is still collected, just in larger batches.
    import gc

    gc.set_threshold(100_000, 20, 20)


@main.command()
@click.argument("manifests", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "formats",
    metavar="LIST",
    help="Formats to render, comma-separated: email,text,pdf,feed,eml,campaign (default: email,text,pdf,feed).",
)
@click.option(
    "--outbox",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write into (default: the project's outbox/).",
)
@click.option(
    "--refresh", is_flag=True, help="Choose items from feeds anew, replacing the ones frozen in the lock file."
)
@click.option("--offline", is_flag=True, help="Take remote feeds from the cache only; fetch nothing.")
def render(manifests: tuple[Path, ...], formats: str | None, outbox: Path | None, refresh: bool, offline: bool) -> None:
    """Render edition manifests into the outbox."""
    from briefkit.api import FeedOptions, parse_formats
    from briefkit.api import render as render_edition
    from briefkit.errors import BriefkitError

    failed = False
    seen: set[str] = set()  # a theme's mistake is met by every edition that uses it: said once
    options = FeedOptions(refresh=refresh, offline=offline)
    series_files = [manifest for manifest in manifests if manifest.name.endswith(".series.yaml")]
    for manifest in series_files:  # `briefkit render editions/*.yaml` names the series file too
        click.echo(
            f"skipped {_shown(manifest)}: a series file, not an edition (briefkit build renders them all)", err=True
        )
    if len(series_files) == len(manifests):
        sys.exit(2)
    for manifest in manifests:
        if manifest in series_files:
            continue
        try:
            result = render_edition(manifest, parse_formats(formats), outbox, options)
        except BriefkitError as error:
            _say_once(error.display(Path.cwd()), seen)
            failed = True
            continue
        failed = _report(result, seen) or failed
    if failed:
        sys.exit(2)


def _say_once(text: str, seen: set[str]) -> None:
    """Print a failure's lines on stderr, each only once in a command (``seen``: the lines printed already)."""
    for line in text.splitlines():
        if line not in seen:
            seen.add(line)
            click.echo(line, err=True)


def _report(result: RenderResult, seen: set[str] | None = None) -> bool:
    """Print what was written, the warnings and the failures; True when something failed."""
    for path in result.written:
        click.echo(f"wrote {_shown(path)}")
    for warning in result.warnings:
        click.echo(said(warning), err=True)
    for error in result.failures:
        _say_once(error.display(Path.cwd()), set() if seen is None else seen)
    return bool(result.failures)


@main.command()
@click.argument("project", required=False, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--format",
    "formats",
    metavar="LIST",
    help="Formats of each edition, comma-separated (default: email,text,pdf,eml; campaign too with a delivery "
    "service). The feeds and the web archive are always made.",
)
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Editions made at once (default: the machine's cores).")
@click.option("--drafts", is_flag=True, help="Put drafts in the feeds and the web archive too, for review.")
@click.option(
    "--outbox", type=click.Path(path_type=Path, file_okay=False), help="Folder to write into (default: outbox/)."
)
def build(project: Path | None, formats: str | None, jobs: int | None, drafts: bool, outbox: Path | None) -> None:
    """Build every edition of the project, its feeds and its web archive; only what changed is made again."""
    from briefkit.api import build as build_project
    from briefkit.api import parse_formats
    from briefkit.errors import BriefkitError
    from briefkit.series_build.report import Reporter

    root = project or _project_here()
    chosen = None
    if formats:
        try:
            chosen = [name for name in parse_formats(formats) if name != "feed"]
        except BriefkitError as error:
            _fail(error)
    reporter = Reporter(said)
    try:
        result = build_project(root, chosen, jobs, drafts, outbox, reporter.begin, reporter.report)
    except BriefkitError as error:
        reporter.close()
        _fail(error)
    reporter.close()
    reporter.summary(result)
    if result.failed:
        sys.exit(2)


@main.command()
@click.argument("manifests", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--links",
    is_flag=True,
    help="Also fetch every link (HEAD, then GET; 10 s a link) and report broken ones and redirects; links to this "
    "machine or the local network are never asked.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "github", "sarif"]),
    default="text",
    help="text; json; github (GitHub Actions annotations); or sarif (SARIF 2.1.0, for other CI systems).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on any finding, warnings too.")
def check(manifests: tuple[Path, ...], links: bool, output: str, strict: bool) -> None:
    """Check editions before sending (all of the project's when none is named): render in memory, write
    nothing, report every finding with its place. Exit 0 clean, 1 with errors, 2 when a manifest does not
    validate."""
    import json

    from briefkit.api import check as check_editions

    checked = check_editions(list(manifests), _project_here(), links)
    status = checked.exit_status(strict)
    if output == "json":
        click.echo(json.dumps(checked.as_json(Path.cwd()), indent=2, ensure_ascii=False))
        sys.exit(status)
    if output == "sarif":
        click.echo(json.dumps(checked.as_sarif(_project_here(), __version__), indent=2, ensure_ascii=False))
        sys.exit(status)
    if output == "github":
        for line in checked.as_github(Path.cwd()):
            click.echo(line)
        click.echo(checked.summary(), err=True)
        sys.exit(status)
    seen: set[str] = set()
    for result in checked.editions:
        if result.problem:
            _say_once(result.problem, seen)
        for finding in result.findings:
            click.echo(said(finding, filed=True))
    click.echo(checked.summary(), err=True)
    sys.exit(status)


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "to", required=True, metavar="ADDRESS[,ADDRESS...]", help="Where to send the test (at most 10).")
@click.option("--smtp-host", help="The mail server (default: the series' smtp: host).")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="Its port.")
@click.option("--smtp-security", type=click.Choice(["starttls", "tls", "none"]), help="starttls, tls or none.")
@click.option("--smtp-username", help="The account to log in as; the password comes from BRIEFKIT_SMTP_PASSWORD.")
@click.option("--no-prefix", is_flag=True, help="Send the subject as it is, without '[Test] '.")
def send(
    manifest: Path,
    to: str,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_security: str | None,
    smtp_username: str | None,
    no_prefix: bool,
) -> None:
    """Send a test of an edition to a few addresses over SMTP (the list is the delivering service's job)."""
    from briefkit.api import send_test
    from briefkit.errors import BriefkitError

    recipients = [address.strip() for address in to.split(",") if address.strip()]
    smtp: dict[str, object] = {
        "host": smtp_host,
        "port": smtp_port,
        "security": smtp_security,
        "username": smtp_username,
    }
    try:
        sent = send_test(manifest, recipients, smtp, prefix=not no_prefix)
    except BriefkitError as error:
        _fail(error)
    click.echo(f"sent {sent.message_id}")
    for address in sent.accepted:
        click.echo(f"  accepted {address}")
    for address in (a for a in recipients if a not in sent.accepted):
        click.echo(f"warning: the server refused {address}", err=True)


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--schedule",
    metavar="DATETIME",
    help="Schedule the campaign, like '2026-05-01 07:30' (the series' time zone) or 2026-05-01T07:30+02:00.",
)
@click.option("--dry-run", is_flag=True, help="Print the requests it would make, credentials masked; send nothing.")
def publish(manifest: Path, schedule: str | None, dry_run: bool) -> None:
    """Put an edition into the delivering service (listmonk, Buttondown, Mailchimp) as a draft or scheduled
    campaign; publishing again changes the same campaign."""
    from briefkit.api import publish as publish_edition
    from briefkit.errors import BriefkitError

    try:
        published = publish_edition(manifest, schedule, dry_run)
    except BriefkitError as error:
        _fail(error)
    for warning in published.warnings:
        click.echo(said(warning), err=True)
    if dry_run:
        from briefkit.errors import visible

        for line in published.requests:  # the edition's words in the bodies, each line kept one line
            click.echo(visible(line))
        return
    done = "created" if published.created else "updated"
    when = (
        f", scheduled for {published.scheduled.isoformat(timespec='minutes')}" if published.scheduled else ", a draft"
    )
    click.echo(f"{done} {published.service} campaign {published.id}{when}")
    click.echo(f"  {published.web_url}")
    if published.created:
        click.echo(f"  its id is kept in {_shown(published.kept_file)}; commit it with the edition")


@main.command()
@click.argument("manifests", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The PDF file to write."
)
@click.option("--title", help="Title on the cover (default: '<series>: Collected Editions').")
def pdf(manifests: tuple[Path, ...], output: Path, title: str | None) -> None:
    """Bind several editions into one PDF book, in the order given."""
    from briefkit.api import render_book_pdf
    from briefkit.errors import BriefkitError

    try:
        result = render_book_pdf(list(manifests), output, title)
    except BriefkitError as error:
        _fail(error)
    if _report(result):
        sys.exit(2)


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file to write (default: outbox/<edition>/proof.html), replaced whole.",
)
def proof(manifest: Path, output: Path | None) -> None:
    """Write an edition's proof for its approvers: one HTML file that opens anywhere, fetches nothing and needs no
    script, with the inbox's headers, the email in light and dark at phone and desktop widths, the text part, the
    PDF's pages, the feed entry and `check`'s findings."""
    from briefkit.api import proof as make_proof
    from briefkit.errors import BriefkitError

    try:
        result = make_proof(manifest, output)
    except BriefkitError as error:
        _fail(error)
    if _report(result):
        sys.exit(2)


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port to serve on (default: a free one).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to serve on; only this machine by default."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default browser.")
def preview(manifest: Path, port: int, host: str, open_browser: bool) -> None:
    """Serve a live preview of an edition that updates whenever its files change."""
    from briefkit.api import only_this_machine
    from briefkit.api import preview as preview_server

    if not only_this_machine(host):
        click.echo(f"warning: serving on {host}: other machines can see the preview, and it has no password", err=True)
    try:
        server = preview_server(manifest, host, port, report=lambda message: click.echo(message, err=True))
    except OSError as error:
        click.echo(f"--port: cannot serve on {host}:{port} ({error.strerror}); choose another port", err=True)
        sys.exit(2)
    import signal

    for stop_signal in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C stops the server cleanly, whenever it comes
        signal.signal(stop_signal, lambda *_: server.stopping.set())
    server.start()
    click.echo(f"previewing at {server.url}  (Ctrl-C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    server.stopping.wait()
    server.stop()


@main.command()
@click.option("--series", is_flag=True, help="The series file's schema instead of the edition manifest's.")
@click.option("--theme", metavar="NAME", help="Include the section kinds and keys this theme declares.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write it to FILE (replaced whole) instead of printing it, like edition.schema.json.",
)
def schema(series: bool, theme: str | None, output: Path | None) -> None:
    """Print the JSON Schema of edition manifests (or series files) for YAML editors, or write it to a file."""
    import json

    from briefkit.api import schema as schema_of
    from briefkit.errors import BriefkitError

    try:
        made = schema_of(series, theme, _project_here(), output)
    except BriefkitError as error:
        _fail(error)
    if output is not None:
        click.echo(f"wrote {_shown(output)}")
    else:
        click.echo(json.dumps(made, indent=2, ensure_ascii=False))


def _project_here() -> Path:
    """The project the current folder belongs to: the folder itself, or its parent when this is editions/."""
    here = Path.cwd()
    return here.parent if here.name == "editions" else here


def _fail(error: BriefkitError) -> NoReturn:
    click.echo(error.display(Path.cwd()), err=True)
    sys.exit(2)


def _date(value: str | None) -> dt.date:
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write it as YYYY-MM-DD, like 2021-03-31") from None


@main.group()
def new() -> None:
    """Start a project, or a new edition in one."""


@new.command("project")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", help="The series' name (default: from the folder's name).")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Date of the sample edition (default: today).")
@click.option("--copy-theme", is_flag=True, help="Also copy the default theme into templates/, to change it there.")
@click.option(
    "--ci",
    type=click.Choice(["github", "gitlab"]),
    help="Also write a CI file that checks and proofs each change and publishes the archive from main: "
    ".github/workflows/briefkit.yml (github) or .gitlab-ci.yml (gitlab).",
)
def new_project_command(
    folder: Path, name: str | None, date_text: str | None, copy_theme: bool, ci: str | None
) -> None:
    """Make a project in FOLDER that renders at once: a series file, one edition, an ignored outbox/."""
    from briefkit.api import new_project
    from briefkit.errors import BriefkitError

    try:
        written = new_project(folder, _date(date_text), copy_theme, name, ci)
    except BriefkitError as error:
        _fail(error)
    for path in written:
        click.echo(f"wrote {_shown(path)}")
    click.echo(f"next: cd {_shown(folder)} && briefkit render {_shown(written[-1]).split(_shown(folder) + '/', 1)[-1]}")


@new.command("edition")
@click.argument("title", required=False)
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Date of the edition (default: today).")
@click.option(
    "--series",
    "series_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The series file (default: the only *.series.yaml in editions/).",
)
@click.option(
    "--from-feeds",
    is_flag=True,
    help="Draft the next edition from the latest one's feed sections, with the entries no earlier edition used.",
)
@click.option("--offline", is_flag=True, help="With --from-feeds: take remote feeds from the cache only.")
def new_edition_command(
    title: str | None, date_text: str | None, series_path: Path | None, from_feeds: bool, offline: bool
) -> None:
    """Write editions/<date>-<slug>.yaml for TITLE, with the theme's sections and keys and a comment on each.
    Under a series whose title_pattern has no {title} (a fixed title), give no TITLE: the file is
    editions/<date>.yaml, without a title. With --from-feeds, the next edition as a draft whose feed sections
    hold the entries no earlier edition used, frozen in its lock file (TITLE optional: a placeholder otherwise)."""
    from briefkit.api import new_edition
    from briefkit.errors import BriefkitError
    from briefkit.scaffold.edition import TitleNeeded, TitleNotShown

    here = Path.cwd()
    editions = here if here.name == "editions" else here / "editions"
    if offline and not from_feeds:
        raise click.UsageError("--offline goes with --from-feeds, the only way `new edition` reads feeds")
    try:
        if from_feeds:
            from briefkit.scaffold.next_edition import next_edition

            drafted = next_edition(title, _date(date_text), editions, series_path, offline)
            for finding in drafted.warnings:
                click.echo(said(finding), err=True)
            click.echo(f"wrote {_shown(drafted.manifest)}")
            if drafted.lock is not None:
                click.echo(f"wrote {_shown(drafted.lock)}")
            return
        written = new_edition(title, _date(date_text), editions, series_path)
    except TitleNeeded as error:
        raise click.UsageError(f"Missing argument 'TITLE': {error.display(here)}") from None
    except TitleNotShown as error:
        raise click.UsageError(f"TITLE is not shown: {error.display(here)}") from None
    except BriefkitError as error:
        _fail(error)
    click.echo(f"wrote {_shown(written)}")


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
def themes(file: Path | None) -> None:
    """List the templates a render of FILE (an edition or a series file) uses and where each comes from, then each
    section kind with its keys and partials; exit 2 when a kind the theme declares lacks a partial."""
    from briefkit.api import theme_kinds, theme_of
    from briefkit.errors import BriefkitError

    try:
        spec, root = theme_of(file, _project_here())
        kinds, keys = theme_kinds(spec)
    except BriefkitError as error:
        _fail(error)
    from briefkit.manifest.theme_listing import theme_lines

    for line in theme_lines(spec, root, kinds, keys):
        click.echo(line)
    from briefkit.manifest.theme_types import theme_problems

    problems = theme_problems(spec)  # the partials it lacks, a `new_edition:` name that is no kind
    if problems:
        for problem in problems:
            click.echo(problem.display(Path.cwd()), err=True)
        sys.exit(2)


@main.command()
@click.argument("topic", required=False)
def docs(topic: str | None) -> None:
    """List the pages of briefkit's documentation, or print one (briefkit docs manifest)."""
    from briefkit.api import doc_page, doc_topics
    from briefkit.errors import BriefkitError

    if topic is None:
        for name, title in doc_topics().items():
            click.echo(f"  {name:<10} {title}")
        click.echo("briefkit docs TOPIC prints a page.")
        return
    try:
        page = doc_page(topic)
    except BriefkitError as error:
        _fail(error)
    if sys.stdout.isatty():  # laid out for the terminal, and paged
        from rich.console import Console
        from rich.markdown import Markdown

        console = Console()
        with console.pager(styles=True):
            console.print(Markdown(page))
    else:
        click.echo(page, nl=False)


def run() -> None:
    """The console entry point: run the command, then leave without tearing the interpreter down.

    By then every output is written, closed and renamed into place; what teardown would do is free
    WeasyPrint's ~500 modules one object at a time, which takes ~90 ms and changes nothing.
    """
    try:
        main()
        code = 0
    except SystemExit as leaving:
        if isinstance(leaving.code, str):
            print(leaving.code, file=sys.stderr)
        code = leaving.code if isinstance(leaving.code, int) else int(leaving.code is not None)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
