"""`manage.py bench`: how long the cluster year's ranking takes on a large year.

Inside a transaction that it rolls back at the end, so that the database is left as it was
(SQLite by default, PostgreSQL when DATABASE_URL says so), it builds a cluster year of
`--members` members × `--criteria` criteria (4 top-level groups, every kind of criterion) with
final assessments, then times `scoring.ranking.year_ranking`: one warm-up run, then the median
of `--runs` runs, and counts its queries. It prints one figure per line, `name: value`:

    database: sqlite
    ranking_60x120_ms: 12.34
    ranking_60x120_queries: 4

The agencies, the year and the criteria go through the services. The assessments and their
scores (7,200 with the defaults) are written with bulk_create, for speed: they are the same
rows the services would leave for final assessments (self value, final value and, against a
target, the target), without the history the services would also write.
"""

from __future__ import annotations

import random
import statistics
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from clusters import services as cluster_services
from clusters.models import Agency, Cluster, ClusterYear
from scoring import services
from scoring.models import Assessment, CriteriaSet, Criterion, Score
from scoring.ranking import year_ranking
from scoring.services import CriterionData

Kind = Criterion.Kind
GROUPS = 4

# The kinds in turn, with their maximum (and points per occurrence): mostly plain points.
KINDS: list[tuple[str, Decimal, Decimal | None]] = [
    (Kind.POINTS, Decimal("5"), None),
    (Kind.PASS_FAIL, Decimal("4"), None),
    (Kind.POINTS, Decimal("6"), None),
    (Kind.PER_OCCURRENCE, Decimal("6"), Decimal("1.5")),
    (Kind.QUANTITATIVE, Decimal("8"), None),
    (Kind.POINTS, Decimal("4"), None),
    (Kind.BONUS, Decimal("2"), None),
    (Kind.PASS_FAIL, Decimal("3"), None),
    (Kind.POINTS, Decimal("5"), None),
    (Kind.DEDUCTION, Decimal("3"), None),
]


def criteria_rows(count: int) -> list[CriterionData]:
    """`count` criteria in up to 4 top-level groups, the kinds in turn."""
    groups = min(GROUPS, count)
    rows = []
    for group in range(1, groups + 1):
        members = range(group - 1, count, groups)  # criterion indexes of this group
        children = []
        for number, index in enumerate(members, start=1):
            kind, maximum, per = KINDS[index % len(KINDS)]
            children.append(
                CriterionData(
                    code=f"{group}.{number}",
                    title=f"Tiêu chí {group}.{number}",
                    kind=kind,
                    max_points=maximum,
                    points_per_occurrence=per,
                )
            )
        total = sum(
            (c.max_points for c in children if c.kind not in (Kind.BONUS, Kind.DEDUCTION)),
            Decimal("0"),
        )
        rows.append(CriterionData(str(group), f"Nhóm {group}", Kind.GROUP, total))
        rows.extend(children)
    return rows


def value_for(criterion: Criterion, rng: random.Random) -> tuple[Decimal, Decimal | None]:
    """(value, target) as a member would enter them for `criterion`."""
    if criterion.kind == Kind.PASS_FAIL:
        return (criterion.max_points if rng.random() < 0.9 else Decimal("0")), None
    if criterion.kind == Kind.PER_OCCURRENCE:
        return Decimal(rng.randint(0, 6)), None
    if criterion.kind == Kind.QUANTITATIVE:
        target = Decimal(rng.randint(100, 2000))
        return (target * Decimal(rng.randint(50, 150)) / 100).quantize(Decimal("0.01")), target
    halves = int(criterion.max_points * 2)
    return Decimal(rng.randint(0, halves)) / 2, None


class Command(BaseCommand):
    help = (
        "Time the cluster year's ranking on a large year (60 members × 120 criteria by "
        "default), built in a transaction that is rolled back: the database is left as it was."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--members", type=int, default=60, help="members of the year")
        parser.add_argument("--criteria", type=int, default=120, help="scored criteria")
        parser.add_argument("--runs", type=int, default=15, help="timed runs (median)")

    def handle(self, *args, members: int, criteria: int, runs: int, **options) -> None:
        if members < 1 or criteria < 1 or runs < 1:
            raise CommandError("--members, --criteria and --runs must be at least 1.")
        name = f"ranking_{members}x{criteria}"
        with transaction.atomic():
            cluster_year = self.build(members, criteria)
            ranking = year_ranking(cluster_year)  # warm-up
            if len(ranking.standings) != members or not ranking.complete:
                raise CommandError("The bench year was not built as expected.")
            timings = []
            for _run in range(runs):
                start = time.perf_counter()
                year_ranking(cluster_year)
                timings.append((time.perf_counter() - start) * 1000)
            with CaptureQueriesContext(connection) as queries:
                year_ranking(cluster_year)
            transaction.set_rollback(True)
        self.stdout.write(f"database: {connection.vendor}")
        self.stdout.write(f"{name}_ms: {statistics.median(timings):.2f}")
        self.stdout.write(f"{name}_queries: {len(queries)}")

    def build(self, members: int, criteria: int) -> ClusterYear:
        cluster = cluster_services.cluster_create(
            by=None,
            kind=Cluster.Kind.CLUSTER,
            number="BENCH",
            supervisor_kind=Cluster.Supervisor.MINISTRY,
            supervisor_name="Bộ Ngoại giao (bench)",
        )
        agencies = [
            cluster_services.agency_create(
                by=None,
                name=f"Sở Ngoại vụ thử nghiệm {number:03d} (bench)",
                short_name=f"Bench {number:03d}",
                kind=Agency.Kind.DEPARTMENT,
            )
            for number in range(1, members + 1)
        ]
        cluster_year = cluster_services.cluster_year_create(
            cluster=cluster,
            year=2025,
            agencies=agencies,
            head=agencies[0],
            by=None,
            excellent_min=Decimal("95"),
            good_min=Decimal("85"),
            fair_min=Decimal("70"),
            tie_break_groups=", ".join(str(g) for g in range(1, min(GROUPS, criteria) + 1)),
        )
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
            for criterion in scored:
                value, target = value_for(criterion, rng)
                scores.append(
                    Score(
                        assessment=assessment,
                        criterion=criterion,
                        target=target,
                        self_value=value,
                        final_value=value,
                    )
                )
        Score.objects.bulk_create(scores, batch_size=1000)
        return cluster_year
