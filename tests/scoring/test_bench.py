"""`manage.py bench` (make bench): one figure per line, and the database left as it was."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from clusters.models import Agency, Cluster, ClusterYear, Membership, Officer
from scoring.models import Assessment, CriteriaSet, Criterion, Score

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

    assert set(figures) == {"database", "ranking_3x7_ms", "ranking_3x7_queries"}
    assert float(figures["ranking_3x7_ms"]) > 0
    assert _counts() == before


@pytest.mark.django_db
def test_the_ranking_needs_as_many_queries_whatever_the_size_of_the_year():
    small = _bench(members=2, criteria=4, runs=1)
    larger = _bench(members=6, criteria=13, runs=1)

    assert small["ranking_2x4_queries"] == larger["ranking_6x13_queries"]


@pytest.mark.django_db
def test_bench_refuses_an_empty_year():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench", members=0, stdout=StringIO())
