"""A movement, its numbered contents and phases, its participants and their phase reports."""

from __future__ import annotations

import datetime

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import (
    Agency,
    AuditedInYear,
    ClusterYear,
    Commitment,
    Conference,
    StoredFile,
    acting_user,
)


class MovementQuerySet(models.QuerySet):
    def with_owner(self) -> MovementQuerySet:
        return self.select_related("cluster_year__cluster", "agency__province", "launched_at")


class Movement(AuditedInYear, models.Model):
    """A movement of a cluster year or of one agency (exactly one of the two)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        THEMATIC = "thematic", _("Thematic")

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="movements",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
        help_text=_("The agency that launches the movement for its own staff."),
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    occasion = models.CharField(
        _("occasion"),
        max_length=255,
        blank=True,
        help_text=_("For a thematic movement: the event it celebrates or the task it serves."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    objectives = models.TextField(_("purpose"), help_text=_("What the movement aims at."))
    requirements = models.TextField(_("requirements"), blank=True)
    commendation = models.TextField(
        _("forms and criteria of commendation"),
        blank=True,
        help_text=_("Who is commended at the review, with what, on which criteria."),
    )
    organisation = models.TextField(
        _("organisation of implementation"),
        blank=True,
        help_text=_("Who does what: the participants, the secretariat, the reporting."),
    )
    plan_place = models.CharField(
        _("place of the plan"),
        max_length=100,
        blank=True,
        help_text=_("Where the plan is issued, e.g. “Quảng Bình”."),
    )
    plan_date = models.DateField(_("date of the plan"), null=True, blank=True)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    launched_at = models.ForeignKey(
        Conference,
        verbose_name=_("launched at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="launched_movements",
    )
    created_by = acting_user(_("created by"))

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cluster_year__isnull=True, agency__isnull=False)
                | Q(cluster_year__isnull=False, agency__isnull=True),
                name="movement_one_launcher",
                violation_error_message=_(
                    "A movement is launched either by a cluster year or by one agency."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="movement_dates_order",
                violation_error_message=_("The movement ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("clusters:movement_detail", args=[self.pk])

    @property
    def launcher(self) -> str:
        """Who launched it: the cluster, or the agency."""
        if self.cluster_year_id:
            return self.cluster_year.cluster.title
        return self.agency.name

    @property
    def is_launched(self) -> bool:
        return self.launched_on is not None

    def dated_events(self) -> list[dict]:
        """The movement on its year's timeline: its launch, with each content and what the
        content is linked to (prefetch `contents__commitments` and
        `contents__criterion_links__criterion`), then its phases."""
        url = self.get_absolute_url()
        events = []
        if self.launched_on:
            events.append(
                {
                    "date": self.launched_on,
                    "label": _("Movement launched: %(title)s") % {"title": self.title},
                    "kind": "movement",
                    "url": url,
                    "details": [content.linked_summary() for content in self.contents.all()],
                }
            )
        for phase in self.phases.all():
            events.append(
                {
                    "date": phase.starts_on,
                    "end": phase.ends_on,
                    "label": _("%(phase)s of “%(title)s”") % {"phase": phase, "title": self.title},
                    "kind": "phase",
                    "url": phase.get_absolute_url(),
                }
            )
        return events


class MovementContent(AuditedInYear, models.Model):
    """A numbered content (nội dung thi đua); it may serve commitments of the year's covenant
    (and, in scoring, be measured by criteria)."""

    cluster_year_path = "movement.cluster_year_id"

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="contents"
    )
    position = models.PositiveSmallIntegerField(_("no."))
    text = models.TextField(_("content"))
    commitments = models.ManyToManyField(
        Commitment,
        verbose_name=_("covenant commitments served"),
        blank=True,
        related_name="movement_contents",
    )

    class Meta:
        verbose_name = _("movement content")
        verbose_name_plural = _("movement contents")
        ordering = ["movement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "position"],
                name="movement_content_unique_position",
                violation_error_message=_(
                    "Another content of this movement already has this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"

    def linked_summary(self) -> str:
        """“2. Thực hiện tốt… (criteria 2.1, 2.3; commitments 2)”, from prefetched links."""
        links = []
        codes = [link.criterion.code for link in self.criterion_links.all()]
        if codes:
            links.append(_("criteria %(codes)s") % {"codes": ", ".join(codes)})
        numbers = [str(commitment.position) for commitment in self.commitments.all()]
        if numbers:
            links.append(_("commitments %(numbers)s") % {"numbers": ", ".join(numbers)})
        summary = f"{self.position}. {self.text}"
        return f"{summary} ({'; '.join(links)})" if links else summary


class MovementPhase(AuditedInYear, models.Model):
    """A phase (đợt thi đua); each participant reports on it by `report_deadline`."""

    cluster_year_path = "movement.cluster_year_id"

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="phases"
    )
    position = models.PositiveSmallIntegerField(_("no."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    aim = models.CharField(_("aim"), max_length=500, blank=True)
    report_deadline = models.DateField(
        _("reports due by"),
        null=True,
        blank=True,
        help_text=_("After this day the phase review is closed; empty: open until changed."),
    )

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["movement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "position"],
                name="movement_phase_unique_position",
                violation_error_message=_(
                    "Another phase of this movement already has this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="movement_phase_dates_order",
                violation_error_message=_("A phase ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return _("Phase %(number)s") % {"number": self.position}

    def get_absolute_url(self) -> str:
        return reverse("clusters:phase_detail", args=[self.pk])

    def is_closed(self, today: datetime.date) -> bool:
        return self.report_deadline is not None and today > self.report_deadline

    def accepts_reports(self, today: datetime.date) -> bool:
        """Begun and not closed (the movement must also be launched)."""
        return self.starts_on <= today and not self.is_closed(today)


class Participant(AuditedInYear, models.Model):
    cluster_year_path = "movement.cluster_year_id"

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="participants"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="movement_participations",
    )

    class Meta:
        verbose_name = _("participating agency")
        verbose_name_plural = _("participating agencies")
        ordering = ["movement", "agency__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "agency"],
                name="movement_participant_once",
                violation_error_message=_("This agency already takes part in the movement."),
            ),
        ]

    def __str__(self) -> str:
        return self.agency.short_name


class PhaseReport(AuditedInYear, models.Model):
    """What one participant reports on one content at the end of one phase."""

    cluster_year_path = "phase.movement.cluster_year_id"

    phase = models.ForeignKey(
        MovementPhase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="reports"
    )
    content = models.ForeignKey(
        MovementContent,
        verbose_name=_("content"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="phase_reports"
    )
    text = models.TextField(_("report"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = acting_user(_("updated by"))

    class Meta:
        verbose_name = _("phase report")
        verbose_name_plural = _("phase reports")
        ordering = ["phase", "agency__short_name", "content__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "content", "agency"],
                name="phase_report_once",
                violation_error_message=_(
                    "This agency has already reported on this content for this phase."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.short_name} · {self.phase} · {self.content.position}"


def evidence_path(instance: PhaseEvidence, filename: str) -> str:
    return f"movements/{instance.report.phase.movement_id}/{filename}"


class PhaseEvidence(AuditedInYear, StoredFile):
    cluster_year_path = "report.phase.movement.cluster_year_id"

    report = models.ForeignKey(
        PhaseReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report", "pk"]


for model in (Movement, MovementPhase, Participant, PhaseReport, PhaseEvidence):
    auditlog.register(model)
auditlog.register(MovementContent, m2m_fields={"commitments"})
