"""Your own server: no placeholders, no template language; it takes the message file, with the series' own
List-Unsubscribe headers."""

from __future__ import annotations

from briefkit.render.services.service import Service

SERVICE = Service(
    "smtp",
    "your own server",
    None,
    None,
    own_list_headers=False,
    no_publish="your own server takes the message file, not a campaign: make it with --format eml and hand it "
    "email.eml (docs/sending.md, Your own server)",
)
