"""The cluster year's standing: totals, group breakdown, self against final, ranks.

Built from four queries whatever the number of members and criteria (a fifth reads the
scores on PostgreSQL when the ranking is not in the cache); the arithmetic is in
calculation.py. A computed ranking is kept in the cache under a digest of everything it is
computed from, so that it is found again only while nothing changed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Membership

from . import calculation
from .calculation import Entry, Result, Rule
from .models import SCORE_STAGES, Assessment, Criterion, Score


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
    criteria: list[Criterion]  # of every version in use, in order
    newest_set_id: int | None  # the newest version in use: its groups head the table
    rules: dict[int, Rule]
    best: dict[int, Decimal]  # best actual/target ratio of each quantitative criterion
    standings: list[Standing] = field(default_factory=list)
    unassessed: list[Membership] = field(default_factory=list)
    fingerprint: str = ""  # of everything it is computed from (see _fingerprint)
    # (membership, criterion, target, value of each stage) of every score counted: read only
    # when needed (a ranking found in the cache does not need them).
    scores: QuerySet | None = None
    rows: list | None = None

    @cached_property
    def entries(self) -> dict[int, list[Entry]]:
        """Each ranked member's entries, by membership id."""
        entries: dict[int, list[Entry]] = defaultdict(list)
        rows = self.rows if self.rows is not None else self.scores
        for membership_id, criterion_id, target, *values in rows:
            entries[membership_id].append(
                Entry(criterion_id, dict(zip(SCORE_STAGES, values, strict=True)), target)
            )
        return entries

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
        """The ranked members whose assessment for the period is missing or not final."""
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
    memberships = list(ranked_memberships(cluster_year, period).select_related("agency"))
    assessments = {
        a.membership_id: a
        for a in Assessment.objects.filter(
            membership__in=memberships, period=period
        ).select_related("criteria_set")
    }
    set_ids = {a.criteria_set_id for a in assessments.values()}
    criteria = list(Criterion.objects.filter(criteria_set_id__in=set_ids).order_by("position"))
    rules = rules_of(criteria)
    scores = (
        Score.objects.filter(
            # Only the scores of each assessment's own version: a carried-over assessment keeps
            # its old version's scores, which must not count twice while others are on that
            # version. Naming the versions lets the database start from them, not from every
            # criterion in the country.
            assessment__in=assessments.values(),
            criterion__criteria_set_id__in=set_ids,
            criterion__criteria_set=F("assessment__criteria_set"),
        )
        .order_by("assessment_id", "criterion_id")
        .values_list(
            "assessment__membership_id",
            "criterion_id",
            "target",
            *(f"{s}_value" for s in SCORE_STAGES),
        )
    )
    scores_digest, rows = _scores_digest(scores)
    ranking = Ranking(
        cluster_year=cluster_year,
        period=period,
        stage=stage,
        criteria=criteria,
        newest_set_id=_newest(assessments),
        rules=rules,
        best={},
        fingerprint=_fingerprint(
            cluster_year, period, stage, memberships, assessments, criteria, scores_digest
        ),
        scores=scores,
        rows=rows,
    )
    key = f"ranking:{ranking.fingerprint}"
    computed = cache.get(key)
    if computed is None:
        assessed = [m.pk for m in memberships if m.pk in assessments]
        computed = _compute(cluster_year, rules, ranking.entries, stage, assessed)
        cache.set(key, computed, CACHE_SECONDS)
    ranking.best = computed["best"]
    by_pk = {m.pk: m for m in memberships}
    ranking.unassessed = [m for m in memberships if m.pk not in assessments]
    for membership_id, (total, groups, points, classification, rank, self_total) in computed[
        "standings"
    ]:
        membership = by_pk[membership_id]
        final = Result(membership, total, groups, points, rank, classification)
        ranking.standings.append(
            Standing(membership, assessments[membership_id], final, self_total)
        )
    return ranking


def _scores_digest(scores: QuerySet) -> tuple[str, list | None]:
    """A digest of the score rows, and the rows when they had to be read for it: PostgreSQL
    digests them itself (nothing crosses the wire), other databases hand them over."""
    if connection.vendor == "postgresql":
        try:
            sql, params = scores.query.sql_with_params()
        except EmptyResultSet:  # nobody has an assessment for the period
            return "", []
        with connection.cursor() as cursor:
            cursor.execute(
                # Django's own compiled query, its parameters passed separately. The rows are
                # ordered as rows (member, criterion: unique), not as text, which sorts slower.
                f"SELECT md5(string_agg(t::text, ';' ORDER BY t)) FROM ({sql}) AS t",  # noqa: S608
                params,
            )
            return cursor.fetchone()[0] or "", None
    rows = list(scores)
    return hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest(), rows


# How long a computed ranking is kept: it is found again only while its inputs are the same.
CACHE_SECONDS = 24 * 3600


def _fingerprint(
    cluster_year, period, stage, memberships, assessments, criteria, scores_digest: str
) -> str:
    """A digest of everything a ranking is computed from and shows: the same digest, the same
    ranking (and the same table on its page)."""
    inputs = (
        period,
        stage,
        translation.get_language(),  # the classification's labels
        (cluster_year.excellent_min, cluster_year.good_min, cluster_year.fair_min),
        cluster_year.tie_break_groups,
        [(m.pk, m.left_on, m.agency.name, m.agency.short_name) for m in memberships],
        sorted((a.pk, a.membership_id, a.status, a.criteria_set_id) for a in assessments.values()),
        [
            (c.pk, c.parent_id, c.code, c.title, c.kind, c.max_points, c.points_per_occurrence)
            for c in criteria
        ],
        scores_digest,
    )
    return hashlib.blake2b(repr(inputs).encode(), digest_size=16).hexdigest()


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
                (r.total, r.groups, r.points, r.classification, r.rank, self_totals[r.member]),
            )
            for r in ordered
        ],
    }


def _newest(assessments: dict) -> int | None:
    versions = {(a.criteria_set.version, a.criteria_set_id) for a in assessments.values()}
    return max(versions)[1] if versions else None
