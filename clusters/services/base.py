"""What every service of the clusters domain does to save a record or check its input."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from auditlog.context import set_actor
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from ..models import Membership, User


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


def check_members_listed_once(
    memberships: Iterable[Membership], *, cluster_year_id: int, outsider: str
) -> None:
    """Each of `memberships` is a member of the year `cluster_year_id`, listed once; one of
    another year is refused with `outsider` (which names it as %(agency)s)."""
    seen = set()
    for membership in memberships:
        if membership.cluster_year_id != cluster_year_id:
            raise DomainError(outsider % {"agency": membership})
        if membership.pk in seen:
            raise DomainError(_("%(agency)s is listed twice.") % {"agency": membership})
        seen.add(membership.pk)
