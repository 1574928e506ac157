"""The JSON Schema of edition manifests and series files, published for YAML editors."""

from __future__ import annotations

from typing import Any

from briefkit.manifest.edition_fields import EDITION
from briefkit.manifest.series_fields import SERIES
from briefkit.manifest.theme_types import ManifestTypes

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def edition_schema(types: ManifestTypes | None = None) -> dict[str, Any]:
    """The edition manifest's schema; with ``types``, the kinds and keys a theme declares too."""
    edition = types.edition if types else EDITION
    return {"$schema": DIALECT, "$id": "https://briefkit.invalid/schema/edition.json", **edition.json_schema()}


def series_schema(types: ManifestTypes | None = None) -> dict[str, Any]:
    series = types.series if types else SERIES
    return {"$schema": DIALECT, "$id": "https://briefkit.invalid/schema/series.json", **series.json_schema()}
