"""The proof's page from its one template (templates/proof.html): every value escaped by Jinja, the email's HTML
too, as the iframes' srcdoc."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefkit.render.package_templates import package_templates

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "proof.html"
# No request leaves the page, whatever it holds: pictures only as data: addresses, styles only inline, no script,
# no font, no form. The email frames (srcdoc) are held to the same policy.
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def render_page(**values: Any) -> str:
    return package_templates(TEMPLATES).get_template(TEMPLATE).render(policy=POLICY, **values)
