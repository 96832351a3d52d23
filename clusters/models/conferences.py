"""Conferences of a year: attendance, guests, documents, decisions, attachments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import AuditedInYear, StoredFile
from .years import ClusterYear, Membership


class ConferenceQuerySet(models.QuerySet):
    def with_year(self) -> ConferenceQuerySet:
        return self.select_related("cluster_year__cluster", "host__agency")


class Conference(AuditedInYear, models.Model):
    class Kind(models.TextChoices):
        COVENANT = "covenant", _("Covenant signing")
        MID_YEAR = "mid_year", _("Mid-year review")
        YEAR_END = "year_end", _("Year-end review")
        OTHER = "other", _("Other")

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="conferences",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    host = models.ForeignKey(
        Membership,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_conferences",
    )
    chair_name = models.CharField(_("chaired by"), max_length=150, blank=True)
    chair_title = models.CharField(_("chair's title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["cluster_year", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="conference_dates_order",
                violation_error_message=_("The conference ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("clusters:conference_detail", args=[self.pk])

    def clean(self) -> None:
        errors = self.date_errors()
        if errors:
            raise ValidationError(errors)

    def date_errors(self) -> dict[str, str]:
        """What is wrong with the dates, by field: a conference of a year is held within that
        year or in the January after it (the year-end review), and ends on or after its start."""
        if not self.cluster_year_id or not self.starts_on:
            return {}
        year = self.cluster_year.year
        earliest, latest = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 31)
        outside = _("A conference of %(year)s is held between %(start)s and %(end)s.") % {
            "year": year,
            "start": date_format(earliest, "SHORT_DATE_FORMAT"),
            "end": date_format(latest, "SHORT_DATE_FORMAT"),
        }
        errors = {}
        if not earliest <= self.starts_on <= latest:
            errors["starts_on"] = outside
        if self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = str(_("The conference ends before it starts."))
        elif self.ends_on and self.ends_on > latest:
            errors["ends_on"] = outside
        return errors


class Attendance(AuditedInYear, models.Model):
    cluster_year_path = "conference.cluster_year_id"

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendances"
    )
    delegate_name = models.CharField(_("delegate"), max_length=150, blank=True)
    delegate_title = models.CharField(_("delegate's title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["conference", "membership__agency__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "membership"],
                name="attendance_once_per_member",
                violation_error_message=_(
                    "This member is already recorded as present at the conference."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership)


class Guest(AuditedInYear, models.Model):
    cluster_year_path = "conference.cluster_year_id"

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField(pgettext_lazy("person", "full name"), max_length=150)
    title = models.CharField(pgettext_lazy("person", "title"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["conference", "pk"]

    def __str__(self) -> str:
        return self.name


class ConferenceDocument(AuditedInYear, models.Model):
    """A document the conference discussed (draft report, draft regulation, draft criteria...)."""

    cluster_year_path = "conference.cluster_year_id"

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("document discussed")
        verbose_name_plural = _("documents discussed")
        ordering = ["conference", "pk"]

    def __str__(self) -> str:
        return self.title


class Decision(AuditedInYear, models.Model):
    cluster_year_path = "conference.cluster_year_id"

    class Kind(models.TextChoices):
        OFFICERS_ELECTED = "officers", _("Officers elected")
        COVENANT_SIGNED = "covenant", _("Covenant signed")
        CRITERIA_ADOPTED = "criteria", _("Criteria adopted")
        CRITERIA_AMENDED = "criteria_amended", _("Criteria amended")
        NOMINATIONS_VOTED = "nominations", _("Nominations voted")
        MOVEMENT_LAUNCHED = "movement", _("Emulation movement launched")
        OTHER = "other", _("Other")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["conference", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"conferences/{instance.conference_id}/{filename}"


class Attachment(AuditedInYear, StoredFile):
    cluster_year_path = "conference.cluster_year_id"

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Signed minutes")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["conference", "kind", "pk"]
