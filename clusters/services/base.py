"""What every service of the clusters domain does to save a record."""

from __future__ import annotations

from auditlog.context import set_actor

from ..models import (
    User,
)


def save_validated(obj, *, by: User | None) -> None:
    """Validate fully (fields, uniqueness, constraints), then save, attributed to `by`."""
    obj.full_clean()
    with set_actor(by):
        obj.save()
