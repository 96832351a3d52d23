"""Clusters and their years: settings, members, officers, the next year."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from .. import mergers, notices
from ..models import (
    Agency,
    Cluster,
    ClusterYear,
    Membership,
    Officer,
    User,
)
from .base import UNCHANGED, Unchanged, given, save_validated

# What a person enters about a cluster (the keywords of cluster_create and cluster_update).
CLUSTER_FIELDS = ("kind", "number", "name", "supervisor_kind", "supervisor_name", "description")
# A year's settings and deadlines (keywords of cluster_year_create and cluster_year_update).
YEAR_SETTING_FIELDS = (
    "deputies_administer",
    "self_assessment_opens",
    "self_assessment_deadline",
    "review_deadline",
    "mid_year_deadline",
    "vote_threshold",
    "excellent_min",
    "good_min",
    "fair_min",
    "tie_break_groups",
)
# The settings a new year takes over from the year before.
YEAR_SETTINGS = (
    "deputies_administer",
    "vote_threshold",
    "excellent_min",
    "good_min",
    "fair_min",
    "tie_break_groups",
)


def cluster_create(
    *,
    kind: str | Unchanged = UNCHANGED,
    number: str = "",
    name: str = "",
    supervisor_kind: str,
    supervisor_name: str,
    description: str = "",
    by: User | None,
) -> Cluster:
    cluster = Cluster(**given(locals(), CLUSTER_FIELDS))
    with transaction.atomic():
        save_validated(cluster, by=by)
    return cluster


def cluster_update(
    *,
    cluster: Cluster,
    kind: str | Unchanged = UNCHANGED,
    number: str | Unchanged = UNCHANGED,
    name: str | Unchanged = UNCHANGED,
    supervisor_kind: str | Unchanged = UNCHANGED,
    supervisor_name: str | Unchanged = UNCHANGED,
    description: str | Unchanged = UNCHANGED,
    by: User | None,
) -> Cluster:
    for field, value in given(locals(), CLUSTER_FIELDS).items():
        setattr(cluster, field, value)
    with transaction.atomic():
        save_validated(cluster, by=by)
    return cluster


@transaction.atomic
def cluster_year_create(
    *,
    cluster: Cluster,
    year: int,
    agencies: Iterable[Agency] = (),
    head: Agency | None = None,
    deputy_1: Agency | None = None,
    deputy_2: Agency | None = None,
    deputies_administer: bool | Unchanged = UNCHANGED,
    self_assessment_opens: datetime.date | None | Unchanged = UNCHANGED,
    self_assessment_deadline: datetime.date | None | Unchanged = UNCHANGED,
    review_deadline: datetime.date | None | Unchanged = UNCHANGED,
    mid_year_deadline: datetime.date | None | Unchanged = UNCHANGED,
    vote_threshold: Decimal | Unchanged = UNCHANGED,
    excellent_min: Decimal | None | Unchanged = UNCHANGED,
    good_min: Decimal | None | Unchanged = UNCHANGED,
    fair_min: Decimal | None | Unchanged = UNCHANGED,
    tie_break_groups: str | Unchanged = UNCHANGED,
    by: User | None,
) -> ClusterYear:
    """A new year with its members and, when given, its officers; a duplicate year is refused."""
    if ClusterYear.objects.filter(cluster=cluster, year=year).exists():
        raise DomainError(
            _("%(cluster)s already has the year %(year)s.")
            % {"cluster": cluster.title, "year": year}
        )
    settings = given(locals(), YEAR_SETTING_FIELDS)
    cluster_year = ClusterYear(cluster=cluster, year=year, **settings)
    _check_year_settings(cluster_year)
    save_validated(cluster_year, by=by)
    members = {
        agency.pk: _membership_create(cluster_year=cluster_year, agency=agency, by=by)
        for agency in agencies
    }
    if head is None and (deputy_1 or deputy_2):
        raise DomainError(_("Choose the head before the deputies."), field="head")
    if head is not None:
        chosen = officer_memberships(
            {"head": head, "deputy_1": deputy_1, "deputy_2": deputy_2},
            members,
            outsider=_("%(agency)s is not a member of this year."),
            year=year,
        )
        officers_set(cluster_year=cluster_year, by=by, **chosen)
    # Mergers already recorded apply now, officers included, as they would have later.
    mergers.seat_successors(memberships=members.values(), by=by)
    return cluster_year


# What a published ranking was computed with: fixed once the ranking is published.
# A member is told when one of these moves (setting one the first time is not a move).
MEMBER_DEADLINES = ("self_assessment_deadline", "mid_year_deadline")
RANKING_SETTINGS = ("excellent_min", "good_min", "fair_min", "tie_break_groups")


@transaction.atomic
def cluster_year_update(
    *,
    cluster_year: ClusterYear,
    deputies_administer: bool | Unchanged = UNCHANGED,
    self_assessment_opens: datetime.date | None | Unchanged = UNCHANGED,
    self_assessment_deadline: datetime.date | None | Unchanged = UNCHANGED,
    review_deadline: datetime.date | None | Unchanged = UNCHANGED,
    mid_year_deadline: datetime.date | None | Unchanged = UNCHANGED,
    vote_threshold: Decimal | Unchanged = UNCHANGED,
    excellent_min: Decimal | None | Unchanged = UNCHANGED,
    good_min: Decimal | None | Unchanged = UNCHANGED,
    fair_min: Decimal | None | Unchanged = UNCHANGED,
    tie_break_groups: str | Unchanged = UNCHANGED,
    by: User | None,
) -> ClusterYear:
    fields = given(locals(), YEAR_SETTING_FIELDS)
    published = cluster_year.ranking_publications.exists()
    changed = [
        name
        for name in RANKING_SETTINGS
        if name in fields and fields[name] != getattr(cluster_year, name)
    ]
    if published and changed:
        raise DomainError(
            {
                name: _("The ranking is published: this setting can no longer change.")
                for name in changed
            }
        )
    moved = [
        (ClusterYear._meta.get_field(name).verbose_name, fields[name])
        for name in MEMBER_DEADLINES
        if name in fields
        and getattr(cluster_year, name)
        and fields[name] != getattr(cluster_year, name)
    ]
    for name, value in fields.items():
        setattr(cluster_year, name, value)
    _check_year_settings(cluster_year)
    save_validated(cluster_year, by=by)
    if moved:
        notices.deadlines_moved(cluster_year, moved)
    return cluster_year


def _check_year_settings(cluster_year: ClusterYear) -> None:
    errors = {}
    opens, deadline = cluster_year.self_assessment_opens, cluster_year.self_assessment_deadline
    if opens and deadline and deadline < opens:
        errors["self_assessment_deadline"] = _("The deadline comes before the opening date.")
    review = cluster_year.review_deadline
    if review and deadline and review < deadline:
        errors["review_deadline"] = _(
            "The review deadline comes before the self-assessment deadline."
        )
    thresholds = [cluster_year.excellent_min, cluster_year.good_min, cluster_year.fair_min]
    given = [value for value in thresholds if value is not None]
    if given != sorted(given, reverse=True) or len(set(given)) != len(given):
        errors["good_min"] = _(
            "The thresholds must go down: “excellent” above “good”, above “fair”."
        )
    if errors:
        raise DomainError(errors)


@transaction.atomic
def cluster_year_start_next(*, cluster_year: ClusterYear, by: User | None) -> ClusterYear:
    """Next year from this one: the same members (their successors where merged) and settings.

    Officers are not carried over: they are elected at the year-end conference.
    """
    following = cluster_year.year + 1
    existing = ClusterYear.objects.filter(cluster=cluster_year.cluster, year=following).first()
    if existing:
        return existing
    first_day = datetime.date(following, 1, 1)
    agencies = {}
    for membership in cluster_year.memberships.current().select_related("agency__successor"):
        agency = membership.agency.current_successor(first_day)
        agencies[agency.pk] = agency
    return cluster_year_create(
        cluster=cluster_year.cluster,
        year=following,
        agencies=sorted(agencies.values(), key=lambda agency: agency.short_name),
        by=by,
        **{name: getattr(cluster_year, name) for name in YEAR_SETTINGS},
    )


def membership_add(*, cluster_year: ClusterYear, agency: Agency, by: User | None) -> Membership:
    """A member for the year; an agency merged during the year leaves on the merger's eve and
    its successor joins (mergers.seat_successor), as if the merger had come after."""
    with transaction.atomic():
        membership = _membership_create(cluster_year=cluster_year, agency=agency, by=by)
        mergers.seat_successor(membership=membership, by=by)
    return membership


def _membership_create(*, cluster_year: ClusterYear, agency: Agency, by: User | None) -> Membership:
    if Membership.objects.filter(cluster_year=cluster_year, agency=agency).exists():
        raise DomainError(
            _("%(agency)s is already a member of this year.") % {"agency": agency.short_name}
        )
    if not agency.exists_during(cluster_year.first_day, cluster_year.last_day):
        raise DomainError(
            _("%(agency)s does not exist in %(year)s.")
            % {"agency": agency.short_name, "year": cluster_year.year}
        )
    # An agency formed during the year is a member from the day it begins.
    starts = agency.valid_from
    begins_in_year = starts is not None and cluster_year.first_day < starts <= cluster_year.last_day
    joined_on = starts if begins_in_year else None
    membership = Membership(cluster_year=cluster_year, agency=agency, joined_on=joined_on)
    save_validated(membership, by=by)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User | None) -> None:
    """Only a member with nothing recorded against it can be removed; others leave (a date)."""
    if not Membership.objects.annotate_removable().get(pk=membership.pk).removable:
        raise DomainError(
            _(
                "%(agency)s already has records in this year (office, signature, attendance, "
                "assessment) or has left it: it cannot be removed."
            )
            % {"agency": membership.agency.short_name}
        )
    with set_actor(by):
        membership.delete()


def officer_memberships(
    officers: Mapping[str, Agency | None],
    members: Mapping[int, Membership],
    *,
    outsider: str,
    year: int,
) -> dict[str, Membership | None]:
    """The officers chosen as agencies ({role: agency or None}) as the memberships of a year
    (`members`, by agency pk). An agency that is not a member is refused under its role with
    `outsider`, which names it as %(agency)s and may name the year as %(year)s."""
    chosen = {}
    for role, agency in officers.items():
        if agency is None:
            chosen[role] = None
        elif agency.pk in members:
            chosen[role] = members[agency.pk]
        else:
            raise DomainError({role: outsider % {"agency": agency.short_name, "year": year}})
    return chosen


@transaction.atomic
def officers_set(
    *,
    cluster_year: ClusterYear,
    head: Membership,
    deputy_1: Membership | None = None,
    deputy_2: Membership | None = None,
    by: User | None,
) -> list[Officer]:
    """Replace the year's officers: one head, up to two deputies, all members, all different."""
    chosen = {
        Officer.Role.HEAD: head,
        Officer.Role.DEPUTY_1: deputy_1,
        Officer.Role.DEPUTY_2: deputy_2,
    }
    for role, membership in chosen.items():
        if membership is not None and membership.cluster_year_id != cluster_year.pk:
            raise DomainError(
                {role: _("%(agency)s is not a member of this year.") % {"agency": membership}}
            )
    if deputy_2 is not None and deputy_1 is None:
        raise DomainError(_("Choose the first deputy before the second."), field="deputy_1")
    picked = [m.pk for m in chosen.values() if m is not None]
    if len(picked) != len(set(picked)):
        raise DomainError(_("One member cannot hold two offices in the same year."))
    with set_actor(by):
        cluster_year.officers.all().delete()
        officers = [
            Officer.objects.create(cluster_year=cluster_year, membership=membership, role=role)
            for role, membership in chosen.items()
            if membership is not None
        ]
    return officers
