"""`briefkit new project`: a folder that renders at once: a series file, one edition, an ignored outbox/."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jinja2

from briefkit import __version__
from briefkit.errors import Location, ManifestError
from briefkit.io.outbox import write_all
from briefkit.io.package import TEMPLATES, packaged_themes
from briefkit.manifest.themes import DEFAULT_THEME
from briefkit.scaffold.ci import SYSTEMS, ci_file
from briefkit.scaffold.edition import new_edition, slug_of
from briefkit.scaffold.placeholders import (
    ABOUT_HINT,
    PLACEHOLDER_DOMAIN,
    PLACEHOLDER_URL,
    POSTAL_ADDRESS,
    PUBLISHER,
)
from briefkit.scaffold.schema_files import schema_files

FILES = Path(__file__).resolve().parent / "files"
# The folder the CI file installs briefkit from (its wheel, committed), and the note on what to put there.
TOOLS_README = "tools/README.md"


def _files(name: str, slug: str, publisher: str, ci: str | None) -> dict[str, bytes]:
    """The project's own files, from the templates in scaffold/files/ (values quoted as YAML where they go in it);
    with ``ci``, tools/README.md, which says what to put in the folder the CI file installs briefkit from."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(FILES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    values = {
        "name": name,
        "slug": slug,
        "publisher": publisher,
        "theme": DEFAULT_THEME,
        "example_url": PLACEHOLDER_URL,
        "example_domain": PLACEHOLDER_DOMAIN,
        "postal_address": POSTAL_ADDRESS,
        "about_hint": ABOUT_HINT,
        "ci": ci,
        "ci_file": SYSTEMS[ci][0] if ci else "",
        "version": __version__,
    }
    sources = [("README.md", "README.md"), (".gitignore", "gitignore"), ("series", "series.yaml")]
    if ci is not None:
        sources.append((TOOLS_README, "tools-README.md"))
    return {target: environment.get_template(source).render(**values).encode("utf-8") for target, source in sources}


def new_project(
    folder: Path, date: dt.date, copy_theme: bool = False, name: str | None = None, ci: str | None = None
) -> list[Path]:
    """Make a project in ``folder`` (new, or empty): the files written, the sample edition last; with ``ci``
    (github or gitlab), the CI file that checks and proofs each change and publishes the archive."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ManifestError.at(Location(folder), "is not an empty folder; choose a new folder for the project")
    slug = slug_of(folder.resolve().name)
    name = name or folder.resolve().name.replace("-", " ").replace("_", " ").title()
    files = _files(name, slug, PUBLISHER, ci)
    series = files.pop("series")
    written = write_all(folder, files)
    written += write_all(folder / "editions", {f"{slug}.series.yaml": series})
    (folder / "outbox").mkdir()
    if copy_theme:
        shutil.copytree(packaged_themes() / DEFAULT_THEME, folder / TEMPLATES / DEFAULT_THEME)
        written.append(folder / TEMPLATES / DEFAULT_THEME)
    written += write_all(folder, schema_files())  # the default theme's: it declares no kinds
    if ci is not None:
        written += write_all(folder, dict([ci_file(ci, f"editions/{slug}.series.yaml")]))
    written.append(new_edition(f"Welcome to {name}", date, folder / "editions", draft=False))
    return written
