"""Jinja for the templates shipped inside briefkit (a stage's own templates/ folder: the proof, the preview's
pages, the accessibility summary, the feeds), as opposed to a theme's: autoescaped, strict about undefined values,
block tags taking their own lines with them. One environment per folder, made once."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2


@cache
def package_templates(
    folder: Path, *, keep_trailing_newline: bool = True, **filters: Callable[..., Any]
) -> jinja2.Environment:
    """The environment loading from ``folder`` (e.g. ``Path(__file__).parent / "templates"``), with ``filters``
    added to Jinja's own. ``keep_trailing_newline=False`` drops the newline that ends each template file."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
    )
    environment.filters.update(filters)
    return environment
