"""Agencies and provinces: creation, changes, mergers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from auditlog.context import set_actor
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from ..models import (
    Agency,
    Membership,
    Province,
    Succession,
    User,
)
from .base import save_validated

# Agencies and provinces -------------------------------------------------------------------


def agency_create(*, by: User | None, **fields) -> Agency:
    agency = Agency(**fields)
    with transaction.atomic():
        save_validated(agency, by=by)
    return agency


def province_create(*, by: User | None, **fields) -> Province:
    province = Province(**fields)
    with transaction.atomic():
        save_validated(province, by=by)
    return province


def _succeed(
    *, sources: Sequence[Succession], into: Succession, effective: datetime.date, by: User | None
) -> None:
    """Close `sources` the day before `effective` and name `into` as their successor."""
    if not sources:
        raise DomainError(_("Choose at least one agency to merge."))
    if into in sources:
        raise DomainError(_("An agency cannot be merged into itself."))
    if not into.is_valid_on(effective):
        raise DomainError(
            _("%(name)s does not exist on %(date)s: it cannot receive the merger.")
            % {"name": into, "date": date_format(effective, "SHORT_DATE_FORMAT")}
        )
    for source in sources:
        if source.successor_id:
            raise DomainError(
                _("%(name)s has already been merged into %(successor)s.")
                % {"name": source, "successor": source.successor}
            )
        day_before = effective - datetime.timedelta(days=1)
        if not source.is_valid_on(day_before):
            raise DomainError(
                _("%(name)s no longer exists on %(date)s.")
                % {"name": source, "date": date_format(day_before, "SHORT_DATE_FORMAT")}
            )
        source.valid_to = effective - datetime.timedelta(days=1)
        source.successor = into
        save_validated(source, by=by)


@transaction.atomic
def province_merge(
    *, sources: Sequence[Province], into: Province, effective: datetime.date, by: User | None
) -> Province:
    _succeed(sources=sources, into=into, effective=effective, by=by)
    return into


@transaction.atomic
def agency_merge(
    *, sources: Sequence[Agency], into: Agency, effective: datetime.date, by: User | None
) -> Agency:
    """“A and B become C from date D.”

    Past years keep A and B exactly as they were. In every year from D's on, A and B leave on
    the day before D (their records stay with them) and C takes the seat, and the offices
    they held where C holds none. The staff of A and B become staff of C.
    """
    _succeed(sources=sources, into=into, effective=effective, by=by)
    left_on = effective - datetime.timedelta(days=1)
    affected = (
        Membership.objects.filter(agency__in=sources, cluster_year__year__gte=effective.year)
        .select_related("cluster_year")
        .select_for_update()
    )
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Merged into %(name)s") % {"name": into.name}
    for membership in affected:
        cluster_year = membership.cluster_year
        successor = cluster_year.memberships.filter(agency=into).first()
        if successor is None:
            successor = Membership(
                cluster_year=cluster_year,
                agency=into,
                joined_on=effective if cluster_year.year == effective.year else None,
            )
            save_validated(successor, by=by)
        membership.left_on, membership.note = left_on, note
        save_validated(membership, by=by)
        for office in membership.offices.all():
            if not successor.offices.exists():
                office.membership = successor
                save_validated(office, by=by)
    with set_actor(by):
        for user in User.objects.filter(agency__in=sources):
            user.agency = into
            user.save(update_fields=["agency"])
    return into


# Clusters and years -----------------------------------------------------------------------


def agency_update(*, agency: Agency, by: User | None, **fields) -> Agency:
    for name, value in fields.items():
        setattr(agency, name, value)
    with transaction.atomic():
        save_validated(agency, by=by)
    return agency
