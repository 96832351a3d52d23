"""`manage.py bench` (make bench): one figure per line, and the database left as it was."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from clusters.models import Agency, Cluster, ClusterYear, Membership, Officer
from emulation.site.management.commands.bench import PAGES, sql_aggregate
from scoring.models import Assessment, CriteriaSet, Criterion, Score
from scoring.ranking import year_ranking

FIGURE = re.compile(r"^[a-z0-9_]+: -?\d+(\.\d+)?$")
MODELS = (
    Agency,
    Cluster,
    ClusterYear,
    Membership,
    Officer,
    CriteriaSet,
    Criterion,
    Assessment,
    Score,
    LogEntry,
)


def _bench(**options) -> dict[str, str]:
    out = StringIO()
    call_command("bench", stdout=out, **options)
    lines = out.getvalue().splitlines()
    assert lines[0] in ("database: sqlite", "database: postgresql")
    for line in lines[1:]:
        assert FIGURE.match(line), line
    return dict(line.split(": ", 1) for line in lines)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_bench_prints_one_figure_per_line_and_leaves_the_database_as_it_was(world):
    before = _counts()

    figures = _bench(members=3, criteria=7, runs=2)

    assert {
        "database",
        "ranking_3x7_ms",
        "ranking_3x7_queries",
        "ranking_3x7_computed_ms",
        "ranking_3x7_rows_read_ms",
        "sql_aggregate_3x7_ms",
        "xlsx_import_3x7_ms",
        "xlsx_scores_import_3x7_ms",
        "xlsx_scores_import_3x7_queries",
        "queries_dashboard_3x7",
        "queries_cluster_year_3x7",
        "queries_ranking_3x7",
        "queries_assessment_form_3x7",
        "queries_nomination_queue_3x7",
        "term_report_pdf_60x120_ms",
        "term_report_unstyled_60x120_ms",
        "weasyprint_plain_table_ms",
    } <= set(figures)
    assert float(figures["ranking_3x7_ms"]) > 0
    assert float(figures["sql_aggregate_3x7_ms"]) > 0
    assert _counts() == before


@pytest.mark.django_db
def test_the_ranking_needs_as_many_queries_whatever_the_size_of_the_year():
    small = _bench(members=2, criteria=4, runs=1)
    larger = _bench(members=6, criteria=13, runs=1)

    assert small["ranking_2x4_queries"] == larger["ranking_6x13_queries"]
    # The review workbook is saved in bulk: a few queries for 78 scores, not one each
    # (PostgreSQL writes up to 2,000 rows a query; SQLite fewer, at its parameter limit).
    assert int(larger["xlsx_scores_import_6x13_queries"]) < 78 // 4


@pytest.mark.django_db
def test_the_pages_need_as_many_queries_on_the_scale_dataset_as_on_a_small_year():
    call_command("seed_scale", clusters=2, members=4, criteria=9, stdout=StringIO())

    figures = _bench(members=3, criteria=5, runs=1)

    for page in PAGES:
        assert figures[f"queries_{page.name}"] == figures[f"queries_{page.name}_3x5"], page.name


def test_every_page_of_the_bench_is_a_named_url():
    for page in PAGES:
        if page.about is None:
            reverse(page.url_name)


@pytest.mark.django_db
def test_the_sql_floor_adds_up_the_same_totals_as_the_ranking():
    call_command("seed_scale", clusters=1, members=3, criteria=8, stdout=StringIO())
    cluster_year = ClusterYear.objects.get()
    # Plain points only and no group cap (the floor knows neither kinds nor caps), a different
    # total for each member.
    Criterion.objects.exclude(kind=Criterion.Kind.GROUP).update(
        kind=Criterion.Kind.POINTS, points_per_occurrence=None, max_points=10
    )
    Criterion.objects.filter(kind=Criterion.Kind.GROUP).update(max_points=1000)
    for score in Score.objects.all():
        score.target, score.final_value = None, score.pk % 10
        score.save(update_fields=["target", "final_value"])

    floor = dict(sql_aggregate(cluster_year))
    ranking = year_ranking(cluster_year)

    assert {s.membership.pk: s.final.total for s in ranking.standings} == floor


@pytest.mark.django_db
def test_bench_refuses_a_year_without_a_member_to_open_the_pages():
    with pytest.raises(CommandError, match="at least 2"):
        call_command("bench", members=1, stdout=StringIO())
