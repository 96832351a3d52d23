from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    Agency,
    Attachment,
    Attendance,
    Cluster,
    ClusterYear,
    Commitment,
    Conference,
    ConferenceDocument,
    Covenant,
    Decision,
    Guest,
    Membership,
    Officer,
    Province,
    Signatory,
    User,
)
from .outbox import OutboxEmail


class MembershipLabels:
    """A picker of members names each as its year does (“Sở Ngoại vụ tỉnh Bắc Ninh (từ
    01/07/2025)”), with the year: two records of one name are told apart."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.remote_field.model is Membership and field is not None:
            field.queryset = field.queryset.select_related(
                "agency", "cluster_year__cluster"
            ).order_by("-cluster_year__year", "agency__short_name", "agency__valid_from")
            field.label_from_instance = lambda m: f"{m.label} · {m.cluster_year}"
        return field


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Agency"), {"fields": ("full_name", "job_title", "agency")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Agency"), {"fields": ("full_name", "job_title", "agency")}),
    )
    list_display = ("username", "full_name", "agency", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "groups", "agency__kind")
    list_select_related = ("agency",)
    search_fields = ("username", "full_name", "email", "agency__name")
    autocomplete_fields = ("agency",)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "valid_from", "valid_to", "successor")
    list_select_related = ("successor",)
    search_fields = ("name",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "short_name", "kind", "province", "valid_from", "valid_to")
    list_filter = ("kind",)
    list_select_related = ("province", "successor")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("province", "successor")

    def get_queryset(self, request):
        # The labels (Agency.label) tell apart two records of one name without a query each.
        return super().get_queryset(request).labelled()


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "supervisor_name")
    list_filter = ("kind", "supervisor_kind")
    search_fields = ("number", "name", "supervisor_name")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("agency",)


class OfficerInline(MembershipLabels, admin.TabularInline):
    model = Officer
    extra = 0


@admin.register(ClusterYear)
class ClusterYearAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "self_assessment_deadline", "vote_threshold")
    list_filter = ("year", "cluster")
    list_select_related = ("cluster",)
    inlines = [MembershipInline, OfficerInline]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


class SignatoryInline(MembershipLabels, admin.TabularInline):
    model = Signatory
    extra = 0


@admin.register(Covenant)
class CovenantAdmin(admin.ModelAdmin):
    list_display = ("title", "cluster_year", "signed_on", "place")
    list_select_related = ("cluster_year__cluster",)
    inlines = [CommitmentInline, SignatoryInline]


class AttendanceInline(MembershipLabels, admin.TabularInline):
    model = Attendance
    extra = 0


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0


class DocumentInline(admin.TabularInline):
    model = ConferenceDocument
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("kind", "original_name", "content_type", "size", "caption", "uploaded_by")
    readonly_fields = fields


@admin.register(Conference)
class ConferenceAdmin(MembershipLabels, admin.ModelAdmin):
    list_display = ("title", "kind", "starts_on", "place", "cluster_year")
    list_filter = ("kind", "cluster_year__year")
    list_select_related = ("cluster_year__cluster",)
    search_fields = ("title", "place")
    inlines = [AttendanceInline, GuestInline, DocumentInline, DecisionInline, AttachmentInline]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """The e-mails of the notifications, to check what went out (read only)."""

    list_display = ("recipient", "subject", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state",)
    search_fields = ("recipient", "subject")
    readonly_fields = [field.name for field in OutboxEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
