"""term_report_update: one narrative per year and period, with who wrote it."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from reports.models import TermReport
from reports.services import term_report_update


def test_updating_twice_keeps_one_report_and_records_who(world):
    term_report_update(
        cluster_year=world.year, period="year", results="Lần đầu", by=world.secretariat_user
    )
    report = term_report_update(
        cluster_year=world.year, period="year", results="Lần hai", by=world.deputy_user
    )
    assert TermReport.objects.get() == report
    assert report.results == "Lần hai"
    assert report.updated_by == world.deputy_user
    assert LogEntry.objects.get_for_object(report).filter(actor=world.deputy_user).exists()


def test_a_mid_year_report_needs_a_cluster_that_scores_the_half_year(world):
    with pytest.raises(ValidationError):
        term_report_update(cluster_year=world.year, period="mid_year", by=None)
    assert not TermReport.objects.exists()
