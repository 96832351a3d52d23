"""`manage.py bench`: the figures measured inside one process (`make bench` adds the load test,
see benchmarks/run.py).

Inside a transaction that it rolls back at the end, so that the database is left as it was,
it builds a cluster year of `--members` members × `--criteria` criteria (4 top-level groups,
every kind of criterion) with final assessments, and prints one figure per line,
`name: value`:

    database: postgresql
    ranking_60x120_ms: 12.34            median of --runs runs of scoring.ranking.year_ranking
                                        (kept in the cache: nothing changed between runs)
    ranking_60x120_computed_ms: 45.67   the same, computed every time (the cache cleared)
    ranking_60x120_rows_read_ms: 20.1   the rows of scores the computed ranking reads
    ranking_60x120_queries: 4
    sql_aggregate_60x120_ms: 3.21       one hand-written SQL sum over the same scores: the floor
    xlsx_import_60x120_ms: 456.78       read a 120-criterion workbook and replace the criteria
                                        of a year whose 60 members have opened their assessment
    xlsx_import_60x120_queries: 900     (one run, slow: its queries are counted)
    xlsx_scores_import_60x120_ms: 900.0 the review workbook of every member's scores read back
    xlsx_scores_import_60x120_queries: 9  with a comment on every score, and saved in bulk
                                        (scoring/review_workbooks.py; one run, rolled back)
    term_report_pdf_60x120_ms: 900.0    the year's term report as PDF (reports/bench.py), the
    term_report_unstyled_60x120_ms: 700 same report without its stylesheet, and
    weasyprint_plain_table_ms: 600.0    a plain table of the same figures through WeasyPrint
    queries_<page>: 17                  the scale dataset (manage.py seed_scale), if loaded
    queries_<page>_demo: 17             the demo (manage.py seed_demo), if loaded
    queries_<page>_60x120: 17           the year built here

`queries_<page>` counts the queries of one request to the page (after a first one), signed in
with the role that uses it: they must not depend on the size of the data. The pages are listed
in PAGES. A page whose count differs between the datasets is named on stderr.

The agencies, the years and the criteria go through the services. The assessments and their
scores (7,200 with the defaults) are written with bulk_create, for speed: the rows the
services leave for final assessments (see scoring/scale.py), without the audit log.
"""

from __future__ import annotations

import io
import logging
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from clusters import services as cluster_services
from clusters.access import MINISTRY_GROUP
from clusters.models import Agency, Cluster, ClusterYear, Membership, User
from emulation.site import scale
from emulation.site.scale import criteria_rows, entered_scores
from reports.bench import term_report_figures
from scoring import review_workbooks, services
from scoring.models import Assessment, CriteriaSet, Criterion, Score
from scoring.ranking import year_ranking
from scoring.services import CriterionData
from scoring.spreadsheets import criteria_workbook, parse_criteria

Kind = Criterion.Kind


@dataclass(frozen=True)
class Page:
    """A page whose queries are counted: its URL name, who opens it, what it is about."""

    name: str
    url_name: str
    role: str  # "secretariat", "member" or "ministry"
    about: str | None = None  # "year", "assessment" or None (the URL takes no argument)


PAGES = [
    Page("dashboard", "dashboard", "secretariat"),
    Page("cluster_year", "clusters:year_detail", "secretariat", "year"),
    Page("ranking", "scoring:ranking", "secretariat", "year"),
    Page("assessment_form", "scoring:assessment_self", "member", "assessment"),
    Page("nomination_queue", "scoring:nomination_list", "ministry"),  # waiting ones first
]


@dataclass
class Dataset:
    """Who opens the pages of a dataset, and on what."""

    suffix: str
    users: dict[str, User]
    year: ClusterYear
    assessment: Assessment


class QueryCounter:
    """Counts the queries run while installed with `connection.execute_wrapper`."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_together(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median milliseconds of `runs` runs of each action, after one warm-up run of each. The
    actions take turns (a, b, c, a, b, c…), so that a machine whose speed drifts while they are
    measured slows them alike and their ratios hold: measured one after the other, the floor
    alone read 12 and then 27 ms within a minute on the development machine."""
    for action in actions.values():
        action()
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for _run in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            timings[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in timings.items()}


def sql_aggregate(cluster_year: ClusterYear) -> list[tuple]:
    """The floor: each member's total of the latest stage's values, in one SQL query (no kinds,
    no caps, no ratios, no tie-break: what any ranking must at least read and add up)."""
    score, assessment, criterion, membership = (
        model._meta.db_table for model in (Score, Assessment, Criterion, Membership)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT a.membership_id,
                   SUM(COALESCE(s.final_value, s.explained_value, s.reviewed_value,
                                s.self_value, 0)) AS total
            FROM {score} s
            JOIN {assessment} a ON a.id = s.assessment_id
            JOIN {criterion} c ON c.id = s.criterion_id AND c.criteria_set_id = a.criteria_set_id
            JOIN {membership} m ON m.id = a.membership_id
            WHERE m.cluster_year_id = %s AND a.period = %s
            GROUP BY a.membership_id
            ORDER BY total DESC
            """,  # noqa: S608 (table names from the models, values as parameters)
            [cluster_year.pk, Assessment.Period.YEAR],
        )
        return cursor.fetchall()


def page_queries(dataset: Dataset, pages: list[Page] | None = None) -> dict[str, int]:
    """Queries of one request to each page (after a first request), as its role."""
    counts = {}
    with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
        for page in pages or PAGES:
            args = {"year": [dataset.year.pk], "assessment": [dataset.assessment.pk]}.get(
                page.about, []
            )
            try:
                url = reverse(page.url_name, args=args)
            except NoReverseMatch:
                continue  # a page not built yet
            client = Client()
            client.force_login(dataset.users[page.role])
            first = client.get(url, secure=True)
            if first.status_code != 200:
                raise CommandError(f"{page.name} ({url}) answered {first.status_code}.")
            with CaptureQueriesContext(connection) as queries:
                client.get(url, secure=True)
            counts[f"queries_{page.name}{dataset.suffix}"] = len(queries)
    return counts


def scale_dataset() -> Dataset | None:
    """Cluster 1 (final) of `manage.py seed_scale`, and a member of cluster 2 (still scoring)."""
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=["quymo.bo", scale.member_username(1, 1), scale.member_username(2, 3)]
        )
    }
    if len(users) < 3:
        return None
    member = users[scale.member_username(2, 3)]
    return Dataset(
        suffix="",
        users={
            "secretariat": users[scale.member_username(1, 1)],
            "member": member,
            "ministry": users["quymo.bo"],
        },
        year=ClusterYear.objects.get(
            cluster__supervisor_name=scale.SUPERVISOR, cluster__number="1"
        ),
        assessment=Assessment.objects.get(
            membership__agency=member.agency, period=Assessment.Period.YEAR
        ),
    )


def demo_dataset() -> Dataset | None:
    """Cụm thi đua số 3, 2025, of `manage.py seed_demo`: its secretariat, Hà Tĩnh, the ministry."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=["cum3.truong", "cum3.hatinh", "bo.thidua"])
    }
    if len(users) < 3:
        return None
    member = users["cum3.hatinh"]
    assessment = Assessment.objects.filter(
        membership__agency=member.agency,
        membership__cluster_year__year=2025,
        period=Assessment.Period.YEAR,
    ).first()
    if assessment is None:
        return None
    return Dataset(
        suffix="_demo",
        users={
            "secretariat": users["cum3.truong"],
            "member": member,
            "ministry": users["bo.thidua"],
        },
        year=assessment.membership.cluster_year,
        assessment=assessment,
    )


class Command(BaseCommand):
    help = (
        "Time the ranking, its SQL floor and the criteria import on a large year (60 members × "
        "120 criteria by default, built in a transaction that is rolled back), and count the "
        "queries of the main pages on every dataset loaded."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--members", type=int, default=60, help="members of the year")
        parser.add_argument("--criteria", type=int, default=120, help="scored criteria")
        parser.add_argument("--runs", type=int, default=15, help="timed runs (median)")

    def handle(self, *args, members: int, criteria: int, runs: int, **options) -> None:
        if members < 2 or criteria < 1 or runs < 1:
            raise CommandError("--members must be at least 2, --criteria and --runs at least 1.")
        size = f"{members}x{criteria}"
        logging.getLogger("axes").setLevel(logging.WARNING)  # one line per sign-in otherwise
        figures: dict[str, float | int] = {}
        with transaction.atomic():
            cluster_year = self.build(members, criteria)
            ranking = year_ranking(cluster_year)
            if len(ranking.standings) != members or not ranking.complete:
                raise CommandError("The bench year was not built as expected.")
            # The ranking as a page pays it while nothing changed (kept in the cache under a
            # digest of its inputs, which the computed run before it filled) and as it pays it
            # after a change (computed again), what it reads before any arithmetic (its rows
            # of scores), and the floor: measured in turn, each is compared with the floor.
            timings = timed_together(
                {
                    f"ranking_{size}_ms": lambda: year_ranking(cluster_year),
                    f"ranking_{size}_computed_ms": lambda: (
                        cache.clear(),
                        year_ranking(cluster_year),
                    ),
                    f"ranking_{size}_rows_read_ms": lambda: list(ranking.scores),
                    f"sql_aggregate_{size}_ms": lambda: sql_aggregate(cluster_year),
                },
                runs,
            )
            figures.update(timings)
            with CaptureQueriesContext(connection) as queries:
                year_ranking(cluster_year)
            figures[f"ranking_{size}_queries"] = len(queries)
            (
                figures[f"xlsx_import_{size}_ms"],
                figures[f"xlsx_import_{size}_queries"],
            ) = self.time_import(members, criteria)
            figures.update(term_report_figures(cluster_year))  # reports/bench.py
            figures.update(self.queries(cluster_year, size))
            (
                figures[f"xlsx_scores_import_{size}_ms"],
                figures[f"xlsx_scores_import_{size}_queries"],
            ) = self.time_scores_import(cluster_year)
            transaction.set_rollback(True)
        self.stdout.write(f"database: {connection.vendor}")
        for name, value in figures.items():
            shown = f"{value:.2f}" if isinstance(value, float) else str(value)
            self.stdout.write(f"{name}: {shown}")

    # Queries of the pages --------------------------------------------------------------------

    def queries(self, cluster_year: ClusterYear, size: str) -> dict[str, int]:
        datasets = [scale_dataset(), demo_dataset(), self.bench_dataset(cluster_year, size)]
        counts: dict[str, int] = {}
        for dataset in datasets:
            if dataset is not None:
                counts.update(page_queries(dataset))
        for page in PAGES:
            found = {n: c for n, c in counts.items() if n.startswith(f"queries_{page.name}")}
            if len(set(found.values())) > 1:
                sys.stderr.write(f"bench: the queries of {page.name} depend on the data: {found}\n")
        return counts

    def bench_dataset(self, cluster_year: ClusterYear, size: str) -> Dataset:
        memberships = list(cluster_year.memberships.select_related("agency").order_by("pk"))
        ministry = User.objects.create_user(
            username="bench.ministry",
            password=None,
            agency=cluster_services.agency_create(
                by=None,
                name="Vụ Thi đua - Khen thưởng (bench)",
                short_name="Vụ TĐKT (bench)",
                kind=Agency.Kind.MINISTRY,
            ),
        )
        ministry.groups.add(Group.objects.get_or_create(name=MINISTRY_GROUP)[0])
        users = {
            "secretariat": User.objects.create_user(
                username="bench.secretariat", password=None, agency=memberships[0].agency
            ),
            "member": User.objects.create_user(
                username="bench.member", password=None, agency=memberships[1].agency
            ),
            "ministry": ministry,
        }
        assessment = Assessment.objects.get(membership=memberships[1])
        return Dataset(f"_{size}", users, cluster_year, assessment)

    # The criteria import ---------------------------------------------------------------------

    def time_import(self, members: int, criteria: int) -> tuple[float, int]:
        """Read a workbook of the criteria and make them the criteria of a year whose members
        have opened (not started) their assessment: each run in a savepoint, rolled back."""
        rows = criteria_rows(criteria)
        cluster_year = self.year("BENCH-XLSX", members)
        draft = [
            CriterionData(
                r.code, f"{r.title} (dự thảo)", r.kind, r.max_points, r.points_per_occurrence
            )
            for r in rows
        ]
        services.criteria_replace(cluster_year=cluster_year, rows=draft, by=None)
        for membership in cluster_year.memberships.all():
            services.assessment_open(membership=membership, by=None)
        workbook = criteria_workbook(rows)

        def import_once() -> None:
            with transaction.atomic():
                parsed, problems = parse_criteria(io.BytesIO(workbook))
                if problems:
                    raise CommandError(f"The bench workbook has problems: {problems[:3]}")
                services.criteria_replace(cluster_year=cluster_year, rows=parsed, by=None)
                transaction.set_rollback(True)

        # One run: it is slow (the figure says how slow) and its queries are counted (all of
        # them: CaptureQueriesContext keeps only the last 9,000).
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            import_once()
            elapsed = (time.perf_counter() - start) * 1000
        return elapsed, counter.count

    def time_scores_import(self, cluster_year: ClusterYear) -> tuple[float, int]:
        """The secretariat's review workbook of the year (every assessment submitted, as when
        the review starts), a comment written on every score, read back and saved: one run,
        in a savepoint rolled back, its queries counted (the scores' query included)."""
        Assessment.objects.filter(membership__cluster_year=cluster_year).update(
            status=Assessment.Status.SUBMITTED
        )
        period = Assessment.Period.YEAR
        scores = review_workbooks.year_scores(cluster_year, period)
        workbook = openpyxl.load_workbook(
            io.BytesIO(review_workbooks.review_workbook(cluster_year, period, scores))
        )
        sheet = workbook[review_workbooks.REVIEW_SHEET]
        for row in range(review_workbooks.HEADER_ROW + 1, sheet.max_row + 1):
            sheet.cell(row, review_workbooks.COMMENT + 1).value = "Đã thẩm định"
        filled = io.BytesIO()
        workbook.save(filled)

        counter = QueryCounter()
        with transaction.atomic(), connection.execute_wrapper(counter):
            start = time.perf_counter()
            scores = review_workbooks.year_scores(cluster_year, period)
            found = review_workbooks.read_review(
                cluster_year=cluster_year,
                period=period,
                scores=scores,
                reviewable={score.assessment_id for score in scores},
                file=io.BytesIO(filled.getvalue()),
            )
            if found.problems or not found.changes:
                raise CommandError(f"The bench review workbook has problems: {found.problems[:3]}")
            changed = review_workbooks.review_apply(
                cluster_year=cluster_year, changes=found.changes, by=None
            )
            elapsed = (time.perf_counter() - start) * 1000
            transaction.set_rollback(True)
        if changed != len(scores):
            raise CommandError(f"The bench review changed {changed} of {len(scores)} scores.")
        return elapsed, counter.count

    # The year ------------------------------------------------------------------------------

    def year(self, number: str, members: int) -> ClusterYear:
        cluster = cluster_services.cluster_create(
            by=None,
            kind=Cluster.Kind.CLUSTER,
            number=number,
            supervisor_kind=Cluster.Supervisor.MINISTRY,
            supervisor_name="Bộ Ngoại giao (bench)",
        )
        agencies = [
            cluster_services.agency_create(
                by=None,
                name=f"Sở Ngoại vụ thử nghiệm {number} {index:03d} (bench)",
                short_name=f"{number} {index:03d}",
                kind=Agency.Kind.DEPARTMENT,
            )
            for index in range(1, members + 1)
        ]
        return cluster_services.cluster_year_create(
            cluster=cluster,
            year=2025,
            agencies=agencies,
            head=agencies[0],
            by=None,
            excellent_min=Decimal("95"),
            good_min=Decimal("85"),
            fair_min=Decimal("70"),
            tie_break_groups="1, 2, 3, 4",
        )

    def build(self, members: int, criteria: int) -> ClusterYear:
        cluster_year = self.year("BENCH", members)
        criteria_set: CriteriaSet = services.criteria_replace(
            cluster_year=cluster_year, rows=criteria_rows(criteria), by=None
        )
        # Bulk paths from here on (see the module's docstring).
        Assessment.objects.bulk_create(
            Assessment(
                membership=membership,
                criteria_set=criteria_set,
                status=Assessment.Status.FINAL,
                revision=3,
            )
            for membership in cluster_year.memberships.order_by("pk")
        )
        scored = list(criteria_set.criteria.exclude(kind=Kind.GROUP).order_by("position"))
        rng = random.Random(2025)  # noqa: S311 (figures for a benchmark, not for security)
        scores = []
        for assessment in Assessment.objects.for_year(cluster_year).order_by("pk"):
            scores += entered_scores(assessment, scored, rng, final=True)
        Score.objects.bulk_create(scores, batch_size=1000)
        return cluster_year
