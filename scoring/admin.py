from django.contrib import admin

from .models import (
    SCORE_VALUE_FIELDS,
    Assessment,
    AssessmentEvent,
    CriteriaSet,
    Criterion,
    Evidence,
    Score,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = (
        "position",
        "code",
        "title",
        "kind",
        "max_points",
        "points_per_occurrence",
        "evidence_required",
    )
    ordering = ("position",)
    raw_id_fields = ("parent",)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("__str__", "cluster_year", "version", "created_at", "note")
    list_select_related = ("cluster_year__cluster",)
    list_filter = ("cluster_year__year",)
    inlines = [CriterionInline]


class EventInline(admin.TabularInline):
    model = AssessmentEvent
    extra = 0
    readonly_fields = ("action", "by", "at", "comment")
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read mostly: the workflow moves through the application, where every step is checked."""

    list_display = ("__str__", "status", "criteria_set", "updated_at")
    list_filter = ("status", "membership__cluster_year__year")
    list_select_related = ("membership__agency", "membership__cluster_year", "criteria_set")
    search_fields = ("membership__agency__name",)
    readonly_fields = ("membership", "criteria_set", "status", "revision")
    inlines = [EventInline]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("__str__", *SCORE_VALUE_FIELDS)
    list_select_related = (
        "assessment__membership__agency",
        "assessment__membership__cluster_year",
        "criterion",
    )
    raw_id_fields = ("assessment", "criterion")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    raw_id_fields = ("score",)
    readonly_fields = ("file", "original_name", "content_type", "size", "uploaded_by")
