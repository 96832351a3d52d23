"""The cluster year's standing: totals, group breakdown, self against final, ranks.

Built from four queries whatever the number of members and criteria; the arithmetic is in
calculation.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Membership

from . import calculation
from .calculation import Entry, Result, Rule
from .models import STAGES, Assessment, Criterion, Score


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
    entries: list[Entry] = field(default_factory=list)

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
        titles = {criterion.pk: criterion.title for criterion in self.criteria}
        details: dict[int, list[Quantitative]] = {}
        for standing in self.standings:
            for entry in standing.entries:
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
    entries: dict[int, list[Entry]] = defaultdict(list)
    rows = Score.objects.filter(
        # Only the scores of each assessment's own version: a carried-over assessment keeps its
        # old version's scores, which must not count twice while others are on that version.
        assessment__in=assessments.values(),
        criterion__criteria_set=F("assessment__criteria_set"),
    ).values_list(
        "assessment__membership_id", "criterion_id", "target", *(f"{s}_value" for s in STAGES)
    )
    for membership_id, criterion_id, target, *values in rows:
        entries[membership_id].append(
            Entry(criterion_id, dict(zip(STAGES, values, strict=True)), target)
        )
    best_final = calculation.best_ratios(rules, entries, stage)
    best_self = calculation.best_ratios(rules, entries, "self")
    thresholds = _thresholds(cluster_year)
    ranking = Ranking(
        cluster_year=cluster_year,
        period=period,
        stage=stage,
        criteria=criteria,
        newest_set_id=_newest(assessments),
        rules=rules,
        best=best_final,
    )
    results = []
    for membership in memberships:
        assessment = assessments.get(membership.pk)
        if assessment is None:
            ranking.unassessed.append(membership)
            continue
        final = Result(membership)
        final.total, final.groups, final.points = calculation.total(
            rules, entries[membership.pk], stage, best_final
        )
        final.classification = calculation.classify(final.total, thresholds)
        self_total, _groups, _points = calculation.total(
            rules, entries[membership.pk], "self", best_self
        )
        results.append(final)
        ranking.standings.append(
            Standing(membership, assessment, final, self_total, entries[membership.pk])
        )
    by_member = {s.membership.pk: s for s in ranking.standings}
    ordered = calculation.rank(results, cluster_year.tie_break_codes)
    ranking.standings = [by_member[result.member.pk] for result in ordered]
    return ranking


def _newest(assessments: dict) -> int | None:
    versions = {(a.criteria_set.version, a.criteria_set_id) for a in assessments.values()}
    return max(versions)[1] if versions else None
