"""Nominations for an award, their files and their steps."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, Membership, StoredFile

from .assessments import WorkflowStep
from .awards import AwardType
from .votes import Proposal


class NominationQuerySet(models.QuerySet):
    def with_context(self) -> NominationQuerySet:
        return self.select_related(
            "membership__agency", "membership__cluster_year__cluster", "award_type"
        )

    def waiting(self) -> NominationQuerySet:
        """Filed with the ministry and waiting for its decision."""
        return self.filter(state__in=Nomination.WAITING)

    def counting_towards_quota(self) -> NominationQuerySet:
        """Filed and not rejected: what uses up an award's quota."""
        return self.exclude(state__in=[Nomination.State.DRAFT, Nomination.State.REJECTED])


class Nomination(AuditedInYear, models.Model):
    """The cluster's proposal to the ministry that a unit receive an award (hồ sơ đề nghị)."""

    cluster_year_path = "membership.cluster_year_id"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the ministry")
        RETURNED = "returned", _("Returned with comments")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    PREPARING = (State.DRAFT, State.RETURNED)  # the cluster completes the dossier
    WAITING = (State.SUBMITTED, State.RESUBMITTED)  # the ministry decides

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="nomination"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominations"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default="draft")
    achievement_report = models.TextField(
        _("achievement report"),
        blank=True,
        help_text=_("The unit's report of its achievements (báo cáo thành tích)."),
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signer"), max_length=200, blank=True)
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-membership__cluster_year__year", "award_type__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="approved")
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="nomination_approved_has_decision",
                violation_error_message=_(
                    "An approved nomination needs the decision's number and date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("%(award)s for %(agency)s, %(year)s") % {
            "award": self.award_type,
            "agency": self.membership.agency.short_name,
            "year": self.membership.cluster_year.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("scoring:nomination", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.state in (self.State.APPROVED, self.State.REJECTED)


def achievement_path(instance: NominationFile, filename: str) -> str:
    return f"nominations/{instance.nomination_id}/{filename}"


class NominationFile(AuditedInYear, StoredFile):
    """The unit's achievement report, or another supporting document, as uploaded."""

    cluster_year_path = "nomination.membership.cluster_year_id"

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=achievement_path, max_length=255)

    class Meta:
        verbose_name = _("nomination file")
        verbose_name_plural = _("nomination files")
        ordering = ["nomination", "pk"]


class NominationEvent(WorkflowStep):
    """A step of a nomination: who moved it, when, and what they said."""

    class Action(models.TextChoices):
        CREATED = "created", _("Prepared")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with comments")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = _("nomination step")
        verbose_name_plural = _("nomination steps")
        ordering = ["nomination", "at", "pk"]
