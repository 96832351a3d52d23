"""What the scoring workflow tells people, at every moment someone must act or learn an
outcome: who is told, what, and the page where they act. `clusters.notifications.notify`
delivers it (in the application, and by e-mail after the commit as each person chose).

An assessment's news goes to its own agency (and the agencies that succeeded it) or to its
reviewers, never to another member.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.access import MINISTRY_GROUP, secretariat_agencies
from clusters.models import Officer, User
from clusters.notices import member_staff, staff_of
from clusters.notifications import in_default_language, notify

from .models import Assessment, Ballot, CriteriaSet, RankingPublication


def _title(assessment: Assessment) -> str:
    title = str(assessment.membership.cluster_year)
    if assessment.period != Assessment.Period.YEAR:
        title = f"{title} ({assessment.get_period_display()})"
    return title


def reviewers(assessment: Assessment) -> QuerySet[User]:
    """Who reviews the assessment (as `scoring.access.can_review` decides): the secretariat,
    never the assessed agency itself; the head's own assessment goes to the deputies' staff,
    or to the ministry's reviewers where the year has no deputy."""
    cluster_year = assessment.membership.cluster_year
    officers = dict(cluster_year.officers.values_list("role", "membership__agency_id"))
    own = assessment.membership.agency_id
    if own == officers.get(Officer.Role.HEAD):
        deputies = [
            officers[role]
            for role in (Officer.Role.DEPUTY_1, Officer.Role.DEPUTY_2)
            if role in officers
        ]
        if deputies:
            return User.objects.filter(agency_id__in=deputies)
        return User.objects.filter(groups__name=MINISTRY_GROUP)
    return User.objects.filter(agency__in=secretariat_agencies(cluster_year)).exclude(agency_id=own)


def _own_staff(assessment: Assessment) -> QuerySet[User]:
    return staff_of([assessment.membership.agency_id])


def assessment_returned(assessment: Assessment, comment: str) -> None:
    with in_default_language():
        subject = _("%(year)s: the secretariat has questions on your self-assessment") % {
            "year": _title(assessment)
        }
        notify(
            users=_own_staff(assessment),
            subject=subject,
            body=comment,
            url=reverse("scoring:assessment_explain", args=[assessment.pk]),
        )


def explanation_sent(assessment: Assessment, comment: str) -> None:
    with in_default_language():
        subject = _("%(year)s: %(agency)s has sent its explanation") % {
            "year": _title(assessment),
            "agency": assessment.membership.agency.short_name,
        }
        notify(
            users=reviewers(assessment),
            subject=subject,
            body=comment,
            url=reverse("scoring:assessment_review", args=[assessment.pk]),
        )


def assessment_finalised(assessment: Assessment) -> None:
    with in_default_language():
        subject = _("%(year)s: your assessment is final") % {"year": _title(assessment)}
        notify(users=_own_staff(assessment), subject=subject, url=assessment.get_absolute_url())


def assessment_reopened(assessment: Assessment, until: datetime.date, reason: str) -> None:
    with in_default_language():
        subject = _("%(year)s: your self-assessment is open again until %(date)s") % {
            "year": _title(assessment),
            "date": date_format(until, "SHORT_DATE_FORMAT"),
        }
        notify(
            users=_own_staff(assessment),
            subject=subject,
            body=reason,
            url=reverse("scoring:assessment_self", args=[assessment.pk]),
        )


def criteria_amended(criteria_set: CriteriaSet) -> None:
    cluster_year = criteria_set.cluster_year
    with in_default_language():
        subject = _("%(year)s: the scoring criteria are amended (version %(version)s)") % {
            "year": cluster_year,
            "version": criteria_set.version,
        }
        notify(
            users=member_staff(cluster_year),
            subject=subject,
            body=criteria_set.note,
            url=criteria_set.get_absolute_url(),
        )


def ranking_published(publication: RankingPublication) -> None:
    cluster_year = publication.cluster_year
    url = reverse("scoring:ranking", args=[cluster_year.pk])
    if publication.period != Assessment.Period.YEAR:
        url = f"{url}?period={publication.period}"
    with in_default_language():
        subject = _("%(year)s: the ranking is published") % {"year": cluster_year}
        if publication.period != Assessment.Period.YEAR:
            subject = _("%(year)s: the ranking of the %(period)s is published") % {
                "year": cluster_year,
                "period": publication.get_period_display(),
            }
        notify(users=member_staff(cluster_year), subject=subject, url=url)


def vote_opened(ballot: Ballot) -> None:
    cluster_year = ballot.conference.cluster_year
    with in_default_language():
        subject = _("%(year)s: the vote is open, cast your agency's vote") % {"year": cluster_year}
        notify(users=member_staff(cluster_year), subject=subject, url=ballot.get_absolute_url())


def vote_closed(ballot: Ballot) -> None:
    """The result of each proposal goes with the news (the counts are public once closed)."""
    cluster_year = ballot.conference.cluster_year
    with in_default_language():
        lines = []
        for proposal in ballot.proposals_in_order():
            result = proposal.result
            if result is None:
                continue
            lines.append(
                _("%(proposal)s: %(for)s of %(electorate)s votes for, %(outcome)s")
                % {
                    "proposal": proposal,
                    "for": result.votes_for,
                    "electorate": result.electorate,
                    "outcome": _("passed") if result.passed else _("not passed"),
                }
            )
        subject = _("%(year)s: the vote is closed") % {"year": cluster_year}
        notify(
            users=member_staff(cluster_year),
            subject=subject,
            body="\n".join(lines),
            url=ballot.get_absolute_url(),
        )
