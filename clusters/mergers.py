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
from django.db.models import Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from .models import ClusterYear, Conference, Membership, Officer, Succession, User
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
    *,
    sources: Sequence[Succession],
    into: Succession,
    effective: datetime.date,
    before: int | None = None,
) -> list[str]:
    """What recording the merger would change in years whose ranking is already published
    (closed years, before the year `before` if given), one sentence a year; empty when it
    changes none."""
    years = (
        ClusterYear.objects.filter(
            year__gte=effective.year,
            year__lt=before or 10_000,
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


# Correcting a merger's date ---------------------------------------------------------------
#
# “A and B become C from D” corrected to D′: the agencies' dates move, and every year between
# the two dates is re-derived as if the merger had been recorded on D′ from the start (the
# test runs both orders, then the correction, over the real 2025 mergers):
#
# - in a year where both dates fall after its first day, A and B leave on the day before D′
#   instead of D, and C joins on D′ instead of D;
# - a year that D′ now begins before (the merger moved earlier, across its first day) becomes
#   a year after the merger: C holds the seat from the start, and A keeps a row only when
#   something was recorded against it that year;
# - a year the merger did not touch, and D′ falls in or before, is seated by `seat_successor`,
#   the same rule as a merger recorded anew.
#
# A merger moved later across the first day of a year that already gave C the seat would have
# to bring A and B back into it, with the offices C took from them: that is refused with a
# message naming those years.


def merger_sources(agency: Succession) -> list:
    """The records merged together with `agency` (the same successor, the same date)."""
    return list(
        type(agency)
        .objects.filter(successor_id=agency.successor_id, valid_to=agency.valid_to)
        .order_by("name", "valid_from")
    )


def _touched_years(*, sources: Sequence[Succession], into: Succession, first: int, last: int):
    return (
        ClusterYear.objects.filter(
            year__gte=first,
            year__lte=last,
            memberships__agency__in=[*sources, into],
        )
        .distinct()
        .select_related("cluster")
        .order_by("year", "cluster__number")
    )


def check_redate(
    *, sources: Sequence[Succession], into: Succession, new: datetime.date
) -> datetime.date:
    """Refuse a corrected date that cannot be; return the merger's current date."""
    old = sources[0].valid_to + ONE_DAY
    if new == old:
        raise DomainError(
            _("The merger already takes effect on %(date)s.") % {"date": _day(new)},
            field="effective",
        )
    moves_with_merger = into.valid_from == old  # the successor was made by this merger
    if moves_with_merger:
        if into.valid_to is not None and into.valid_to < new:
            raise DomainError(
                _("%(name)s does not exist on %(date)s: it cannot receive the merger.")
                % {"name": into, "date": _day(new)},
                field="effective",
            )
    elif not into.is_valid_on(new):
        raise DomainError(
            _("%(name)s does not exist on %(date)s: it cannot receive the merger.")
            % {"name": into, "date": _day(new)},
            field="effective",
        )
    for source in sources:
        if source.valid_from and source.valid_from > new - ONE_DAY:
            raise DomainError(
                _(
                    "%(name)s only exists from %(start)s: it cannot merge from %(date)s, "
                    "before it began."
                )
                % {"name": source, "start": _day(source.valid_from), "date": _day(new)},
                field="effective",
            )
    _check_conferences_between(sources=sources, into=into, old=old, new=new)
    if new > old:
        given_away = [
            cluster_year
            for cluster_year in _touched_years(
                sources=sources, into=into, first=old.year, last=new.year
            )
            if old <= cluster_year.first_day < new
            or (cluster_year.year == old.year and new > cluster_year.last_day)
        ]
        if given_away:
            raise DomainError(
                _(
                    "The merger can be moved later only within the year it takes effect in: "
                    "%(years)s already gave the seat to %(into)s from %(date)s."
                )
                % {
                    "years": ", ".join(str(cluster_year) for cluster_year in given_away),
                    "into": into,
                    "date": _day(old),
                },
                field="effective",
            )
    return old


def _check_conferences_between(
    *, sources: Sequence[Succession], into: Succession, old: datetime.date, new: datetime.date
) -> None:
    """The days between the two dates change hands: a conference held on them may not have
    been attended or hosted by the side that would no longer be a member then."""
    first, last = min(old, new), max(old, new) - ONE_DAY
    leaving = list(sources) if new < old else [into]
    conference = (
        Conference.objects.filter(starts_on__gte=first, starts_on__lte=last)
        .filter(Q(attendances__membership__agency__in=leaving) | Q(host__agency__in=leaving))
        .order_by("starts_on")
        .first()
    )
    if conference is not None:
        raise DomainError(
            _(
                "“%(conference)s” (%(date)s) records the attendance or the hosting of an "
                "agency that would not be a member that day: correct the conference first."
            )
            % {"conference": conference, "date": _day(conference.starts_on)},
            field="effective",
        )


def redate_changes(
    *, sources: Sequence[Succession], into: Succession, new: datetime.date
) -> list[str]:
    """What correcting the merger's date would change in years whose ranking is published,
    one sentence a year; empty when it changes none."""
    old = sources[0].valid_to + ONE_DAY
    first, last = sorted([old, new])
    # Years before the merger's former one: as a merger recorded anew would change them.
    untouched = published_changes(sources=sources, into=into, effective=new, before=old.year)
    years = _touched_years(
        sources=sources, into=into, first=max(first.year, old.year), last=last.year
    ).filter(ranking_publications__isnull=False)
    return untouched + [
        _(
            "%(year)s, %(cluster)s: the members merged into %(into)s would leave on %(left)s "
            "instead of %(was_left)s, and %(into)s join on %(joined)s instead of %(was_joined)s"
        )
        % {
            "year": cluster_year.year,
            "cluster": cluster_year.cluster.title,
            "into": into.name,
            "left": _day(new - ONE_DAY),
            "was_left": _day(old - ONE_DAY),
            "joined": _day(new),
            "was_joined": _day(old),
        }
        for cluster_year in years
    ]


def rederive_years(
    *,
    sources: Sequence[Succession],
    into: Succession,
    old: datetime.date,
    by: User | None,
) -> None:
    """Bring the years between the merger's former date `old` and its date now (the sources'
    `valid_to` has moved already) to what recording it on the new date gives."""
    new = sources[0].valid_to + ONE_DAY
    source_ids = {source.pk for source in sources}
    first, last = sorted([old, new])
    fresh = []  # rows of years the merger did not touch before
    for cluster_year in _touched_years(
        sources=sources, into=into, first=first.year, last=last.year
    ):
        # The members' rows only, not their years (README, "Where logic goes").
        rows = list(
            Membership.objects.filter(cluster_year=cluster_year, agency__in=[*sources, into])
            .select_related("agency", "cluster_year")
            .select_for_update(no_key=True, of=("self",))
        )
        successor = next((m for m in rows if m.agency_id == into.pk), None)
        left = [m for m in rows if m.agency_id in source_ids and m.left_on == old - ONE_DAY]
        if old > cluster_year.last_day:  # untouched until now: seat as a merger recorded anew
            fresh += [m for m in rows if m.agency_id in source_ids and m.left_on is None]
            continue
        in_year = new > cluster_year.first_day
        if successor is not None and successor.joined_on == old:
            successor.joined_on = new if in_year else None
            save_validated(successor, by=by)
        recorded = set(
            Membership.objects.annotate_has_records()
            .filter(pk__in=[m.pk for m in left], has_records=True)
            .values_list("pk", flat=True)
        )
        for membership in left:
            if not in_year and membership.pk not in recorded:
                with set_actor(by):  # it never sat in this year, and nothing is recorded
                    membership.delete()
                continue
            membership.left_on = new - ONE_DAY
            membership.note = merger_note(into=into, year=cluster_year.year)
            save_validated(membership, by=by)
    seat_successors(memberships=fresh, by=by)
