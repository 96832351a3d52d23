"""A member that does not submit: after the deadline the secretariat records it, with the
reason; the ranking then lists the member last, without a rank or a classification, and the
publication no longer waits for it. Taken back in scoring.undo until the publication."""

from __future__ import annotations

from auditlog.context import set_actor
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.models import Membership, User
from clusters.notices import staff_of
from clusters.notifications import in_default_language, notify
from emulation.errors import DomainError

from ..models import Assessment, NonSubmission, RankingPublication, period_deadline

Status = Assessment.Status


def non_submission_refusal(membership: Membership, period: str) -> str:
    """Why the member cannot be recorded as not having submitted for the period, or ""."""
    cluster_year = membership.cluster_year
    agency = membership.agency.short_name
    if NonSubmission.objects.filter(membership=membership, period=period).exists():
        return _("%(agency)s is already recorded as not having submitted.") % {"agency": agency}
    if RankingPublication.objects.filter(cluster_year=cluster_year, period=period).exists():
        return _("The ranking is published: withdraw the publication first.")
    assessment = Assessment.objects.filter(membership=membership, period=period).first()
    if assessment is not None and assessment.status != Status.DRAFT:
        return _("%(agency)s has submitted its self-assessment.") % {"agency": agency}
    day = assessment.deadline() if assessment else period_deadline(cluster_year, period)
    if day is None:
        return _("The year has no deadline for the self-assessment yet.")
    if timezone.localdate() <= day:
        return _("The deadline (%(date)s) has not passed yet: %(agency)s can still submit.") % {
            "date": date_format(day, "SHORT_DATE_FORMAT"),
            "agency": agency,
        }
    return ""


@transaction.atomic
def non_submission_record(
    *, membership: Membership, period: str, reason: str, by: User | None
) -> NonSubmission:
    """Record that the member did not submit; its staff are told, with the reason."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("agency", "cluster_year__cluster")
        .get(pk=membership.pk)
    )
    refusal = non_submission_refusal(membership, period)
    if refusal:
        raise DomainError(refusal)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Say why the member is recorded as not having submitted."), field="reason"
        )
    with set_actor(by):
        record = NonSubmission.objects.create(
            membership=membership, period=period, reason=reason, recorded_by=by
        )
    cluster_year = membership.cluster_year
    with in_default_language():
        notify(
            users=staff_of([membership.agency_id]),
            subject=_(
                "%(year)s: the secretariat recorded that %(agency)s did not submit its "
                "self-assessment (%(period)s)"
            )
            % {
                "year": cluster_year,
                "agency": membership.agency.short_name,
                "period": Assessment.Period(period).label,
            },
            body=reason,
            url=reverse("scoring:assessment_list", args=[cluster_year.pk]) + f"?period={period}",
        )
    return record
