"""Clusters (Cụm / Khối thi đua), their years with the year's settings and deadlines,
members and officers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .agencies import Agency
from .base import AuditedInYear


class Cluster(models.Model):
    class Kind(models.TextChoices):
        CLUSTER = "cum", _("Emulation cluster")
        BLOCK = "khoi", _("Emulation block")

    class Supervisor(models.TextChoices):
        MINISTRY = "ministry", _("Ministry of Foreign Affairs")
        PROVINCE = "province", _("Provincial People's Committee")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    number = models.CharField(
        _("number"), max_length=10, blank=True, help_text=_("E.g. “II” or “3”.")
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Bắc miền Trung”, or the block's name when it has no number."),
    )
    supervisor_kind = models.CharField(
        _("supervising body"), max_length=20, choices=Supervisor.choices
    )
    supervisor_name = models.CharField(
        _("supervising body name"), max_length=200, help_text=_("E.g. “Bộ Ngoại giao”.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["kind", "supervisor_name", "number", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(number="") | ~Q(name=""),
                name="cluster_number_or_name",
                violation_error_message=_("Give the cluster a number or a name."),
            ),
            models.UniqueConstraint(
                fields=["kind", "supervisor_name", "number", "name"],
                name="cluster_unique_title",
                violation_error_message=_(
                    "A cluster of this kind, supervising body, number and name already exists."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("clusters:cluster_detail", args=[self.pk])

    @property
    def title(self) -> str:
        kind = self.get_kind_display()
        if self.number and self.name:
            return _("%(kind)s No. %(number)s (%(name)s)") % {
                "kind": kind,
                "number": self.number,
                "name": self.name,
            }
        if self.number:
            return _("%(kind)s No. %(number)s") % {"kind": kind, "number": self.number}
        return f"{kind} {self.name}"


@dataclass(frozen=True)
class Deadline:
    """One of a year's deadlines: `name` as reminders keep it, `label` as in a sentence."""

    name: str
    field: str
    date: datetime.date
    label: str
    for_members: bool  # the members' self-assessment; else the secretariat's review

    @property
    def title(self) -> str:
        return capfirst(self.label)


# The year's deadlines, named once: (name, date field, whose). The timeline, the dashboard
# and the reminders all read them through ClusterYear.deadlines().
DEADLINES = (
    ("self_assessment", "self_assessment_deadline", True),
    ("mid_year", "mid_year_deadline", True),
    ("review", "review_deadline", False),
)
DEADLINE_FIELDS = tuple(field for _name, field, _members in DEADLINES)


class ClusterYearQuerySet(models.QuerySet):
    def with_cluster(self) -> ClusterYearQuerySet:
        return self.select_related("cluster")


class ClusterYear(AuditedInYear, models.Model):
    """A cluster's emulation year (năm thi đua): members, officers and the year's settings."""

    cluster_year_path = "pk"

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    deputies_administer = models.BooleanField(
        _("deputies help run the cluster"),
        default=False,
        help_text=_("The deputies' staff may act as the secretariat this year."),
    )
    self_assessment_opens = models.DateField(_("self-assessment opens"), null=True, blank=True)
    self_assessment_deadline = models.DateField(
        _("self-assessment deadline"), null=True, blank=True
    )
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    mid_year_deadline = models.DateField(
        _("mid-year self-assessment deadline"),
        null=True,
        blank=True,
        help_text=_("Set it when the cluster also scores the first half-year."),
    )
    vote_threshold = models.DecimalField(
        _("vote threshold (percent of members)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80.00"),
        validators=[MinValueValidator(Decimal("50.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of the members' votes a proposal needs to pass."),
    )
    excellent_min = models.DecimalField(
        _("“excellent” from (points)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    good_min = models.DecimalField(
        _("“good” from (points)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    fair_min = models.DecimalField(
        _("“fair” from (points)"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    tie_break_groups = models.CharField(
        _("tie-break order of groups"),
        max_length=200,
        blank=True,
        help_text=_(
            "Codes of the criteria groups compared, in this order, when totals are equal, "
            "e.g. “2, 1, 3”."
        ),
    )

    objects = ClusterYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster year")
        verbose_name_plural = _("cluster years")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="cluster_year_unique",
                violation_error_message=_("This cluster already has this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="cluster_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(cluster)s, %(year)s") % {"cluster": self.cluster.title, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("clusters:year_detail", args=[self.pk])

    @property
    def tie_break_codes(self) -> list[str]:
        return [code.strip() for code in self.tie_break_groups.split(",") if code.strip()]

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def deadlines(self) -> list[Deadline]:
        """The deadlines this year has set, in date order."""
        found = [
            Deadline(
                name=name,
                field=field,
                date=getattr(self, field),
                label=self._meta.get_field(field).verbose_name,
                for_members=for_members,
            )
            for name, field, for_members in DEADLINES
            if getattr(self, field) is not None
        ]
        return sorted(found, key=lambda deadline: deadline.date)

    def deadline(self, name: str) -> datetime.date | None:
        """The date of the deadline `name` (see DEADLINES), None when it is not set."""
        fields = {deadline_name: field for deadline_name, field, _members in DEADLINES}
        return getattr(self, fields[name])

    def self_assessment_opened(self, today: datetime.date) -> bool:
        """Members may start and change their self-assessment from the opening date on."""
        return self.self_assessment_opens is None or today >= self.self_assessment_opens


# Models of the apps above that keep records of a member through a foreign key: a member with
# one of them cannot be removed. They register from their AppConfig.ready, so that clusters,
# underneath, never names them.
_member_records: dict[type[models.Model], str] = {}


def register_member_record(model: type[models.Model], *, field: str = "membership") -> None:
    """`model` keeps records of a member through its foreign key `field` to Membership."""
    related = model._meta.get_field(field).related_model
    if related is not Membership:
        raise TypeError(f"{model.__name__}.{field} does not point to Membership.")
    _member_records[model] = field


def member_record_models() -> dict[type[models.Model], str]:
    """The models registered with register_member_record, with their foreign key's name."""
    return dict(_member_records)


class MembershipQuerySet(models.QuerySet):
    def current(self) -> MembershipQuerySet:
        """Members that have not left the year (a merged agency leaves on the merge date)."""
        return self.filter(left_on__isnull=True)

    def on(self, day: datetime.date) -> MembershipQuerySet:
        """Members on `day`: joined by then (or from the start) and not yet left."""
        return self.filter(
            Q(joined_on__isnull=True) | Q(joined_on__lte=day),
            Q(left_on__isnull=True) | Q(left_on__gte=day),
        )

    def annotate_has_records(self) -> MembershipQuerySet:
        """`has_records`: something is recorded against the row (offices, signatures,
        attendance, hosting, the records of the apps above)."""
        return self.annotate(
            has_records=ExpressionWrapper(self._has_records(), output_field=models.BooleanField())
        )

    def annotate_removable(self) -> MembershipQuerySet:
        """`removable`: still a member and nothing recorded against it (see membership_remove)."""
        return self.annotate(
            removable=ExpressionWrapper(
                Q(left_on__isnull=True) & ~self._has_records(), output_field=models.BooleanField()
            )
        )

    @staticmethod
    def _has_records():
        from .conferences import Attendance, Conference  # they build on years
        from .covenants import Signatory

        has_records = (
            Exists(Officer.objects.filter(membership=OuterRef("pk")))
            | Exists(Signatory.objects.filter(membership=OuterRef("pk")))
            | Exists(Attendance.objects.filter(membership=OuterRef("pk")))
            | Exists(Conference.objects.filter(host=OuterRef("pk")))
        )
        for model, field in _member_records.items():  # the apps above (register_member_record)
            has_records |= Exists(model._default_manager.filter(**{field: OuterRef("pk")}))
        return has_records


class Membership(AuditedInYear, models.Model):
    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["agency__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "agency"],
                name="membership_unique_agency",
                violation_error_message=_("This agency is already a member this year."),
            ),
        ]

    def __str__(self) -> str:
        return self.agency.short_name

    @property
    def label(self) -> str:
        """The agency's name as the year's pages and documents give it."""
        return self.agency.label_in_year(self.cluster_year.year)


class Officer(AuditedInYear, models.Model):
    class Role(models.TextChoices):
        HEAD = "head", pgettext_lazy("officer", "Head")
        DEPUTY_1 = "deputy_1", pgettext_lazy("officer", "First deputy")
        DEPUTY_2 = "deputy_2", pgettext_lazy("officer", "Second deputy")

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="officers",
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="offices"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        # Protocol order: the head, then the first and the second deputy.
        ordering = [
            "cluster_year",
            models.Case(
                models.When(role="head", then=models.Value(0)),
                models.When(role="deputy_1", then=models.Value(1)),
                default=models.Value(2),
            ).asc(),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "role"],
                name="officer_unique_role",
                violation_error_message=_("This role is already held by a member this year."),
            ),
            models.UniqueConstraint(
                fields=["cluster_year", "membership"],
                name="officer_one_role_per_member",
                violation_error_message=_("This member already holds a role this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.membership.agency.short_name}"

    def role_label(self, cluster_kind: str) -> str:
        """The role as a cluster says it (Cụm trưởng, Cụm phó) or a block (Trưởng khối, Phó
        trưởng khối)."""
        if cluster_kind == Cluster.Kind.BLOCK:
            return str(BLOCK_ROLE_LABELS[self.role])
        return self.get_role_display()


BLOCK_ROLE_LABELS = {
    Officer.Role.HEAD: pgettext_lazy("block officer", "Head"),
    Officer.Role.DEPUTY_1: pgettext_lazy("block officer", "First deputy"),
    Officer.Role.DEPUTY_2: pgettext_lazy("block officer", "Second deputy"),
}
