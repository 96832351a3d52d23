"""How values become points, totals and a ranking. Pure functions over plain data: no queries.

Kinds (Criterion.Kind):
- points: 0 ≤ value ≤ maximum, counted as is;
- pass_fail: 0 or the maximum;
- per_occurrence: a whole count; count × points per occurrence, capped at the maximum;
- bonus: 0 ≤ value ≤ maximum, added; deduction: 0 ≤ value ≤ maximum, subtracted;
- quantitative: the actual figure against the member's own target; the member with the best
  actual/target ratio gets the maximum, the others maximum × ratio ÷ best ratio.
A group's total is its children's total capped at the group's maximum: a bonus group adds at
most its maximum, a deduction group takes away at most its maximum (a group whose maximum is 0,
such as a mixed "bonuses and deductions" group, sets no cap of its own). Total = the sum of the
top-level groups (and of criteria outside any group), never below 0.
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
    """10.00 → 10 and 7.50 → 7.5: a stored value as a person would type it (never "-0")."""
    if value is None:
        return None
    if not value:
        return ZERO
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
    parent_id: int | None = None  # the group it belongs to, whose maximum caps it

    @classmethod
    def of(cls, criterion: Criterion, group_code: str = "") -> Rule:
        return cls(
            id=criterion.pk,
            code=criterion.code,
            kind=criterion.kind,
            max_points=criterion.max_points,
            points_per_occurrence=criterion.points_per_occurrence,
            group_code=group_code,
            parent_id=criterion.parent_id,
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
        return ZERO - min(value, rule.max_points)  # a deduction of 0 is 0, not -0
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


@dataclass(slots=True)
class Entry:
    """One score row as the calculation sees it: the value of every stage, and the target.
    (Not frozen: a ranking makes thousands, and a frozen dataclass is slower to make.)"""

    rule_id: int
    values: Sequence[Decimal | None]  # the value entered at each stage (SCORE_STAGES order)
    target: Decimal | None = None

    def at(self, stage: str) -> Decimal | None:
        return value_standing_at(self.values, stage)


def best_ratios(
    rules: Mapping[int, Rule], entries_by_member: Mapping[object, Iterable[Entry]], stage: str
) -> dict[int, Decimal]:
    """For each quantitative criterion, the best actual/target ratio among the members."""
    best: dict[int, Decimal] = {}
    # A ranking asks it of every score, twice: the few quantitative criteria are found first.
    quantitative = {rule.id for rule in rules.values() if rule.kind == Kind.QUANTITATIVE}
    if not quantitative:
        return best
    for entries in entries_by_member.values():
        for entry in entries:
            if entry.rule_id not in quantitative:
                continue
            own = ratio(entry.at(stage), entry.target)
            if own is not None and own > best.get(entry.rule_id, ZERO):
                best[entry.rule_id] = own
    return best


@dataclass
class Result:
    member: object
    total: Decimal = ZERO
    groups: dict[str, Decimal] = field(default_factory=dict)
    points: Mapping[int, Decimal] = field(default_factory=dict)
    rank: int = 0
    classification: str = ""


@dataclass(frozen=True)
class Cap:
    """A group whose children's total went past the group's maximum: `raw` → `capped`."""

    raw: Decimal
    capped: Decimal


def cap_note(cap: Cap | None) -> str:
    """Where a group's maximum applied, as the breakdown shows it: "7 → 5, the group's
    maximum"; "" where it did not."""
    if cap is None:
        return ""
    return _("%(raw)s → %(capped)s, the group's maximum") % {
        "raw": shown(cap.raw),
        "capped": shown(cap.capped),
    }


def capped(rule: Rule, raw: Decimal) -> Decimal:
    """A group's total: its children's total within ± the group's maximum (0: no cap)."""
    if not rule.max_points:
        return raw
    return max(-rule.max_points, min(raw, rule.max_points))


@dataclass
class Tally:
    """One assessment at one stage: the total, the top-level groups' totals (by code), each
    criterion's points and each group's total (by id), and the groups whose cap applied."""

    total: Decimal = ZERO
    groups: dict[str, Decimal] = field(default_factory=dict)
    points: dict[int, Decimal] = field(default_factory=dict)
    group_points: dict[int, Decimal] = field(default_factory=dict)
    caps: dict[int, Cap] = field(default_factory=dict)


def _depth(rules: Mapping[int, Rule], rule: Rule) -> int:
    depth = 0
    while rule.parent_id is not None and rule.parent_id in rules:
        rule, depth = rules[rule.parent_id], depth + 1
    return depth


@dataclass(frozen=True)
class _Tree:
    """What tally() needs of a set of rules besides the rules: the groups, deepest first, and
    the parent each rule counts towards (None: the top, or a parent outside the rules)."""

    groups: list[Rule]
    parent: dict[int, int | None]


# The tree of the last rules seen: a ranking tallies every member against the same rules, so
# it is worked out once. Found again only for the very same mapping of rules (kept referenced
# here, so that its id cannot be reused); a mapping of rules is made once and never changed.
_last_tree: tuple[Mapping[int, Rule] | None, _Tree] = (None, _Tree([], {}))


def _tree(rules: Mapping[int, Rule]) -> _Tree:
    global _last_tree
    seen, tree = _last_tree
    if seen is not rules:
        current = list(rules.values())
        groups = [rule for rule in current if rule.kind == Kind.GROUP]
        groups.sort(key=lambda rule: _depth(rules, rule), reverse=True)
        parent = {r.id: r.parent_id if r.parent_id in rules else None for r in current}
        tree = _Tree(groups, parent)
        _last_tree = (rules, tree)
    return tree


# Kinds whose points are the value within the maximum (points() for the others).
_AS_IS = frozenset({Kind.POINTS.value, Kind.PASS_FAIL.value, Kind.BONUS.value})
_GROUP = Kind.GROUP.value


def tally(
    rules: Mapping[int, Rule], entries: Iterable[Entry], stage: str, best: Mapping[int, Decimal]
) -> Tally:
    """The points of one assessment at `stage`, summed up the criteria tree: each group's
    children's total is capped at the group's maximum before it counts towards its parent.
    (A ranking runs it twice for every member: the loop over the entries is kept tight.)"""
    result = Tally()
    tree = _tree(rules)
    earned_by_id, top_groups, parent_of = result.points, result.groups, tree.parent
    sums: dict[int | None, Decimal] = {}
    for entry in entries:
        rule = rules.get(entry.rule_id)
        if rule is None or rule.kind == _GROUP:
            continue
        value = value_standing_at(entry.values, stage)
        if value is None:
            earned = ZERO
        elif rule.kind in _AS_IS:  # points(), its commonest case inlined: min(value, maximum)
            earned = value if value <= rule.max_points else rule.max_points
        else:
            earned = points(rule, value, target=entry.target, best_ratio=best.get(rule.id))
        earned_by_id[rule.id] = earned
        parent = parent_of[rule.id]
        sums[parent] = sums.get(parent, ZERO) + earned
        if parent is None:
            top_groups[rule.group_code] = top_groups.get(rule.group_code, ZERO) + earned
    for group in tree.groups:
        if group.id not in sums:
            continue
        raw = sums[group.id]
        value = capped(group, raw)
        if value != raw:
            result.caps[group.id] = Cap(raw, value)
        result.group_points[group.id] = value
        parent = parent_of[group.id]
        sums[parent] = sums.get(parent, ZERO) + value
        if parent is None:
            top_groups[group.code] = top_groups.get(group.code, ZERO) + value
    result.total = max(sums.get(None, ZERO), ZERO)
    return result


def total(
    rules: Mapping[int, Rule], entries: Iterable[Entry], stage: str, best: Mapping[int, Decimal]
) -> tuple[Decimal, dict[str, Decimal], dict[int, Decimal]]:
    """(total, points by top-level group, points by criterion) of one assessment at `stage`."""
    result = tally(rules, entries, stage, best)
    return result.total, result.groups, result.points


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
