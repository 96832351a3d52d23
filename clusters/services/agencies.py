"""Agencies and provinces: creation, changes, mergers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from .. import mergers
from ..models import (
    Agency,
    Membership,
    Province,
    Succession,
    User,
)
from .base import UNCHANGED, Unchanged, given, save_validated


def _day_before(day: datetime.date | None) -> datetime.date | None:
    return day - datetime.timedelta(days=1) if day else None


# Agencies and provinces -------------------------------------------------------------------

# What a person enters about an agency (the keywords of agency_create and agency_update).
AGENCY_FIELDS = (
    "name",
    "short_name",
    "kind",
    "province",
    "valid_from",
    "valid_to",
    "email",
    "address",
)


def agency_create(
    *,
    name: str,
    short_name: str,
    kind: str,
    province: Province | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    email: str = "",
    address: str = "",
    by: User | None,
) -> Agency:
    agency = Agency(**given(locals(), AGENCY_FIELDS))
    with transaction.atomic():
        save_validated(agency, by=by)
    return agency


def province_create(
    *,
    name: str,
    kind: str | Unchanged = UNCHANGED,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    by: User | None,
) -> Province:
    province = Province(**given(locals(), ("name", "kind", "valid_from", "valid_to")))
    with transaction.atomic():
        save_validated(province, by=by)
    return province


def _succeed(
    *, sources: Sequence[Succession], into: Succession, effective: datetime.date, by: User | None
) -> None:
    """Close `sources` the day before `effective` and name `into` as their successor."""
    mergers.check_merger(sources=sources, into=into, effective=effective)
    for source in sources:
        source.valid_to = effective - datetime.timedelta(days=1)
        source.successor = into
        save_validated(source, by=by)


def _check_confirmed(changes: Sequence[str], *, confirmed: bool, refusal: str) -> None:
    """A step that changes years whose ranking is published (`changes`, how each would
    change) is taken only `confirmed`; otherwise it is refused with `refusal`, which lists
    them (%(changes)s)."""
    if changes and not confirmed:
        raise DomainError(refusal % {"changes": "; ".join(changes)}, field="confirm")


@transaction.atomic
def province_merge(
    *, sources: Sequence[Province], into: Province, effective: datetime.date, by: User | None
) -> Province:
    _succeed(sources=sources, into=into, effective=effective, by=by)
    return into


@transaction.atomic
def agency_merge(
    *,
    sources: Sequence[Agency],
    into: Agency,
    effective: datetime.date,
    by: User | None,
    confirmed: bool = False,
) -> Agency:
    """“A and B become C from date D.”

    Past years keep A and B exactly as they were. In every year from D's on, A and B leave on
    the day before D (their records stay with them) and C takes the seat, and the offices
    they held where C holds none (clusters.mergers.seat_successor, the rule a year created
    after the merger follows too). The staff of A and B become staff of C.

    A merger that changes a year whose ranking is published is recorded only `confirmed`;
    otherwise the refusal says which years would change and how.
    """
    mergers.check_merger(sources=sources, into=into, effective=effective)
    changes = mergers.published_changes(sources=sources, into=into, effective=effective)
    _check_confirmed(
        changes,
        confirmed=confirmed,
        refusal=_(
            "This merger changes years whose ranking is published: %(changes)s. "
            "Tick the confirmation to record it."
        ),
    )
    _succeed(sources=sources, into=into, effective=effective, by=by)
    merged = {source.pk: source for source in sources}
    # The members' rows only, not their years (README, "Where logic goes").
    affected = list(
        Membership.objects.filter(agency__in=sources, cluster_year__year__gte=effective.year)
        .select_related("cluster_year")
        .select_for_update(no_key=True, of=("self",))
    )
    for membership in affected:
        membership.agency = merged[membership.agency_id]
    mergers.seat_successors(memberships=affected, by=by)
    with set_actor(by):
        for user in User.objects.filter(agency__in=sources):
            user.agency = into
            user.save(update_fields=["agency"])
    return into


@transaction.atomic
def agency_merger_redate(
    *, agency: Agency, effective: datetime.date, by: User | None, confirmed: bool = False
) -> Agency:
    """Correct the date of the merger `agency` went through (with the agencies merged with it).

    The agencies' dates move (and the successor's start, when the merger made it), and the
    years between the two dates are re-derived as recording the merger on `effective` would
    have made them (clusters.mergers.rederive_years). A correction that changes a year whose
    ranking is published is made only `confirmed`; otherwise the refusal says which years
    would change and how."""
    if agency.successor_id is None or agency.valid_to is None:
        raise DomainError(_("%(name)s has not been merged.") % {"name": agency})
    sources = mergers.merger_sources(agency)
    into = agency.successor
    old = mergers.check_redate(sources=sources, into=into, new=effective)
    changes = mergers.redate_changes(sources=sources, into=into, new=effective)
    _check_confirmed(
        changes,
        confirmed=confirmed,
        refusal=_(
            "This correction changes years whose ranking is published: %(changes)s. "
            "Tick the confirmation to record it."
        ),
    )
    if into.valid_from == old:  # the successor was made by the merger: it starts with it
        into.valid_from = effective
        save_validated(into, by=by)
    for source in sources:
        source.valid_to = effective - datetime.timedelta(days=1)
        save_validated(source, by=by)
    mergers.rederive_years(sources=sources, into=into, old=old, by=by)
    return into


# Clusters and years -----------------------------------------------------------------------


def agency_update(
    *,
    agency: Agency,
    name: str | Unchanged = UNCHANGED,
    short_name: str | Unchanged = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    province: Province | None | Unchanged = UNCHANGED,
    valid_from: datetime.date | None | Unchanged = UNCHANGED,
    valid_to: datetime.date | None | Unchanged = UNCHANGED,
    email: str | Unchanged = UNCHANGED,
    address: str | Unchanged = UNCHANGED,
    by: User | None,
) -> Agency:
    """A merger's dates are not edited here: the years they shape would not follow
    (`agency_merger_redate` corrects them)."""
    fields = given(locals(), AGENCY_FIELDS)
    merged = agency.successor_id is not None and "valid_to" in fields
    if merged and fields["valid_to"] != agency.valid_to:
        raise DomainError(
            _(
                "%(name)s ended with its merger: correct the merger's date instead "
                "(“Correct the merger date”), so that the years follow."
            )
            % {"name": agency},
            field="valid_to",
        )
    made = "valid_from" in fields and fields["valid_from"] != agency.valid_from
    if made and agency.predecessors.filter(valid_to=_day_before(agency.valid_from)).exists():
        raise DomainError(
            _(
                "%(name)s began with a merger: correct the merger's date instead "
                "(“Correct the merger date” on a merged agency), so that the years follow."
            )
            % {"name": agency},
            field="valid_from",
        )
    for field, value in fields.items():
        setattr(agency, field, value)
    with transaction.atomic():
        save_validated(agency, by=by)
    return agency
