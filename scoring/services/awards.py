"""Award types and the standing records that bar a unit from awards."""

from __future__ import annotations

import datetime
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Agency, User
from clusters.services.base import UNCHANGED, Unchanged, given, save_validated
from emulation.errors import DomainError

from ..models import (
    AwardType,
    StandingRecord,
)

# The ministry's usual awards and their default rules (Decree 91/2017, Decree 152/2025): one
# ministry flag per cluster and year; the Government flag to at most 20% of the units that met
# the ministry flag's standard. Migration 0003 creates them in a new database.
MINISTRY_FLAG = "Cờ thi đua của Bộ Ngoại giao"
GOVERNMENT_FLAG = "Cờ thi đua của Chính phủ"
MINISTERS_MERIT = "Bằng khen của Bộ trưởng Bộ Ngoại giao"


@transaction.atomic
def award_types_ensure_defaults(*, by: User | None) -> dict[str, AwardType]:
    """The usual awards by name, created with their default rules where missing."""
    with set_actor(by):
        flag, _created = AwardType.objects.get_or_create(
            name=MINISTRY_FLAG,
            defaults={"requires_excellent": True, "quota_per_cluster": 1, "position": 1},
        )
        government, _created = AwardType.objects.get_or_create(
            name=GOVERNMENT_FLAG,
            defaults={
                "requires_excellent": True,
                "quota_percent": Decimal("20"),
                "quota_base": flag,
                "position": 2,
            },
        )
        merit, _created = AwardType.objects.get_or_create(
            name=MINISTERS_MERIT, defaults={"position": 3}
        )
    return {award.name: award for award in (flag, government, merit)}


# What the ministry enters about an award type (the keywords of award_type_save).
AWARD_TYPE_FIELDS = (
    "name",
    "requires_excellent",
    "quota_per_cluster",
    "quota_percent",
    "quota_base",
    "active",
    "position",
)


@transaction.atomic
def award_type_save(
    *,
    award_type: AwardType | None,
    name: str | Unchanged = UNCHANGED,
    requires_excellent: bool | Unchanged = UNCHANGED,
    quota_per_cluster: int | None | Unchanged = UNCHANGED,
    quota_percent: Decimal | None | Unchanged = UNCHANGED,
    quota_base: AwardType | None | Unchanged = UNCHANGED,
    active: bool | Unchanged = UNCHANGED,
    position: int | Unchanged = UNCHANGED,
    by: User | None,
) -> AwardType:
    """A new award type (award_type None) or changes to one; a keyword left out stays as it is."""
    award_type = award_type or AwardType()
    for field, value in given(locals(), AWARD_TYPE_FIELDS).items():
        setattr(award_type, field, value)
    save_validated(award_type, by=by)
    return award_type


@transaction.atomic
def standing_record_add(
    *,
    agency: Agency,
    kind: str,
    started_on: datetime.date,
    note: str,
    by: User | None,
) -> StandingRecord:
    record = StandingRecord(
        agency=agency, kind=kind, started_on=started_on, note=note.strip(), recorded_by=by
    )
    save_validated(record, by=by)
    return record


@transaction.atomic
def standing_record_end(
    *, record: StandingRecord, ended_on: datetime.date, by: User | None
) -> StandingRecord:
    record = StandingRecord.objects.select_for_update().get(pk=record.pk)
    if record.ended_on is not None:
        raise DomainError(_("This status is already resolved."))
    if ended_on < record.started_on:
        raise DomainError(_("It cannot be resolved before it started."), field="ended_on")
    with set_actor(by):
        record.ended_on = ended_on
        record.save(update_fields=["ended_on"])
    return record
