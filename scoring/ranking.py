"""The cluster year's standing: totals, group breakdown, self against final, ranks.

Built from four queries whatever the number of members and criteria; the arithmetic is in
calculation.py. A computed ranking is kept in the cache under the year's ranking revision
(scoring.RankingRevision), which the database itself moves on every write to what a ranking
is computed from: found again only while nothing changed, and then read with one query.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Membership

from . import calculation
from .calculation import Entry, Result, Rule
from .models import SCORE_VALUE_FIELDS, Assessment, Criterion, NonSubmission, RankingRevision, Score


@dataclass(frozen=True)
class Quantitative:
    """A quantitative criterion of one member: the figures and the formula behind its points."""

    code: str
    title: str
    value: Decimal | None
    target: Decimal | None
    points: Decimal
    formula: str


@dataclass
class Standing:
    membership: Membership
    assessment: Assessment | None
    final: Result
    self_total: Decimal

    @property
    def difference(self) -> Decimal:
        return self.final.total - self.self_total


@dataclass
class Ranking:
    cluster_year: ClusterYear
    period: str
    stage: str
    # The criteria of every version in use, in order, and their rules by criterion id (see
    # `criteria` and `rules`): as pickled in the cache when found there, unpickled only if used
    # (the page found in the cache does not use them).
    packed_criteria: list[Criterion] | bytes
    newest_set_id: int | None  # the newest version in use: its groups head the table
    packed_rules: dict[int, Rule] | bytes
    best: dict[int, Decimal]  # best actual/target ratio of each quantitative criterion
    standings: list[Standing] = field(default_factory=list)
    unassessed: list[Membership] = field(default_factory=list)
    # Recorded as not having submitted (“không nộp”): listed last, without a rank or a
    # classification; their scores count for nothing, not even the best ratios.
    not_submitted: list[NonSubmission] = field(default_factory=list)
    fingerprint: str = ""  # of everything it is computed from (see _fingerprint)

    @cached_property
    def criteria(self) -> list[Criterion]:
        return _unpacked(self.packed_criteria)

    @cached_property
    def rules(self) -> dict[int, Rule]:
        return _unpacked(self.packed_rules)

    @property
    def scores(self) -> QuerySet:
        """The query of the scores counted (not run until iterated): see _scores."""
        return _scores([s.assessment for s in self.standings])

    @cached_property
    def entries(self) -> dict[int, list[Entry]]:
        """Each ranked member's entries, by membership id (read only when needed: a ranking
        found in the cache does not need them)."""
        assessments = [s.assessment for s in self.standings]
        return _entries(_scores(assessments), assessments)

    @property
    def groups(self) -> list[Criterion]:
        """The top-level groups of the newest version, in order."""
        return [
            c
            for c in self.criteria
            if c.parent_id is None and c.criteria_set_id == self.newest_set_id
        ]

    def quantitative_details(self) -> dict[int, list[Quantitative]]:
        """By membership id, each quantitative criterion with its formula, as ranked."""
        key = f"ranking:{self.fingerprint}:quantitative"
        details = cache.get(key)
        if details is None:
            details = self._quantitative_details()
            cache.set(key, details, CACHE_SECONDS)
        return details

    def _quantitative_details(self) -> dict[int, list[Quantitative]]:
        titles = {criterion.pk: criterion.title for criterion in self.criteria}
        details: dict[int, list[Quantitative]] = {}
        for standing in self.standings:
            for entry in self.entries.get(standing.membership.pk, []):
                rule = self.rules[entry.rule_id]
                if rule.kind != Criterion.Kind.QUANTITATIVE:
                    continue
                value, best = entry.at(self.stage), self.best.get(rule.id)
                details.setdefault(standing.membership.pk, []).append(
                    Quantitative(
                        code=rule.code,
                        title=titles[rule.id],
                        value=value,
                        target=entry.target,
                        points=calculation.points(
                            rule, value, target=entry.target, best_ratio=best
                        ),
                        formula=calculation.formula(
                            rule, value, target=entry.target, best_ratio=best
                        ),
                    )
                )
        return details

    @property
    def unfinished(self) -> list[Membership]:
        """The ranked members whose assessment for the period is missing or not final (a
        member recorded as not having submitted is not waited for)."""
        return self.unassessed + [
            s.membership for s in self.standings if s.assessment.status != Assessment.Status.FINAL
        ]

    @property
    def complete(self) -> bool:
        return not self.unfinished


def _thresholds(cluster_year: ClusterYear):
    return [
        (cluster_year.excellent_min, _("Excellent")),
        (cluster_year.good_min, _("Good")),
        (cluster_year.fair_min, _("Fair")),
    ]


def rules_of(criteria) -> dict[int, Rule]:
    """Rules by criterion id, each knowing the top-level group it counts towards."""
    criteria = list(criteria)
    top = {c.pk: c for c in criteria if c.parent_id is None}
    parent_of = {c.pk: c.parent_id for c in criteria}
    rules = {}
    for criterion in criteria:
        root = criterion.pk
        while parent_of.get(root):
            root = parent_of[root]
        rules[criterion.pk] = Rule.of(criterion, group_code=top[root].code)
    return rules


def ranked_memberships(cluster_year: ClusterYear, period: str) -> QuerySet[Membership]:
    """Who is ranked for a period: the current members, and those that left during the year
    (a merger) but have an assessment for it — a past half-year is never rewritten."""
    return cluster_year.memberships.filter(
        Q(left_on__isnull=True)
        | Q(pk__in=Assessment.objects.filter(period=period).values("membership_id"))
    )


def year_ranking(
    cluster_year: ClusterYear, stage: str = "final", period: str = Assessment.Period.YEAR
) -> Ranking:
    fingerprint = _fingerprint(cluster_year, period, stage)
    key = f"ranking:{fingerprint}" if fingerprint else ""
    kept = cache.get(key) if key else None
    if kept is None:
        with _collector_paused():
            kept = _inputs(cluster_year, period)
            assessed = [m.pk for m in kept["memberships"] if m.pk in kept["assessments"]]
            entries = _entries(kept.pop("rows"), kept["assessments"].values())
            kept["computed"] = _compute(cluster_year, kept["rules"], entries, stage, assessed)
            if key:
                packed = {name: pickle.dumps(kept[name]) for name in ("criteria", "rules")}
                cache.set(key, kept | packed, CACHE_SECONDS)
    else:
        entries = None
    memberships, assessments = kept["memberships"], kept["assessments"]
    ranking = Ranking(
        cluster_year=cluster_year,
        period=period,
        stage=stage,
        packed_criteria=kept["criteria"],
        newest_set_id=kept["newest_set_id"],
        packed_rules=kept["rules"],
        best=kept["computed"]["best"],
        fingerprint=fingerprint or _uncached_fingerprint(),
    )
    if entries is not None:  # read already: not read twice
        ranking.__dict__["entries"] = entries
    by_pk = {m.pk: m for m in memberships}
    not_submitted = kept["not_submitted"]
    ranking.unassessed = [
        m for m in memberships if m.pk not in assessments and m.pk not in not_submitted
    ]
    for membership in memberships:
        if membership.pk in not_submitted:
            not_submitted[membership.pk].membership = membership
            ranking.not_submitted.append(not_submitted[membership.pk])
    for membership_id, (total, groups, points, classification, rank, self_total) in kept[
        "computed"
    ]["standings"]:
        membership = by_pk[membership_id]
        final = Result(membership, total, groups, _UnpackedPoints(points), rank, classification)
        ranking.standings.append(
            Standing(membership, assessments[membership_id], final, self_total)
        )
    return ranking


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a ranking is computed. The computation makes tens
    of thousands of short-lived objects (rows, entries, sums) that hold no cycles: freed as soon
    as they are dropped, they are gone before the collector runs again, instead of being walked
    by it every 700 allocations and pushing it to walk the whole heap (which measured a fifth
    of the computation's time). Whatever is left is collected as usual once it is resumed."""
    paused_here = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused_here:
            gc.enable()


def _unpacked(value):
    """A value kept pickled inside a cached ranking (the cache's own pickles: written by this
    module only), or the value itself."""
    return pickle.loads(value) if isinstance(value, bytes) else value  # noqa: S301


def _scores(assessments) -> QuerySet:
    """(assessment, criterion, target, value of each stage) of every score counted, by
    assessment and criterion."""
    # Only the scores of each assessment's own version: a carried-over assessment keeps its
    # old version's scores, which must not count twice while others are on that version. The
    # condition names each version with its assessments rather than joining the assessments:
    # the database then reads the scores of those assessments and nothing else, where the join
    # let it plan a loop over every score of the version for every assessment.
    by_version: dict[int, list[int]] = defaultdict(list)
    for assessment in assessments:
        by_version[assessment.criteria_set_id].append(assessment.pk)
    if not by_version:
        return Score.objects.none().values_list("assessment_id")
    counted = Q()
    for version, ids in by_version.items():
        counted |= Q(assessment_id__in=ids, criterion__criteria_set_id=version)
    return (
        Score.objects.filter(counted)
        .order_by("assessment_id", "criterion_id")
        .values_list("assessment_id", "criterion_id", "target", *SCORE_VALUE_FIELDS)
    )


def _entries(rows, assessments) -> dict[int, list[Entry]]:
    """The rows of _scores as each member's entries, by membership id."""
    member_of = {assessment.pk: assessment.membership_id for assessment in assessments}
    entries: dict[int, list[Entry]] = defaultdict(list)
    for row in rows:  # (assessment, criterion, target, value of each stage...)
        entries[member_of[row[0]]].append(Entry(row[1], row[3:], row[2]))
    return entries


def _inputs(cluster_year: ClusterYear, period: str) -> dict:
    """What a ranking is computed from, read from the database."""
    memberships = list(ranked_memberships(cluster_year, period).select_related("agency"))
    # Recorded as not having submitted: listed last; their scores count for nothing. The
    # records and the assessments are read by member, without their lists' order (by agency
    # name), which would join every membership and agency of the country for nothing.
    not_submitted = {
        record.membership_id: record
        for record in NonSubmission.objects.filter(
            membership__in=memberships, period=period
        ).order_by()
    }
    assessments = {
        a.membership_id: a
        for a in Assessment.objects.filter(membership__in=memberships, period=period)
        .exclude(membership_id__in=list(not_submitted))
        .select_related("criteria_set")
        .order_by()
    }
    set_ids = {a.criteria_set_id for a in assessments.values()}
    criteria = list(Criterion.objects.filter(criteria_set_id__in=set_ids).order_by("position"))
    return {
        "memberships": memberships,
        "assessments": assessments,
        "not_submitted": not_submitted,
        "criteria": criteria,
        "newest_set_id": _newest(assessments),
        "rules": rules_of(criteria),
        "rows": list(_scores(assessments.values())),
    }


# How long a computed ranking is kept: it is found again only while its revision is the same.
CACHE_SECONDS = 24 * 3600


def revision(cluster_year: ClusterYear) -> int | None:
    """The year's ranking revision (scoring.RankingRevision, moved by the database's triggers
    on every write that feeds the ranking); None on a database without those triggers."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return None
    found = RankingRevision.objects.filter(cluster_year_id=cluster_year.pk).values_list(
        "revision", flat=True
    )
    return next(iter(found), 0)


def _fingerprint(cluster_year: ClusterYear, period: str, stage: str) -> str:
    """The ranking's cache key: the same key, the same ranking (and the same table on its
    page). The year's revision stands for everything stored; the year's settings as given
    (a year changed but not saved yet is ranked with its changes) and the language (the
    classification's labels) are added. Empty where the database keeps no revision."""
    number = revision(cluster_year)
    if number is None:
        return ""
    inputs = (
        cluster_year.pk,
        number,
        period,
        stage,
        translation.get_language(),
        (cluster_year.excellent_min, cluster_year.good_min, cluster_year.fair_min),
        cluster_year.tie_break_groups,
    )
    return hashlib.blake2b(repr(inputs).encode(), digest_size=16).hexdigest()


def fingerprint(
    cluster_year: ClusterYear, stage: str = "final", period: str = Assessment.Period.YEAR
) -> str:
    """The fingerprint year_ranking gives its ranking (Ranking.fingerprint), without reading
    the ranking: a page keeps its copy under it."""
    return _fingerprint(cluster_year, period, stage) or _uncached_fingerprint()


def _uncached_fingerprint() -> str:
    """A key found nowhere: the page's table is made again every time."""
    return uuid.uuid4().hex


def _compute(cluster_year, rules, entries, stage, assessed: list[int]) -> dict:
    """Totals, classification and ranks of the assessed members, in rank order."""
    best_final = calculation.best_ratios(rules, entries, stage)
    best_self = calculation.best_ratios(rules, entries, "self")
    thresholds = _thresholds(cluster_year)
    results = []
    self_totals = {}
    for membership_id in assessed:
        final = Result(membership_id)
        final.total, final.groups, final.points = calculation.total(
            rules, entries[membership_id], stage, best_final
        )
        final.classification = calculation.classify(final.total, thresholds)
        self_totals[membership_id], _groups, _points = calculation.total(
            rules, entries[membership_id], "self", best_self
        )
        results.append(final)
    ordered = calculation.rank(results, cluster_year.tie_break_codes)
    return {
        "best": best_final,
        "standings": [
            (
                r.member,
                (
                    r.total,
                    r.groups,
                    _packed_points(r.points),
                    r.classification,
                    r.rank,
                    self_totals[r.member],
                ),
            )
            for r in ordered
        ],
    }


# A member's points by criterion, as kept in the cache: the criteria's ids and the points as
# text. A Decimal pickles several times slower than its text, and a ranking of 60 members ×
# 120 criteria holds 7,200 of them; the ranking's page does not read them at all.
def _packed_points(points: dict[int, Decimal]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    return tuple(points), tuple(map(str, points.values()))


class _UnpackedPoints(Mapping):
    """A member's points by criterion, read from their packed form when first asked for."""

    def __init__(self, packed: tuple[tuple[int, ...], tuple[str, ...]]) -> None:
        self.packed = packed

    @cached_property
    def _points(self) -> dict[int, Decimal]:
        ids, values = self.packed
        return dict(zip(ids, map(Decimal, values), strict=True))

    def __getitem__(self, criterion_id: int) -> Decimal:
        return self._points[criterion_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self._points)

    def __len__(self) -> int:
        return len(self._points)


def _newest(assessments: dict) -> int | None:
    versions = {(a.criteria_set.version, a.criteria_set_id) for a in assessments.values()}
    return max(versions)[1] if versions else None
