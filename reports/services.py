"""Writes of the reports app: the secretariat's narrative of a term report."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, User
from clusters.services.base import save_validated
from scoring.models import periods

from .models import TermReport


@transaction.atomic
def term_report_update(
    *,
    cluster_year: ClusterYear,
    period: str,
    by: User | None,
    number: str = "",
    place: str = "",
    issued_on: datetime.date | None = None,
    results: str = "",
    limitations: str = "",
    tasks: str = "",
) -> TermReport:
    """Save what the secretariat wrote for the report on `period`, and who wrote it."""
    if period not in dict(periods(cluster_year)):
        raise ValidationError(_("This cluster does not score the first half-year."))
    report = (
        TermReport.objects.select_for_update()
        .filter(cluster_year=cluster_year, period=period)
        .first()
    ) or TermReport(cluster_year=cluster_year, period=period)
    report.number, report.place, report.issued_on = number, place, issued_on
    report.results, report.limitations, report.tasks = results, limitations, tasks
    report.updated_by = by
    save_validated(report, by=by)
    return report
