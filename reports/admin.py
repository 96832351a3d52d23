from django.contrib import admin

from .models import BatchJob, TermReport


@admin.register(TermReport)
class TermReportAdmin(admin.ModelAdmin):
    list_display = ["cluster_year", "period", "updated_at", "updated_by"]
    list_filter = ["period"]
    list_select_related = ("cluster_year__cluster", "updated_by")
    raw_id_fields = ["cluster_year", "updated_by"]


@admin.register(BatchJob)
class BatchJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "key", "state", "started_by", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    list_select_related = ("started_by",)
    readonly_fields = [field.name for field in BatchJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
