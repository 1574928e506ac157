"""Start-up: each command imports what it needs and no more. Read from Python's own record of every import a run
makes (`python -X importtime`), never from a clock: the benchmark (bench/bench_email.py) times it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import briefkit

# What `briefkit --help` and `--version` must not load: briefkit's stages, the libraries a render uses, the
# dataclasses behind the errors module, and the package metadata reader (the version is briefkit.__version__).
NOT_FOR_HELP = (
    "briefkit.api",
    "briefkit.errors",
    "briefkit.edition",
    "briefkit.manifest",
    "briefkit.render",
    "dataclasses",
    "importlib.metadata",
    "jinja2",
    "yaml",
    "markdown_it",
    "mjml",
    "css_inline",
)
# What a render of the email and the text must not load: the PDF (WeasyPrint and its ~500 modules, Pillow, fonts),
# the feeds (feedparser, the feeds' own code), the message file, DKIM, and the other commands' stages; nor, when the
# feed's entries come from the lock file, the sanitizer and the time limit that reading a feed needs; nor the mail
# header parser (a sender address is judged without it), nor difflib and the YAML indentation reader (they explain mistakes).
NOT_FOR_EMAIL_AND_TEXT = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "PIL",
    "fontTools",
    "feedparser",
    "chardet",
    "nh3",
    "ctypes",
    "email.headerregistry",
    "difflib",
    "briefkit.manifest.yaml_indentation",
    "briefkit.sources.sanitize",
    "briefkit.io.time_limit",
    "dkim",
    "dns",
    "rich",
    "watchfiles",
    "importlib.metadata",
    "briefkit.render.pdf",
    "briefkit.render.pdf_resources",
    "briefkit.render.email_message",
    "briefkit.render.feed_entry",
    "briefkit.render.campaign",
    "briefkit.series_feeds",
    "briefkit.series_build",
    "briefkit.archive",
    "briefkit.check",
    "briefkit.preview",
    "briefkit.sending",
)


def _imports(*args: str, cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", done.stderr, re.MULTILINE))


def imported(*args: str, cwd: Path) -> set[str]:
    """Every module `python -m briefkit ARGS` imported, from its -X importtime record (the run must succeed),
    less what a bare `python -c pass` imports in the same environment (a coverage run's own start-up, say)."""
    return _imports("-m", "briefkit", *args, cwd=cwd) - _imports("-c", "pass", cwd=cwd)


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    """The modules of ``packages`` (each a package or a module, with everything under it) among ``modules``."""
    return sorted(name for name in modules if any(name == p or name.startswith(p + ".") for p in packages))


def test_help_loads_click_alone(tmp_path: Path) -> None:
    modules = imported("--help", cwd=tmp_path)
    assert "click" in modules and "briefkit.cli" in modules  # the record was read
    assert loaded(modules, NOT_FOR_HELP) == []


def test_version_loads_click_alone_and_says_the_version(tmp_path: Path) -> None:
    modules = imported("--version", cwd=tmp_path)
    assert loaded(modules, NOT_FOR_HELP) == []
    done = subprocess.run([sys.executable, "-m", "briefkit", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.endswith(f"briefkit, version {briefkit.__version__}\n")


def test_the_version_is_the_installed_one() -> None:
    """briefkit.__version__ is what the wheel's metadata says (pyproject.toml takes it from there)."""
    from importlib.metadata import version

    assert briefkit.__version__ == version("briefkit")


def test_render_of_email_and_text_loads_no_pdf_feed_or_message_code(sample: Path, tmp_path: Path) -> None:
    modules = imported("render", str(sample), "--format", "email,text", "--outbox", str(tmp_path / "out"), cwd=tmp_path)
    assert {"jinja2", "mjml", "briefkit.render.email_html", "briefkit.render.email_text"} <= modules
    assert loaded(modules, NOT_FOR_EMAIL_AND_TEXT) == []


def test_the_edition_model_alone_loads_no_markdown_or_source_readers() -> None:
    """The model's classes name Markdown text and source files in annotations only."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, briefkit.edition.model; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = set(done.stdout.split())
    assert loaded(modules, ("markdown_it", "yaml", "jinja2", "briefkit.manifest", "briefkit.sources")) == []


def test_the_package_still_offers_its_errors() -> None:
    """`from briefkit import ThemeError` works, though the package imports nothing until asked (PEP 562)."""
    from briefkit import BriefkitError, ThemeError
    from briefkit.errors import ThemeError as Direct

    assert ThemeError is Direct and issubclass(ThemeError, BriefkitError)
