"""The edition model's classes compare, hash and show themselves as the standard library's dataclass would: their
equality, hash and repr are written once in model.Value instead of generated for each class."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

from briefkit.edition import model

CLASSES = [
    value
    for value in vars(model).values()
    if inspect.isclass(value) and dataclasses.is_dataclass(value) and value.__module__ == model.__name__
]


def _reference(cls: type) -> type:
    """``cls`` made again as a plain @dataclass(frozen=True), with the same fields and options."""
    made = [
        (
            f.name,
            f.type,
            dataclasses.field(
                default=f.default, default_factory=f.default_factory, repr=f.repr, compare=f.compare, hash=f.hash
            ),
        )
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__qualname__, made, frozen=True)


def _values(cls: type, mark: str) -> dict[str, Any]:
    return {f.name: f"{mark}-{f.name}" for f in dataclasses.fields(cls) if f.init}


def test_every_class_of_the_model_is_one() -> None:
    assert len(CLASSES) == 31
    assert all(issubclass(cls, model.Value) for cls in CLASSES)


def test_each_class_compares_hashes_and_shows_as_the_standard_dataclass() -> None:
    for cls in CLASSES:
        reference = _reference(cls)
        ours, theirs = cls(**_values(cls, "a")), reference(**_values(cls, "a"))
        assert repr(ours) == repr(theirs)
        assert hash(ours) == hash(theirs)
        assert ours == cls(**_values(cls, "a")) and theirs == reference(**_values(cls, "a"))
        assert (ours == cls(**_values(cls, "b"))) == (theirs == reference(**_values(cls, "b")))
        assert ours.__eq__(theirs) is NotImplemented and ours != theirs
        assert ours.__eq__("a") is NotImplemented
        assert dataclasses.replace(ours) == ours and dataclasses.replace(ours) is not ours


def test_a_value_that_holds_itself_is_shown_without_end() -> None:
    link = model.ContentsLink(**_values(model.ContentsLink, "a"))
    first = dataclasses.fields(link)[0].name
    object.__setattr__(link, first, [link])
    assert repr(link).startswith(f"ContentsLink({first}=[...]")


def test_values_of_two_classes_with_the_same_fields_are_not_equal() -> None:
    features, listing = model.FeaturesSection(heading="h", items=()), model.ListingSection(heading="h", items=())
    assert features != listing and listing != features
    assert len({features, listing}) == 2
