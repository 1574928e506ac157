"""The library API: manifest -> sources -> edition model -> one renderer per format -> outbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefkit.edition import build_edition
from briefkit.errors import Location, ManifestError, ThemeError
from briefkit.manifest import load_manifest
from briefkit.model import Edition
from briefkit.outbox import write_all
from briefkit.theme import Theme, load_theme


def _email_html(edition: Edition, theme: Theme) -> bytes:
    from briefkit.email_html import render_email_html

    return render_email_html(edition, theme).encode("utf-8")


def _email_text(edition: Edition, theme: Theme) -> bytes:
    from briefkit.email_text import render_email_text

    return render_email_text(edition, theme).encode("utf-8")


# format name -> (file name, renderer)
FORMATS: dict[str, tuple[str, Callable[[Edition, Theme], bytes]]] = {
    "email": ("email.html", _email_html),
    "text": ("email.txt", _email_text),
}


def parse_formats(spec: str | None) -> list[str]:
    """'email,text' -> ['email', 'text']; None or '' -> every format."""
    if not spec:
        return list(FORMATS)
    names = [name.strip() for name in spec.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ManifestError.at(
            Location(Path("--format")),
            f"unknown format '{unknown[0]}'; choose from {', '.join(FORMATS)}",
        )
    return names


def load_edition(manifest_path: Path) -> tuple[Edition, Theme, Path]:
    """The edition model, its theme and its project folder."""
    manifest = load_manifest(manifest_path)
    edition = build_edition(manifest)
    theme = load_theme(edition.theme, manifest.root, manifest.edition.where("theme"))
    return edition, theme, manifest.root


def render_outputs(edition: Edition, theme: Theme, formats: list[str]) -> dict[str, bytes]:
    """Every requested format rendered in memory: file name -> bytes."""
    import jinja2

    try:
        return {FORMATS[name][0]: FORMATS[name][1](edition, theme) for name in formats}
    except jinja2.TemplateSyntaxError as error:
        where = Location(theme.folder / (error.name or ""), error.lineno, 1)
        raise ThemeError.at(where, f"template error: {error.message}; fix the template") from None
    except jinja2.TemplateError as error:
        raise ThemeError.at(Location(theme.folder), f"template error: {error}; fix the template") from None


def render(manifest_path: Path, formats: list[str] | None = None, outbox: Path | None = None) -> list[Path]:
    """Render an edition into ``outbox/<slug>/`` (the project's outbox/ by default); returns the files written."""
    edition, theme, root = load_edition(Path(manifest_path))
    outputs = render_outputs(edition, theme, formats or list(FORMATS))
    return write_all((outbox or root / "outbox") / edition.slug, outputs)
