from django.contrib import admin

from .models import TermReport


@admin.register(TermReport)
class TermReportAdmin(admin.ModelAdmin):
    list_display = ["cluster_year", "period", "updated_at", "updated_by"]
    list_filter = ["period"]
    list_select_related = ("cluster_year__cluster", "updated_by")
    raw_id_fields = ["cluster_year", "updated_by"]
