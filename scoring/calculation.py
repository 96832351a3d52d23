"""How values become points, totals and a ranking. Pure functions over plain data: no queries.

Kinds (Criterion.Kind):
- points: 0 ≤ value ≤ maximum, counted as is;
- pass_fail: 0 or the maximum;
- per_occurrence: a whole count; count × points per occurrence, capped at the maximum;
- bonus: 0 ≤ value ≤ maximum, added; deduction: 0 ≤ value ≤ maximum, subtracted;
- quantitative: the actual figure against the member's own target; the member with the best
  actual/target ratio gets the maximum, the others maximum × ratio ÷ best ratio.
Total = criteria points + bonuses − deductions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Criterion, value_standing_at

Kind = Criterion.Kind
CENT = Decimal("0.01")
ZERO = Decimal("0")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def typed_number(value: Decimal | None) -> Decimal | None:
    """10.00 → 10 and 7.50 → 7.5: a stored value as a person would type it."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def shown(value: Decimal) -> str:
    """A number as people read it: no trailing zeros, the language's decimal separator."""
    return number_format(typed_number(value))


@dataclass(frozen=True)
class Rule:
    """What the calculation needs of a criterion."""

    id: int
    code: str
    kind: str
    max_points: Decimal
    points_per_occurrence: Decimal | None = None
    group_code: str = ""  # the top-level group it counts towards

    @classmethod
    def of(cls, criterion: Criterion, group_code: str = "") -> Rule:
        return cls(
            id=criterion.pk,
            code=criterion.code,
            kind=criterion.kind,
            max_points=criterion.max_points,
            points_per_occurrence=criterion.points_per_occurrence,
            group_code=group_code,
        )


def value_error(rule: Rule, value: Decimal | None, target: Decimal | None = None) -> str | None:
    """Why `value` (and `target`) cannot be entered for this criterion, or None."""
    if value is None:
        return None
    if value < 0:
        return _("The value cannot be negative.")
    if rule.kind == Kind.PASS_FAIL and value not in (ZERO, rule.max_points):
        return _("Pass or fail: enter 0 or %(max)s.") % {"max": shown(rule.max_points)}
    if rule.kind == Kind.PER_OCCURRENCE and value != value.to_integral_value():
        return _("Enter a whole number of occurrences.")
    if rule.kind in (Kind.POINTS, Kind.BONUS, Kind.DEDUCTION) and value > rule.max_points:
        return _("The maximum is %(max)s points.") % {"max": shown(rule.max_points)}
    if rule.kind == Kind.QUANTITATIVE and (target is None or target <= 0):
        return _("Enter the target (greater than 0) with the actual figure.")
    return None


def ratio(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    if value is None or not target or target <= 0:
        return None
    return value / target


def points(rule: Rule, value: Decimal | None, *, target=None, best_ratio=None) -> Decimal:
    """The points `value` is worth, signed (a deduction is negative)."""
    if value is None:
        return ZERO
    if rule.kind == Kind.PER_OCCURRENCE:
        return quantize(min(value * (rule.points_per_occurrence or ZERO), rule.max_points))
    if rule.kind == Kind.DEDUCTION:
        return -min(value, rule.max_points)
    if rule.kind == Kind.QUANTITATIVE:
        own = ratio(value, target)
        if own is None or not best_ratio:
            return ZERO
        return quantize(rule.max_points * own / best_ratio)
    return min(value, rule.max_points)


def formula(rule: Rule, value, *, target=None, best_ratio=None) -> str:
    """The computation behind a quantitative score, as shown next to the result."""
    if rule.kind != Kind.QUANTITATIVE or ratio(value, target) is None or not best_ratio:
        return ""
    return _("%(max)s × (%(actual)s ÷ %(target)s) ÷ %(best)s = %(points)s") % {
        "max": shown(rule.max_points),
        "actual": shown(value),
        "target": shown(target),
        "best": shown(best_ratio.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)),
        "points": shown(points(rule, value, target=target, best_ratio=best_ratio)),
    }


@dataclass(frozen=True)
class Entry:
    """One score row as the calculation sees it: the value of every stage, and the target."""

    rule_id: int
    values: Mapping[str, Decimal | None]  # stage → value entered at that stage
    target: Decimal | None = None

    def at(self, stage: str) -> Decimal | None:
        return value_standing_at(self.values, stage)


def best_ratios(
    rules: Mapping[int, Rule], entries_by_member: Mapping[object, Iterable[Entry]], stage: str
) -> dict[int, Decimal]:
    """For each quantitative criterion, the best actual/target ratio among the members."""
    best: dict[int, Decimal] = {}
    for entries in entries_by_member.values():
        for entry in entries:
            rule = rules.get(entry.rule_id)
            if rule is None or rule.kind != Kind.QUANTITATIVE:
                continue
            own = ratio(entry.at(stage), entry.target)
            if own is not None and own > best.get(rule.id, ZERO):
                best[rule.id] = own
    return best


@dataclass
class Result:
    member: object
    total: Decimal = ZERO
    groups: dict[str, Decimal] = field(default_factory=dict)
    points: dict[int, Decimal] = field(default_factory=dict)
    rank: int = 0
    classification: str = ""


def total(
    rules: Mapping[int, Rule], entries: Iterable[Entry], stage: str, best: Mapping[int, Decimal]
) -> tuple[Decimal, dict[str, Decimal], dict[int, Decimal]]:
    """(total, points by top-level group, points by criterion) of one assessment at `stage`."""
    grand, groups, by_rule = ZERO, {}, {}
    for entry in entries:
        rule = rules.get(entry.rule_id)
        if rule is None or rule.kind == Kind.GROUP:
            continue
        earned = points(rule, entry.at(stage), target=entry.target, best_ratio=best.get(rule.id))
        by_rule[rule.id] = earned
        grand += earned
        groups[rule.group_code] = groups.get(rule.group_code, ZERO) + earned
    return grand, groups, by_rule


def classify(value: Decimal, thresholds: Sequence[tuple[Decimal | None, str]]) -> str:
    """The first label whose threshold `value` reaches (thresholds from the highest down)."""
    for threshold, label in thresholds:
        if threshold is not None and value >= threshold:
            return label
    return ""


def rank(results: list[Result], tie_break: Sequence[str]) -> list[Result]:
    """Order by total, then by the groups in `tie_break` order; equal keys share a rank
    (competition ranking: 1, 2, 2, 4)."""

    def key(result: Result) -> tuple:
        return (result.total, *(result.groups.get(code, ZERO) for code in tie_break))

    ordered = sorted(results, key=key, reverse=True)
    previous = None
    for position, result in enumerate(ordered, start=1):
        current = key(result)
        result.rank = previous.rank if previous and key(previous) == current else position
        previous = result
    return ordered
