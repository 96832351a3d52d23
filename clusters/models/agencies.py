"""Provinces and agencies (with their mergers) and the people who sign in."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import agency_names


class SuccessionQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> SuccessionQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def existing_during(self, start: datetime.date, end: datetime.date) -> SuccessionQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        )


class AgencyQuerySet(SuccessionQuerySet):
    def labelled(self) -> AgencyQuerySet:
        """What `Agency.label` needs, in the same query: whether another record shares the
        name, and the successor's name."""
        namesakes = Agency.objects.filter(name=OuterRef("name")).exclude(pk=OuterRef("pk"))
        return self.select_related("successor").annotate(shares_name=Exists(namesakes))


class Succession(models.Model):
    """A record that exists for a period and may be succeeded (the 2025 mergers)."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = SuccessionQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="%(class)s_period_order",
                violation_error_message=_("The validity ends before it starts."),
            ),
        ]

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def exists_during(self, start: datetime.date, end: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or start <= self.valid_to
        )

    def current_successor(self, day: datetime.date):
        """The record that stands for this one on `day`, following the successor chain."""
        record = self
        while record.successor_id and not record.is_valid_on(day):
            record = record.successor
        return record


class Province(Succession):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("centrally-run city")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROVINCE)

    class Meta(Succession.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name", "valid_from"]
        constraints = [
            *Succession.Meta.constraints,
            models.UniqueConstraint(
                fields=["name", "valid_from"],
                name="province_name_period",
                violation_error_message=_(
                    "A province of this name is already valid from that date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Agency(Succession):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department of Foreign Affairs")
        OFFICE = "office", _("Foreign affairs office of the provincial People's Committee Office")
        MINISTRY = "ministry", _("Ministry department")
        OTHER = "other", _("Other")

    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=100, help_text=_("Used in tables, e.g. “Quảng Bình”.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta(Succession.Meta):
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["short_name", "valid_from"]
        constraints = [
            *Succession.Meta.constraints,
            models.UniqueConstraint(
                fields=["name", "valid_from"],
                name="agency_name_period",
                violation_error_message=_(
                    "An agency of this name is already valid from that date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("clusters:agency_detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The name that cannot be confused (see agency_names); `labelled()` saves its query."""
        shares_name = getattr(self, "shares_name", None)  # set by `labelled()`
        if shares_name is None:
            shares_name = (
                self.pk is not None
                and Agency.objects.filter(name=self.name).exclude(pk=self.pk).exists()
            )
        return agency_names.label(self, shares_name=shares_name)

    def label_in_year(self, year: int) -> str:
        return agency_names.label_in_year(self, year)


class User(AbstractUser):
    """Every person works for one agency; roles follow from what that agency is in a year."""

    class Mail(models.TextChoices):
        IMMEDIATE = "immediate", _("An e-mail for each notification")
        DIGEST = "digest", _("One e-mail a day with the day's notifications")
        NONE = "none", _("No e-mail (the notifications stay in the application)")

    full_name = models.CharField(pgettext_lazy("person", "full name"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    is_agency_admin = models.BooleanField(
        _("agency administrator"),
        default=False,
        help_text=_("Adds, deactivates and reactivates the accounts of the agency's staff."),
    )
    notification_mail = models.CharField(
        _("notifications by e-mail"), max_length=10, choices=Mail.choices, default=Mail.IMMEDIATE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username
