"""What each person needs to act on now: the dashboard's content, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.access import (
    administered_years,
    is_ministry,
    lineage_ids,
    visible_clusters,
    visible_years,
)
from clusters.models import (
    DEADLINE_FIELDS,
    ClusterYear,
    Conference,
    Covenant,
    Membership,
    Signatory,
)
from scoring.models import (
    Assessment,
    Ballot,
    CriteriaSet,
    Nomination,
    RankingPublication,
    period_deadline,
)
from scoring.models import periods as scoring_periods

UPCOMING_DAYS = 60


@dataclass(frozen=True)
class Task:
    text: str
    url: str


@dataclass(frozen=True)
class Event:
    date: datetime.date
    label: str
    cluster_year: ClusterYear
    url: str


def _secretariat_tasks(cluster_year: ClusterYear, today: datetime.date) -> list[Task]:
    """What a secretariat still has to record for a year (from annotated counts)."""
    tasks = []
    year_url = cluster_year.get_absolute_url()
    covenant_url = reverse("clusters:covenant_detail", args=[cluster_year.pk])
    if cluster_year.member_count == 0:
        tasks.append(Task(_("Add the members of the year."), year_url))
    if not cluster_year.has_covenant:
        tasks.append(Task(_("Write the covenant and its commitments."), covenant_url))
    elif cluster_year.signatory_count < cluster_year.member_count:
        tasks.append(
            Task(
                _("Record the covenant's signatories (%(done)s of %(total)s).")
                % {"done": cluster_year.signatory_count, "total": cluster_year.member_count},
                covenant_url,
            )
        )
    if cluster_year.self_assessment_deadline is None:
        tasks.append(
            Task(
                _("Set the self-assessment deadline."),
                reverse("clusters:year_edit", args=[cluster_year.pk]),
            )
        )
    if today >= datetime.date(cluster_year.year, 11, 1) and not cluster_year.year_end_count:
        tasks.append(Task(_("Record the year-end review conference."), year_url))
    assessments_url = reverse("scoring:assessment_list", args=[cluster_year.pk])
    if cluster_year.awaiting_review:
        tasks.append(
            Task(
                _("%(count)s self-assessments await review.")
                % {"count": cluster_year.awaiting_review},
                assessments_url,
            )
        )
    if (
        cluster_year.member_count
        and cluster_year.final_count == cluster_year.member_count
        and not cluster_year.is_published
    ):
        tasks.append(
            Task(
                _("Every assessment is final: publish the ranking."),
                reverse("scoring:ranking", args=[cluster_year.pk]),
            )
        )
    return tasks


def _member_tasks(user, years: list[ClusterYear], today: datetime.date) -> dict[int, list[Task]]:
    """Per year, what the user's agency must do about its own self-assessments."""
    assessments = {
        (a.membership.cluster_year_id, a.period): a
        for a in Assessment.objects.filter(
            membership__cluster_year__in=years, membership__agency_id__in=lineage_ids(user)
        ).select_related("membership__cluster_year")
    }
    with_criteria = set(
        CriteriaSet.objects.filter(cluster_year__in=years).values_list("cluster_year_id", flat=True)
    )
    tasks: dict[int, list[Task]] = {}
    for cluster_year in years:
        for period, label in scoring_periods(cluster_year):
            task = _member_task(
                assessments.get((cluster_year.pk, period)),
                cluster_year,
                period,
                cluster_year.pk in with_criteria,
                today,
            )
            if task:
                text = f"{label}: {task.text}" if period != Assessment.Period.YEAR else task.text
                tasks.setdefault(cluster_year.pk, []).append(Task(text, task.url))
    open_ballots = Ballot.objects.filter(
        state=Ballot.State.OPEN, conference__cluster_year__in=years
    ).exclude(receipts__membership__agency_id__in=lineage_ids(user))
    for ballot in open_ballots.select_related("conference"):
        tasks.setdefault(ballot.conference.cluster_year_id, []).append(
            Task(_("The vote is open: cast your agency's vote."), ballot.get_absolute_url())
        )
    return tasks


def _member_task(assessment, cluster_year, period, has_criteria, today) -> Task | None:
    if assessment is None:
        deadline = period_deadline(cluster_year, period)
        opened = cluster_year.self_assessment_opened(today)
        if has_criteria and opened and (deadline is None or today <= deadline):
            url = reverse("scoring:assessment_list", args=[cluster_year.pk])
            return Task(_("Start your self-assessment."), f"{url}?period={period}")
        return None
    if assessment.self_assessment_open(today):
        return Task(
            _("Complete and submit your self-assessment."),
            reverse("scoring:assessment_self", args=[assessment.pk]),
        )
    if assessment.status == Assessment.Status.RETURNED:
        return Task(
            _("The secretariat has questions: explain your self-assessment."),
            reverse("scoring:assessment_explain", args=[assessment.pk]),
        )
    return None


def _count(rows, year_path: str = "cluster_year"):
    """How many of `rows` belong to the cluster year of the outer query (0 when none)."""
    counted = (
        rows.filter(**{year_path: OuterRef("pk")})
        .order_by()
        .values(year_path)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted), 0)


def _needs_member(user, today: datetime.date) -> Q:
    """Years, however old, in which the user's agency (or one it succeeded) has something to
    do: a question to answer, a reopened self-assessment, an open vote."""
    own = Assessment.objects.filter(
        membership__cluster_year=OuterRef("pk"), membership__agency_id__in=lineage_ids(user)
    )
    return Q(
        Exists(own.filter(status=Assessment.Status.RETURNED))
        | Exists(own.filter(status=Assessment.Status.DRAFT, deadline_extended_to__gte=today))
        | Exists(
            Ballot.objects.filter(
                state=Ballot.State.OPEN, conference__cluster_year=OuterRef("pk")
            ).exclude(receipts__membership__agency_id__in=lineage_ids(user))
        )
    )


def dashboard_for(user) -> dict:
    today = timezone.localdate()
    # Last year and this one, and any year whose self-assessment is still ahead.
    recent = (
        Q(year__gte=today.year - 1)
        | Q(self_assessment_deadline__gte=today)
        | Q(mid_year_deadline__gte=today)
    )
    run_years = (
        administered_years(user)
        .filter(recent)
        .annotate(
            # One small subquery a count: counting across joined tables would multiply rows
            # (members × assessments × conferences) before counting them again.
            member_count=_count(Membership.objects.filter(left_on__isnull=True)),
            signatory_count=_count(Signatory.objects.all(), "covenant__cluster_year"),
            has_covenant=Exists(Covenant.objects.filter(cluster_year=OuterRef("pk"))),
            year_end_count=_count(Conference.objects.filter(kind=Conference.Kind.YEAR_END)),
            awaiting_review=_count(
                Assessment.objects.filter(
                    status__in=[Assessment.Status.SUBMITTED, Assessment.Status.EXPLAINED]
                ),
                "membership__cluster_year",
            ),
            final_count=_count(
                Assessment.objects.filter(
                    status=Assessment.Status.FINAL,
                    period=Assessment.Period.YEAR,
                    membership__left_on__isnull=True,
                ),
                "membership__cluster_year",
            ),
            is_published=Exists(
                RankingPublication.objects.filter(
                    cluster_year=OuterRef("pk"), period=Assessment.Period.YEAR
                )
            ),
        )
        .order_by("-year", "cluster__number")
    )
    secretariat = [(year, _secretariat_tasks(year, today)) for year in run_years]
    member_years = []
    if user.agency_id:
        member_years = list(
            visible_years(user)
            .filter(recent | _needs_member(user, today))
            .filter(
                pk__in=Membership.objects.filter(agency_id__in=lineage_ids(user)).values(
                    "cluster_year_id"
                )
            )
            .order_by("-year", "cluster__number")
        )
    member_tasks = _member_tasks(user, member_years, today) if member_years else {}
    horizon = today + datetime.timedelta(days=UPCOMING_DAYS)
    upcoming = _upcoming(visible_years(user).filter(recent), today, horizon)
    return {
        "today": today,
        "secretariat": secretariat,
        "member_years": [(year, member_tasks.get(year.pk)) for year in member_years],
        "upcoming": upcoming,
        "is_ministry": is_ministry(user),
        "cluster_count": visible_clusters(user).count() if is_ministry(user) else None,
        "waiting_nominations": (
            Nomination.objects.waiting().count() if is_ministry(user) else None
        ),
        "horizon_days": UPCOMING_DAYS,
        "past_years": (
            visible_years(user)
            .filter(
                pk__in=Membership.objects.filter(agency_id__in=lineage_ids(user)).values(
                    "cluster_year_id"
                )
            )
            .exclude(pk__in=[year.pk for year in member_years])
            .order_by("-year", "cluster__number")
            if user.agency_id
            else []
        ),
    }


def _upcoming(years, today: datetime.date, horizon: datetime.date) -> list[Event]:
    events = [
        Event(
            conference.starts_on,
            conference.title,
            conference.cluster_year,
            conference.get_absolute_url(),
        )
        for conference in Conference.objects.with_year().filter(
            cluster_year__in=years, starts_on__range=(today, horizon)
        )
    ]
    in_range = Q()
    for field in DEADLINE_FIELDS:
        in_range |= Q(**{f"{field}__range": (today, horizon)})
    for cluster_year in years.filter(in_range):
        for deadline in cluster_year.deadlines():
            if today <= deadline.date <= horizon:
                events.append(
                    Event(
                        deadline.date,
                        deadline.title,
                        cluster_year,
                        cluster_year.get_absolute_url(),
                    )
                )
    return sorted(events, key=lambda event: event.date)
