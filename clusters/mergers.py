"""What a merger does to a cluster's years: one rule, whichever was recorded first.

A merger (“A and B become C from D”) may be recorded before or after the years it touches are
created, and a year may be created with A among its members after the merger is known. Both
roads end at `seat_successor`, so the members, their dates and the offices come out the same:

- in the year of the merger, A leaves on the day before D and C joins on D;
- in a year that begins after it, C holds the seat from the start; A keeps a row only when
  something was recorded against it that year (its records stay with it);
- C takes the offices A held where C holds none, the highest first (when A and B both held
  one, C is head rather than deputy, whichever row came first);
- a chain (A into C, C later into E) is followed to its end within the year.

The checks that come before (which mergers may be recorded at all) are `check_merger`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from auditlog.context import set_actor
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from .models import ClusterYear, Membership, Officer, Succession, User
from .services.base import save_validated

ONE_DAY = datetime.timedelta(days=1)


def _day(value: datetime.date) -> str:
    return date_format(value, "d/m/Y")


def check_merger(
    *, sources: Sequence[Succession], into: Succession, effective: datetime.date
) -> None:
    """Refuse, with a message a user can read, a merger that cannot have happened."""
    if not sources:
        raise DomainError(_("Choose at least one agency to merge."))
    if into in sources:
        raise DomainError(_("An agency cannot be merged into itself."))
    if not into.is_valid_on(effective):
        raise DomainError(
            _("%(name)s does not exist on %(date)s: it cannot receive the merger.")
            % {"name": into, "date": _day(effective)}
        )
    day_before = effective - ONE_DAY
    for source in sources:
        if source.successor_id:
            raise DomainError(
                _("%(name)s has already been merged into %(successor)s.")
                % {"name": source, "successor": source.successor}
            )
        if source.valid_from and source.valid_from > day_before:
            raise DomainError(
                _(
                    "%(name)s only exists from %(start)s: it cannot merge from %(date)s, "
                    "before it began."
                )
                % {"name": source, "start": _day(source.valid_from), "date": _day(effective)}
            )
        if not source.is_valid_on(day_before):
            raise DomainError(
                _("%(name)s no longer exists on %(date)s.")
                % {"name": source, "date": _day(day_before)}
            )
    # The receiving record must not lead back to one of the merged ones.
    record, seen = into, set()
    while record is not None and record.pk not in seen:
        if any(record.pk == source.pk for source in sources):
            raise DomainError(
                _("%(name)s already leads to %(source)s: the successors would go round in a loop.")
                % {"name": into, "source": record}
            )
        seen.add(record.pk)
        record = record.successor if record.successor_id else None


def merger_note(*, into, year: int) -> str:
    """The note kept on the row of a merged member (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Merged into %(name)s") % {"name": into.label_in_year(year)}


def seat_successor(*, membership: Membership, by: User | None) -> Membership | None:
    """Apply to `membership` the merger its agency went through before its year ended.

    Returns the successor's row, or None when the agency was not succeeded by then."""
    agency = membership.agency
    cluster_year: ClusterYear = membership.cluster_year
    if (
        agency.successor_id is None
        or agency.valid_to is None
        or agency.valid_to >= cluster_year.last_day
        or membership.left_on is not None
    ):
        return None
    into, effective = agency.successor, agency.valid_to + ONE_DAY
    in_year = effective > cluster_year.first_day
    successor = cluster_year.memberships.filter(agency=into).first()
    if successor is None:
        successor = Membership(
            cluster_year=cluster_year, agency=into, joined_on=effective if in_year else None
        )
        save_validated(successor, by=by)
    for office in membership.offices.all():
        if not successor.offices.exists():
            office.membership = successor
            save_validated(office, by=by)
    removable = Membership.objects.annotate_removable().get(pk=membership.pk).removable
    if not in_year and removable:
        with set_actor(by):  # it never sat in this year, and nothing is recorded against it
            membership.delete()
    else:
        membership.left_on = agency.valid_to
        membership.note = merger_note(into=into, year=cluster_year.year)
        save_validated(membership, by=by)
    seat_successor(membership=successor, by=by)
    return successor


PROTOCOL = {Officer.Role.HEAD: 0, Officer.Role.DEPUTY_1: 1, Officer.Role.DEPUTY_2: 2}


def seat_successors(*, memberships: Iterable[Membership], by: User | None) -> None:
    """`seat_successor` for several rows, the holder of the highest office first."""
    memberships = list(memberships)
    offices = dict(
        Officer.objects.filter(membership__in=memberships).values_list("membership_id", "role")
    )
    for membership in sorted(
        memberships,
        key=lambda m: (PROTOCOL.get(offices.get(m.pk), len(PROTOCOL)), m.agency.short_name, m.pk),
    ):
        seat_successor(membership=membership, by=by)


def published_changes(
    *, sources: Sequence[Succession], into: Succession, effective: datetime.date
) -> list[str]:
    """What recording the merger would change in years whose ranking is already published
    (closed years), one sentence a year; empty when it changes none."""
    years = (
        ClusterYear.objects.filter(
            year__gte=effective.year,
            memberships__agency__in=sources,
            memberships__left_on__isnull=True,
            ranking_publications__isnull=False,
        )
        .distinct()
        .select_related("cluster")
        .order_by("year", "cluster__number")
    )
    source_ids = {source.pk for source in sources}
    changes = []
    for cluster_year in years:
        merged = [
            m.agency.label_in_year(cluster_year.year)
            for m in cluster_year.memberships.select_related("agency")
            if m.agency_id in source_ids
        ]
        names = _("%(first)s and %(last)s") % {"first": ", ".join(merged[:-1]), "last": merged[-1]}
        names = merged[0] if len(merged) == 1 else names
        if cluster_year.year == effective.year:
            text = _(
                "%(year)s, %(cluster)s: %(names)s would leave on %(left)s and %(into)s join "
                "on %(joined)s"
            )
        else:
            text = _("%(year)s, %(cluster)s: %(into)s would take the seat of %(names)s")
        changes.append(
            text
            % {
                "year": cluster_year.year,
                "cluster": cluster_year.cluster.title,
                "names": names,
                "into": into.name,
                "left": _day(effective - ONE_DAY),
                "joined": _day(effective),
            }
        )
    return changes
