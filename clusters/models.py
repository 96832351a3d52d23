"""Agencies, users, clusters (Cụm / Khối thi đua), their years, covenants and conferences."""

from __future__ import annotations

import datetime
from decimal import Decimal

from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditedInYear:
    """Audit log entries of a record that belongs to a cluster year carry that year's id, so
    the audit view can show each secretariat its own cluster's changes."""

    cluster_year_path = "cluster_year_id"  # attributes from the record to the year's id

    def get_additional_data(self) -> dict:
        value = self
        try:
            for name in self.cluster_year_path.split("."):
                value = getattr(value, name)
        except ObjectDoesNotExist:  # a cascade already removed the record's parents
            return {}
        return {"cluster_year": value}


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
            models.UniqueConstraint(fields=["name", "valid_from"], name="province_name_period"),
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

    class Meta(Succession.Meta):
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["short_name", "valid_from"]
        constraints = [
            *Succession.Meta.constraints,
            models.UniqueConstraint(fields=["name", "valid_from"], name="agency_name_period"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:agency_detail", args=[self.pk])


class User(AbstractUser):
    """Every person works for one agency; roles follow from what that agency is in a year."""

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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username


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
                condition=~Q(number="") | ~Q(name=""), name="cluster_number_or_name"
            ),
            models.UniqueConstraint(
                fields=["kind", "supervisor_name", "number", "name"], name="cluster_unique_title"
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
            models.UniqueConstraint(fields=["cluster", "year"], name="cluster_year_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="cluster_year_range"
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


class MembershipQuerySet(models.QuerySet):
    def current(self) -> MembershipQuerySet:
        """Members that have not left the year (a merged agency leaves on the merge date)."""
        return self.filter(left_on__isnull=True)

    def annotate_removable(self) -> MembershipQuerySet:
        """`removable`: still a member and nothing recorded against it (see membership_remove)."""
        has_records = (
            Exists(Officer.objects.filter(membership=OuterRef("pk")))
            | Exists(Signatory.objects.filter(membership=OuterRef("pk")))
            | Exists(Attendance.objects.filter(membership=OuterRef("pk")))
            | Exists(Conference.objects.filter(host=OuterRef("pk")))
            | Exists(  # scoring builds on clusters: its model is looked up, not imported
                apps.get_model("scoring", "Assessment").objects.filter(membership=OuterRef("pk"))
            )
        )
        return self.annotate(
            removable=ExpressionWrapper(
                Q(left_on__isnull=True) & ~has_records, output_field=models.BooleanField()
            )
        )


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
                fields=["cluster_year", "agency"], name="membership_unique_agency"
            ),
        ]

    def __str__(self) -> str:
        return self.agency.short_name


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
        ordering = ["cluster_year", "role"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "role"], name="officer_unique_role"),
            models.UniqueConstraint(
                fields=["cluster_year", "membership"], name="officer_one_role_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.membership.agency.short_name}"


class Covenant(AuditedInYear, models.Model):
    """The year's covenant (giao ước thi đua): numbered commitments signed by every member."""

    cluster_year = models.OneToOneField(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="covenant",
    )
    number = models.CharField(
        _("number and symbol"), max_length=50, blank=True, help_text=_("E.g. “01/GƯ-CTĐ”.")
    )
    title = models.CharField(_("title"), max_length=255)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    preamble = models.TextField(_("preamble"), blank=True)

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")

    def __str__(self) -> str:
        return self.title


class Commitment(AuditedInYear, models.Model):
    cluster_year_path = "covenant.cluster_year_id"

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="commitments"
    )
    position = models.PositiveSmallIntegerField(_("no."))
    text = models.TextField(_("commitment"))

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["covenant", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "position"], name="commitment_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"


class Signatory(AuditedInYear, models.Model):
    cluster_year_path = "covenant.cluster_year_id"

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="signatories"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="signatures"
    )
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(pgettext_lazy("person", "title"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["covenant", "membership__agency__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "membership"], name="signatory_one_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.agency.short_name}: {self.signer_name}"


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
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("clusters:conference_detail", args=[self.pk])


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
                fields=["conference", "membership"], name="attendance_once_per_member"
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


class StoredFile(models.Model):
    """An uploaded file, kept under a safe name with the type read from its content
    (uploads.checked_upload) and served only through a view that checks access."""

    file = models.FileField(_("file"), max_length=255)  # upload_to: set by each kind
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


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


class Notification(models.Model):
    """A message to one person in the application (also sent by e-mail when they have one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject


for model in (
    Province,
    Agency,
    User,
    Cluster,
    ClusterYear,
    Membership,
    Officer,
    Covenant,
    Commitment,
    Signatory,
    Conference,
    Attendance,
    Guest,
    ConferenceDocument,
    Decision,
    Attachment,
):
    auditlog.register(model, exclude_fields=["password", "last_login"] if model is User else None)
