"""The JSON Schema of edition manifests and series files, published for YAML editors."""

from __future__ import annotations

from typing import Any

from briefkit.manifest.fields import EDITION, SERIES

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def edition_schema() -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": "https://briefkit.invalid/schema/edition.json", **EDITION.json_schema()}


def series_schema() -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": "https://briefkit.invalid/schema/series.json", **SERIES.json_schema()}
