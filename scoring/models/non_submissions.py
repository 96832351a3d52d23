"""A member that did not submit its self-assessment by the deadline, as the secretariat
recorded it: the ranking lists it last, without a rank or a classification."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, Membership, Recorded

from .assessments import period_field


class NonSubmission(AuditedInYear, Recorded):
    """“Không nộp”: who recorded it, when and why. Taken back (scoring.undo) until the
    period's ranking is published."""

    cluster_year_path = "membership.cluster_year_id"

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="non_submissions",
    )
    period = period_field()
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("non-submission")
        verbose_name_plural = _("non-submissions")
        ordering = ["membership__agency__short_name", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "period"],
                name="non_submission_once_per_period",
                violation_error_message=_(
                    "This member is already recorded as not having submitted for the period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("%(agency)s did not submit (%(period)s)") % {
            "agency": self.membership.agency.short_name,
            "period": self.get_period_display(),
        }
