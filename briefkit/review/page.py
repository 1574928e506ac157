"""The proof's page from its one template (templates/proof.html): every value escaped by Jinja, the email's HTML
too, as the iframes' srcdoc."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATE = "proof.html"
# No request leaves the page, whatever it holds: pictures only as data: addresses, styles only inline, no script,
# no font, no form. The email frames (srcdoc) are held to the same policy.
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


@lru_cache(maxsize=1)
def _pages() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(**values: Any) -> str:
    return _pages().get_template(TEMPLATE).render(policy=POLICY, **values)
