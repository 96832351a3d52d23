"""Who changed what, and when: the audit log (django-auditlog), scoped and filtered.

Every audited record of a cluster year carries that year's id in its entries (AuditedInYear),
so a secretariat sees its own cluster's changes; the ministry sees everything.
"""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .forms import DateInput


class AuditFilterForm(forms.Form):
    model = forms.ModelChoiceField(
        label=_("Record"), queryset=ContentType.objects.none(), required=False
    )
    action = forms.TypedChoiceField(
        label=_("Change"),
        choices=[("", _("All changes")), *LogEntry.Action.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    actor = forms.CharField(label=_("By (user name)"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        audited = LogEntry.objects.values("content_type").distinct()
        self.fields["model"].queryset = ContentType.objects.filter(pk__in=audited).order_by("model")
        self.fields["model"].label_from_instance = lambda content_type: content_type.name


def audit_entries(*, cluster_year_ids=None, filters: dict | None = None) -> QuerySet[LogEntry]:
    """Newest first; `cluster_year_ids` None means every entry (the ministry's view)."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if cluster_year_ids is not None:
        entries = entries.filter(additional_data__cluster_year__in=list(cluster_year_ids))
    filters = filters or {}
    if filters.get("model"):
        entries = entries.filter(content_type=filters["model"])
    if filters.get("action") is not None:
        entries = entries.filter(action=filters["action"])
    if filters.get("actor"):
        entries = entries.filter(actor__username__icontains=filters["actor"])
    if filters.get("since"):
        entries = entries.filter(timestamp__date__gte=filters["since"])
    if filters.get("until"):
        entries = entries.filter(timestamp__date__lt=filters["until"] + datetime.timedelta(days=1))
    return entries
