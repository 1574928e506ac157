"""What a theme's theme.yaml may hold: its parent, and the section kinds and edition keys it declares."""

from __future__ import annotations

from typing import Any

from briefkit.errors import Problem
from briefkit.manifest.compound_types import ListOf, MapOf, RecordType
from briefkit.manifest.text_types import Pattern, Text
from briefkit.manifest.types import INVALID, Field, Problems, Record, Type
from briefkit.manifest.value_types import Boolean, Choice, Integer
from briefkit.manifest.yaml_nodes import Node, Scalar

NAME = r"[a-z][a-z0-9_]{0,39}"
NAME_HINT = "use lower-case letters, digits and _, starting with a letter, like event_list"
VALUE_TYPES = ("text", "markdown", "url", "date", "integer", "boolean")


class AsWritten(Type):
    """A value kept as written (a Scalar node), to be checked once the field's own type is known (theme_types.py)."""

    label = "a value of the field's type"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        if not isinstance(node, Scalar):
            problems.append(Problem(node.location, path, "a default is one value, not a list or mapping"))
            return INVALID
        return None if node.value is None else node

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "number", "boolean"]}


def _field_spec(with_lists: bool) -> RecordType:
    types = (*VALUE_TYPES, "list") if with_lists else VALUE_TYPES
    fields = [
        Field("type", Choice(*types), "What the value is: " + ", ".join(types) + ".", required=True),
        Field("doc", Text(), "What the key means, for the schema and `briefkit new edition`."),
        Field("required", Boolean(), "Whether every manifest must give it.", default=False),
        Field(
            "required_with",
            Pattern(NAME, NAME_HINT, "a key's name"),
            "Another key beside it: this one must be given whenever that one is (alt with image).",
        ),
        Field("default", AsWritten(), "The value when a manifest does not give one, of the field's type."),
        Field("minimum", Integer(-(10**9), 10**9), "For an integer: the smallest allowed.", default=0),
        Field("maximum", Integer(-(10**9), 10**9), "For an integer: the largest allowed.", default=10**9),
    ]
    if with_lists:
        fields.append(Field("fields", MapOf(_field_spec(False), NAME, NAME_HINT), "For a list: each entry's keys."))
    return RecordType(
        "Theme field" if with_lists else "Theme item field",
        "A key a theme adds: its type, whether it must be given, and what it means.",
        fields,
        extra_check=_list_has_fields if with_lists else _one_rule,
    )


def _one_rule(record: Record, path: str, problems: Problems) -> None:
    """A key that must always be given needs no default and no other key to require it."""
    if "default" in record and (record["required"] or "required_with" in record):
        other = "required: true" if record["required"] else "required_with"
        problems.append(
            Problem(record.where("default"), f"{path}.default", f"a key with a default is always given: remove {other}")
        )
    elif record["required"] and "required_with" in record:
        problems.append(
            Problem(
                record.where("required_with"),
                f"{path}.required_with",
                "the key is required always (required: true); remove one of the two",
            )
        )


def _list_has_fields(record: Record, path: str, problems: Problems) -> None:
    _one_rule(record, path, problems)
    if record["type"] == "list" and "default" in record:
        problems.append(Problem(record.where("default"), f"{path}.default", "a list has no default; remove it"))
    if record["type"] == "list" and not record.get("fields"):
        problems.append(
            Problem(record.where("type"), f"{path}.fields", "a list needs 'fields:', the keys of each entry")
        )
    elif record["type"] != "list" and record.get("fields"):
        problems.append(Problem(record.where("fields"), f"{path}.fields", "only a list has 'fields:'; remove it"))


FIELD = _field_spec(True)

KIND = RecordType(
    "Theme section kind",
    "A kind of section a theme adds; its partials are sections/<kind>.mjml, .txt, .print.html and .feed.html.",
    [
        Field("doc", Text(), "What the section is for."),
        Field("heading", Text(), "The section's heading when neither the manifest nor the series gives one."),
        Field("fields", MapOf(FIELD, NAME, NAME_HINT), "The section's keys besides kind and heading.", default={}),
    ],
)

THEME = RecordType(
    "Theme file",
    "A theme's theme.yaml: its parent, and the section kinds and edition keys it adds.",
    [
        Field(
            "extends",
            Pattern(r"[a-z0-9][a-z0-9_-]*", "use lower-case letters, digits, - and _", "a theme name"),
            "The theme whose templates fill in what this one does not have; briefkit's default when not given.",
        ),
        Field("kinds", MapOf(KIND, NAME, NAME_HINT), "Section kinds this theme adds, by name."),
        Field("fields", MapOf(FIELD, NAME, NAME_HINT), "Keys this theme adds to edition manifests, by name."),
        Field(
            "new_edition",
            ListOf(Pattern(NAME, NAME_HINT, "a section kind"), min_items=1),
            "The section kinds `briefkit new edition` writes, in order; by default the kinds the theme declares, "
            "or briefkit's own when it declares none.",
        ),
    ],
)
