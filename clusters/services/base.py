"""What every service of the clusters domain does to save a record."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from auditlog.context import set_actor

from ..models import (
    User,
)


class Unchanged(enum.Enum):
    """The type of UNCHANGED (an enum member: one value, typed, never equal to a real one)."""

    UNCHANGED = "unchanged"


# A keyword left out: an update leaves the field as it is, a creation takes the model's default.
UNCHANGED = Unchanged.UNCHANGED


def given(values: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """Of a service's keywords (`values`: its locals()), those among `names` that were given."""
    return {name: values[name] for name in names if values[name] is not UNCHANGED}


def save_validated(obj, *, by: User | None) -> None:
    """Validate fully (fields, uniqueness, constraints), then save, attributed to `by`."""
    obj.full_clean()
    with set_actor(by):
        obj.save()
