"""Links from a movement's contents to the criteria that measure them (scoring builds on
clusters, so the link lives here); the links to the covenant's commitments are the content's
own (clusters.movements.models.MovementContent.commitments)."""

from __future__ import annotations

from collections.abc import Sequence

from auditlog.context import set_actor
from auditlog.registry import auditlog
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import AuditedInYear, Commitment, MovementContent, User
from emulation.errors import DomainError

from .models import Criterion


class ContentCriterion(AuditedInYear, models.Model):
    """A content of a cluster year's movement is measured by this criterion of that year."""

    cluster_year_path = "content.movement.cluster_year_id"

    content = models.ForeignKey(
        MovementContent,
        verbose_name=gettext_lazy("content"),
        on_delete=models.CASCADE,
        related_name="criterion_links",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=gettext_lazy("criterion"),
        on_delete=models.CASCADE,
        related_name="content_links",
    )

    class Meta:
        verbose_name = gettext_lazy("criterion measuring a content")
        verbose_name_plural = gettext_lazy("criteria measuring a content")
        ordering = ["content", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["content", "criterion"],
                name="content_criterion_once",
                violation_error_message=gettext_lazy(
                    "This content is already linked to this criterion."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content} → {self.criterion.code}"


auditlog.register(ContentCriterion)


def linkable_criteria(content: MovementContent) -> QuerySet[Criterion]:
    """The criteria of the latest version of the year's criteria, and those already linked."""
    year = content.movement.cluster_year
    latest = year.criteria_sets.current() if year else None
    return (
        Criterion.objects.filter(
            models.Q(criteria_set=latest) | models.Q(content_links__content=content)
        )
        .select_related("criteria_set")
        .distinct()
        .order_by("criteria_set__version", "position")
    )


def linkable_commitments(content: MovementContent) -> QuerySet[Commitment]:
    year = content.movement.cluster_year_id
    return Commitment.objects.filter(covenant__cluster_year_id=year).order_by("position")


@transaction.atomic
def content_links_set(
    *,
    content: MovementContent,
    criteria: Sequence[Criterion],
    commitments: Sequence[Commitment],
    by: User | None,
) -> MovementContent:
    """Replace what the content points to: criteria and commitments of its movement's year."""
    movement = content.movement
    if movement.cluster_year_id is None and (criteria or commitments):
        raise DomainError(
            _("An agency's movement has no covenant or criteria of a cluster to link to.")
        )
    if any(c.criteria_set.cluster_year_id != movement.cluster_year_id for c in criteria):
        raise DomainError(_("Link only the criteria of the movement's year."))
    if any(c.covenant.cluster_year_id != movement.cluster_year_id for c in commitments):
        raise DomainError(_("Link only the commitments of the covenant of the movement's year."))
    with set_actor(by):
        content.criterion_links.exclude(criterion__in=criteria).delete()
        linked = set(content.criterion_links.values_list("criterion_id", flat=True))
        for criterion in criteria:
            if criterion.pk not in linked:
                ContentCriterion.objects.create(content=content, criterion=criterion)
        content.commitments.set(commitments)
    return content
