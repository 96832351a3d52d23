"""calculation.py by hand: what each kind of criterion is worth, totals, ranks and labels.

No database: the calculation works on plain Rules and Entries. The ids and codes below follow
the criteria of tests/scoring/conftest.py (1.1 points up to 10, 1.2 pass/fail 5, 1.3 two points
per occurrence capped at 6, 2.1 against a target up to 20, 3.1 bonus up to 3, 3.2 deduction up
to 5).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from scoring import calculation
from scoring.calculation import Entry, Result, Rule
from scoring.models import SCORE_STAGES, Criterion

Kind = Criterion.Kind
D = Decimal

POINTS = Rule(11, "1.1", Kind.POINTS, D("10"), group_code="1")
PASS_FAIL = Rule(12, "1.2", Kind.PASS_FAIL, D("5"), group_code="1")
PER_OCCURRENCE = Rule(13, "1.3", Kind.PER_OCCURRENCE, D("6"), D("2"), group_code="1")
QUANTITATIVE = Rule(21, "2.1", Kind.QUANTITATIVE, D("20"), group_code="2")
BONUS = Rule(31, "3.1", Kind.BONUS, D("3"), group_code="3")
DEDUCTION = Rule(32, "3.2", Kind.DEDUCTION, D("5"), group_code="3")
GROUP = Rule(1, "1", Kind.GROUP, D("21"), group_code="1")
RULES = {
    rule.id: rule
    for rule in (GROUP, POINTS, PASS_FAIL, PER_OCCURRENCE, QUANTITATIVE, BONUS, DEDUCTION)
}


def stages(**values) -> tuple:
    """The value entered at each stage, in the order of SCORE_STAGES (None where not given)."""
    return tuple(values.get(stage) for stage in SCORE_STAGES)


def final(rule: Rule, value, target=None) -> Entry:
    """An entry whose only stage is the final one."""
    return Entry(rule.id, stages(final=None if value is None else D(str(value))), target)


# One criterion at a time -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [("0", "0"), ("7.5", "7.5"), ("10", "10"), (None, "0")]
)
def test_points_count_as_entered_up_to_the_maximum(value, expected):
    entered = None if value is None else D(value)
    assert calculation.points(POINTS, entered) == D(expected)


def test_points_above_the_maximum_are_refused_at_entry_and_capped_in_the_calculation():
    with translation.override("en"):
        assert calculation.value_error(POINTS, D("10.5")) == "The maximum is 10 points."
    assert calculation.points(POINTS, D("12")) == D("10")


def test_pass_fail_is_the_maximum_or_nothing():
    assert calculation.points(PASS_FAIL, D("5")) == D("5")
    assert calculation.points(PASS_FAIL, D("0")) == D("0")
    with translation.override("en"):
        assert calculation.value_error(PASS_FAIL, D("3")) == "Pass or fail: enter 0 or 5."
    assert calculation.value_error(PASS_FAIL, D("5")) is None


@pytest.mark.parametrize(
    ("count", "expected"),
    [("0", "0"), ("1", "2"), ("2", "4"), ("3", "6"), ("4", "6"), ("10", "6")],
)
def test_per_occurrence_is_count_times_points_capped_at_the_maximum(count, expected):
    # 2 points each, at most 6: 1 → 2, 2 → 4, 3 → 6, 4 → 8 capped to 6.
    assert calculation.points(PER_OCCURRENCE, D(count)) == D(expected)


def test_per_occurrence_takes_whole_counts_only():
    with translation.override("en"):
        assert calculation.value_error(PER_OCCURRENCE, D("1.5")) == (
            "Enter a whole number of occurrences."
        )
    assert calculation.value_error(PER_OCCURRENCE, D("7")) is None  # capped, not refused


def test_a_bonus_is_added_and_capped():
    assert calculation.points(BONUS, D("2")) == D("2")
    assert calculation.points(BONUS, D("4")) == D("3")


def test_a_deduction_is_subtracted_and_capped():
    assert calculation.points(DEDUCTION, D("2")) == D("-2")
    assert calculation.points(DEDUCTION, D("7")) == D("-5")  # at most the maximum, 5
    total, groups, _points = calculation.total(
        RULES, [final(POINTS, 8), final(BONUS, 1), final(DEDUCTION, 3)], "final", {}
    )
    assert total == D("6")  # 8 + 1 − 3
    assert groups == {"1": D("8"), "3": D("-2")}


def test_negative_values_are_refused_for_every_kind():
    for rule in (POINTS, PASS_FAIL, PER_OCCURRENCE, BONUS, DEDUCTION, QUANTITATIVE):
        assert calculation.value_error(rule, D("-1"), target=D("100")) is not None


def test_quantitative_needs_a_positive_target():
    assert calculation.value_error(QUANTITATIVE, D("50"), target=None) is not None
    assert calculation.value_error(QUANTITATIVE, D("50"), target=D("0")) is not None
    assert calculation.value_error(QUANTITATIVE, D("50"), target=D("40")) is None


def test_quantitative_best_ratio_gets_the_maximum_and_the_others_are_scaled():
    # Ratios: A 150/100 = 1.5 (best), B 120/100 = 1.2, C 45/60 = 0.75, D no figure.
    entries = {
        "A": [final(QUANTITATIVE, 150, D("100"))],
        "B": [final(QUANTITATIVE, 120, D("100"))],
        "C": [final(QUANTITATIVE, 45, D("60"))],
        "D": [final(QUANTITATIVE, None, D("80"))],
    }
    best = calculation.best_ratios(RULES, entries, "final")
    assert best == {QUANTITATIVE.id: D("1.5")}

    def worth(member):
        (entry,) = entries[member]
        return calculation.points(
            QUANTITATIVE, entry.at("final"), target=entry.target, best_ratio=best[21]
        )

    assert worth("A") == D("20.00")  # the best ratio: the maximum
    assert worth("B") == D("16.00")  # 20 × 1.2 ÷ 1.5
    assert worth("C") == D("10.00")  # 20 × 0.75 ÷ 1.5
    assert worth("D") == D("0")  # nothing entered


def test_quantitative_points_are_rounded_to_hundredths():
    # 20 × (1.0 ÷ 1.5) = 13.333… → 13.33
    assert calculation.points(QUANTITATIVE, D("100"), target=D("100"), best_ratio=D("1.5")) == D(
        "13.33"
    )


def test_the_formula_shows_the_computation_of_a_quantitative_score():
    with translation.override("en"):
        text = calculation.formula(QUANTITATIVE, D("120"), target=D("100"), best_ratio=D("1.5"))
    assert text == "20 × (120 ÷ 100) ÷ 1.5 = 16"


def test_the_formula_is_empty_for_other_kinds_or_without_figures():
    assert calculation.formula(POINTS, D("7"), target=None, best_ratio=D("1")) == ""
    assert calculation.formula(QUANTITATIVE, None, target=D("100"), best_ratio=D("1.5")) == ""
    assert calculation.formula(QUANTITATIVE, D("120"), target=None, best_ratio=D("1.5")) == ""
    assert calculation.formula(QUANTITATIVE, D("120"), target=D("100"), best_ratio=None) == ""


def test_groups_themselves_count_for_nothing():
    total, groups, points = calculation.total(RULES, [final(GROUP, 21)], "final", {})
    assert (total, groups, points) == (D("0"), {}, {})


# Stages ------------------------------------------------------------------------------------


def test_an_empty_stage_takes_the_value_of_the_latest_stage_before_it():
    entry = Entry(11, stages(self=D("8"), reviewed=None, explained=D("7"), final=None))
    assert entry.at("self") == D("8")
    assert entry.at("reviewed") == D("8")  # not reviewed: the self score stands
    assert entry.at("explained") == D("7")
    assert entry.at("final") == D("7")  # not finalised: the explanation stands


def test_a_later_stage_does_not_leak_into_an_earlier_one():
    entry = Entry(11, stages(self=None, reviewed=D("6"), final=D("5")))
    assert entry.at("self") is None
    assert entry.at("reviewed") == D("6")
    assert entry.at("explained") == D("6")
    assert entry.at("final") == D("5")


def test_a_zero_is_a_value_not_an_empty_stage():
    entry = Entry(11, stages(self=D("9"), reviewed=D("0")))
    assert entry.at("final") == D("0")


def test_totals_at_two_stages_of_the_same_entries():
    entries = [
        Entry(11, stages(self=D("9"), reviewed=D("7"))),
        Entry(13, stages(self=D("4"), final=D("2"))),  # 4 × 2 = 8 → 6 ; 2 × 2 = 4
    ]
    assert calculation.total(RULES, entries, "self", {})[0] == D("15")  # 9 + 6
    assert calculation.total(RULES, entries, "final", {})[0] == D("11")  # 7 + 4


# Ranks and classification ------------------------------------------------------------------


def _result(name: str, total: str, **groups: str) -> Result:
    return Result(name, D(total), {code.lstrip("g"): D(v) for code, v in groups.items()})


def test_competition_ranking_shares_a_rank_and_skips_the_next():
    results = [
        _result("A", "80"),
        _result("B", "90"),
        _result("C", "80"),
        _result("D", "70"),
    ]
    ordered = calculation.rank(results, tie_break=[])
    assert [(r.member, r.rank) for r in ordered] == [("B", 1), ("A", 2), ("C", 2), ("D", 4)]


def test_a_tie_is_broken_by_the_groups_in_the_years_order():
    # Equal totals (80); A is ahead on group 2, C on group 1.
    a = _result("A", "80", g1="50", g2="30")
    c = _result("C", "80", g1="55", g2="25")
    assert [r.member for r in calculation.rank([a, c], tie_break=["2", "1"])] == ["A", "C"]
    assert [r.rank for r in calculation.rank([a, c], tie_break=["2", "1"])] == [1, 2]
    assert [r.member for r in calculation.rank([a, c], tie_break=["1"])] == ["C", "A"]


def test_the_next_group_decides_when_the_first_is_equal_too():
    a = _result("A", "80", g1="50", g2="30")
    c = _result("C", "80", g1="45", g2="30")
    ordered = calculation.rank([c, a], tie_break=["2", "1"])
    assert [(r.member, r.rank) for r in ordered] == [("A", 1), ("C", 2)]


def test_members_equal_on_every_tie_break_group_share_the_rank():
    a = _result("A", "80", g1="50", g2="30")
    c = _result("C", "80", g1="50", g2="30")
    ordered = calculation.rank([a, c], tie_break=["2", "1"])
    assert [r.rank for r in ordered] == [1, 1]  # the vote decides; shown as a tie


THRESHOLDS = [(D("90"), "Xuất sắc"), (D("75"), "Tốt"), (D("50"), "Khá")]


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("100", "Xuất sắc"),
        ("90", "Xuất sắc"),  # a threshold is reached at its value
        ("89.99", "Tốt"),
        ("75", "Tốt"),
        ("50", "Khá"),
        ("49.99", ""),  # below every threshold: no label
    ],
)
def test_classification_by_the_years_thresholds(total, label):
    assert calculation.classify(D(total), THRESHOLDS) == label


def test_a_threshold_that_is_not_set_is_skipped():
    assert calculation.classify(D("95"), [(None, "Xuất sắc"), (D("75"), "Tốt")]) == "Tốt"
    assert calculation.classify(D("95"), [(None, "Xuất sắc")]) == ""


# A whole worked example --------------------------------------------------------------------


def test_four_members_worked_out_by_hand():
    """
    Values entered (final stage); 2.1 is the actual figure against the member's own target.

              1.1  1.2  1.3(count)  2.1 actual/target   3.1 bonus  3.2 deduction
        A      9    5    2           120/100 = 1.20      1          0
        B     10    5    5           150/100 = 1.50      3          2
        C     10    5    3            90/100 = 0.90      2          0
        D      6    0    1            60/80  = 0.75      0          7

    Best ratio of 2.1: B's 1.5, so 2.1 is worth 20 × ratio ÷ 1.5.

              group 1 (1.1+1.2+1.3)     group 2 (2.1)            group 3 (3.1−3.2)   total
        A     9 + 5 + 2×2=4   = 18      20×1.2÷1.5  = 16.00      1 − 0 = 1           35
        B     10 + 5 + 5×2=10→6 = 21    20×1.5÷1.5  = 20.00      3 − 2 = 1           42
        C     10 + 5 + 3×2=6  = 21      20×0.9÷1.5  = 12.00      2 − 0 = 2           35
        D     6 + 0 + 1×2=2   = 8       20×0.75÷1.5 = 10.00      0 − min(7,5) = −5   13

    Ranks without a tie-break: B 1, A 2, C 2, D 4. With the year's order “2, 1”, A (16 on
    group 2) goes before C (12): B 1, A 2, C 3, D 4. With “1” instead, C (21) before A (18).
    Thresholds excellent 40, good 30, fair 20: B excellent, A and C good, D none.
    """
    values = {
        "A": {11: 9, 12: 5, 13: 2, 21: (120, 100), 31: 1, 32: 0},
        "B": {11: 10, 12: 5, 13: 5, 21: (150, 100), 31: 3, 32: 2},
        "C": {11: 10, 12: 5, 13: 3, 21: (90, 100), 31: 2, 32: 0},
        "D": {11: 6, 12: 0, 13: 1, 21: (60, 80), 31: 0, 32: 7},
    }
    entries = {}
    for member, row in values.items():
        entries[member] = []
        for rule_id, value in row.items():
            if isinstance(value, tuple):
                entries[member].append(final(RULES[rule_id], value[0], D(value[1])))
            else:
                entries[member].append(final(RULES[rule_id], value))
    best = calculation.best_ratios(RULES, entries, "final")
    assert best == {21: D("1.5")}

    results = {}
    for member, member_entries in entries.items():
        result = Result(member)
        result.total, result.groups, result.points = calculation.total(
            RULES, member_entries, "final", best
        )
        results[member] = result

    assert {m: r.total for m, r in results.items()} == {
        "A": D("35"),
        "B": D("42"),
        "C": D("35"),
        "D": D("13"),
    }
    assert results["A"].groups == {"1": D("18"), "2": D("16.00"), "3": D("1")}
    assert results["B"].groups == {"1": D("21"), "2": D("20.00"), "3": D("1")}
    assert results["C"].groups == {"1": D("21"), "2": D("12.00"), "3": D("2")}
    assert results["D"].groups == {"1": D("8"), "2": D("10.00"), "3": D("-5")}
    assert results["B"].points[13] == D("6")  # 5 occurrences × 2 = 10, capped at 6
    assert results["D"].points[32] == D("-5")  # deduction 7 capped at 5

    def ranks(tie_break):
        ordered = calculation.rank(list(results.values()), tie_break)
        return [(r.member, r.rank) for r in ordered]

    assert ranks([]) == [("B", 1), ("A", 2), ("C", 2), ("D", 4)]
    assert ranks(["2", "1"]) == [("B", 1), ("A", 2), ("C", 3), ("D", 4)]
    assert ranks(["1"]) == [("B", 1), ("C", 2), ("A", 3), ("D", 4)]

    thresholds = [(D("40"), "excellent"), (D("30"), "good"), (D("20"), "fair")]
    assert {m: calculation.classify(r.total, thresholds) for m, r in results.items()} == {
        "A": "good",
        "B": "excellent",
        "C": "good",
        "D": "",
    }


# Group caps --------------------------------------------------------------------------------
#
# A group's total is its children's total capped at the group's maximum. The tree below:
#   7   bonus group, at most 5:     7.1 bonus up to 4, 7.2 bonus up to 3
#   8   deduction group, at most 4: 8.1 deduction up to 3, 8.2 deduction up to 3
#   9   points group, at most 10:   9.1 points up to 8, 9.2 points up to 8
#   9.3 a sub-group of 9, at most 2: 9.3.1 points up to 3
# A group of maximum 0 (the mixed "bonuses and deductions" group of the fixtures) sets no cap.

BONUS_GROUP = Rule(70, "7", Kind.GROUP, D("5"), group_code="7")
BONUS_A = Rule(71, "7.1", Kind.BONUS, D("4"), group_code="7", parent_id=70)
BONUS_B = Rule(72, "7.2", Kind.BONUS, D("3"), group_code="7", parent_id=70)
DEDUCTION_GROUP = Rule(80, "8", Kind.GROUP, D("4"), group_code="8")
DEDUCTION_A = Rule(81, "8.1", Kind.DEDUCTION, D("3"), group_code="8", parent_id=80)
DEDUCTION_B = Rule(82, "8.2", Kind.DEDUCTION, D("3"), group_code="8", parent_id=80)
POINTS_GROUP = Rule(90, "9", Kind.GROUP, D("10"), group_code="9")
POINTS_A = Rule(91, "9.1", Kind.POINTS, D("8"), group_code="9", parent_id=90)
POINTS_B = Rule(92, "9.2", Kind.POINTS, D("8"), group_code="9", parent_id=90)
SUB_GROUP = Rule(93, "9.3", Kind.GROUP, D("2"), group_code="9", parent_id=90)
SUB_POINTS = Rule(931, "9.3.1", Kind.POINTS, D("3"), group_code="9", parent_id=93)
OPEN_GROUP = Rule(60, "6", Kind.GROUP, D("0"), group_code="6")
OPEN_BONUS = Rule(61, "6.1", Kind.BONUS, D("3"), group_code="6", parent_id=60)
OPEN_DEDUCTION = Rule(62, "6.2", Kind.DEDUCTION, D("5"), group_code="6", parent_id=60)
TREE = {
    rule.id: rule
    for rule in (
        BONUS_GROUP,
        BONUS_A,
        BONUS_B,
        DEDUCTION_GROUP,
        DEDUCTION_A,
        DEDUCTION_B,
        POINTS_GROUP,
        POINTS_A,
        POINTS_B,
        SUB_GROUP,
        SUB_POINTS,
        OPEN_GROUP,
        OPEN_BONUS,
        OPEN_DEDUCTION,
    )
}


def test_a_bonus_group_adds_at_most_its_maximum():
    # 4 + 3 = 7, but the group "tối đa 5 điểm" adds 5.
    result = calculation.tally(TREE, [final(BONUS_A, 4), final(BONUS_B, 3)], "final", {})
    assert result.groups == {"7": D("5")}
    assert result.total == D("5")
    assert result.points == {71: D("4"), 72: D("3")}  # each criterion keeps its own points
    assert result.caps == {70: calculation.Cap(raw=D("7"), capped=D("5"))}


def test_a_bonus_group_under_its_maximum_is_not_capped():
    result = calculation.tally(TREE, [final(BONUS_A, 2), final(BONUS_B, 2)], "final", {})
    assert result.groups == {"7": D("4")}
    assert result.caps == {}


def test_a_deduction_group_takes_away_at_most_its_maximum():
    # Points 8 + 8 = 16 capped at 10; deductions 3 + 3 = 6 capped at 4: 10 − 4 = 6.
    entries = [
        final(POINTS_A, 8),
        final(POINTS_B, 8),
        final(DEDUCTION_A, 3),
        final(DEDUCTION_B, 3),
    ]
    result = calculation.tally(TREE, entries, "final", {})
    assert result.groups == {"9": D("10"), "8": D("-4")}
    assert result.total == D("6")
    assert result.caps[80] == calculation.Cap(raw=D("-6"), capped=D("-4"))
    assert result.caps[90] == calculation.Cap(raw=D("16"), capped=D("10"))


def test_a_sub_group_is_capped_before_it_counts_towards_its_parent():
    # 9.3.1: 3 points, capped at the sub-group's 2; group 9: 7 + 0 + 2 = 9 (under 10).
    entries = [final(POINTS_A, 7), final(SUB_POINTS, 3)]
    result = calculation.tally(TREE, entries, "final", {})
    assert result.group_points == {93: D("2"), 90: D("9")}
    assert result.groups == {"9": D("9")}
    assert list(result.caps) == [93]


def test_a_group_of_maximum_zero_sets_no_cap():
    result = calculation.tally(TREE, [final(OPEN_BONUS, 3), final(OPEN_DEDUCTION, 1)], "final", {})
    assert result.groups == {"6": D("2")}
    assert result.caps == {}


def test_the_total_never_goes_below_zero():
    # Only deductions: 3 + 3 capped at 4 → −4; the total stops at 0, the group shows −4.
    result = calculation.tally(TREE, [final(DEDUCTION_A, 3), final(DEDUCTION_B, 3)], "final", {})
    assert result.groups == {"8": D("-4")}
    assert result.total == D("0")


def test_a_deduction_of_zero_is_zero_not_minus_zero():
    assert str(calculation.points(DEDUCTION, D("0"))) == "0"
    assert str(calculation.typed_number(D("-0.00"))) == "0"
    with translation.override("vi"):
        assert calculation.shown(D("-0")) == "0"


def test_two_members_with_group_caps_worked_out_by_hand():
    """
    Values entered (final stage) on the tree above:

              9.1  9.2  9.3.1   7.1  7.2   8.1  8.2
        E      8    8    3       4    3     0    1
        F      6    3    1       1    1     3    3

        E: group 9 = 8 + 8 + min(3, 2) = 18 → 10; group 7 = 4 + 3 = 7 → 5;
           group 8 = −1; total 10 + 5 − 1 = 14.
        F: group 9 = 6 + 3 + 1 = 10 (not capped); group 7 = 2; group 8 = −6 → −4;
           total 10 + 2 − 4 = 8.
    Without the caps E would have 8 + 8 + 3 + 7 − 1 = 25 and F 10 + 2 − 6 = 6.
    E ranks first; on the tie-break group 9 both have 10.
    """
    values = {
        "E": {91: 8, 92: 8, 931: 3, 71: 4, 72: 3, 81: 0, 82: 1},
        "F": {91: 6, 92: 3, 931: 1, 71: 1, 72: 1, 81: 3, 82: 3},
    }
    results = {}
    for member, row in values.items():
        entries = [final(TREE[rule_id], value) for rule_id, value in row.items()]
        result = Result(member)
        result.total, result.groups, result.points = calculation.total(TREE, entries, "final", {})
        results[member] = result
    assert results["E"].groups == {"9": D("10"), "7": D("5"), "8": D("-1")}
    assert results["E"].total == D("14")
    assert results["F"].groups == {"9": D("10"), "7": D("2"), "8": D("-4")}
    assert results["F"].total == D("8")
    ordered = calculation.rank(list(results.values()), tie_break=["9"])
    assert [(r.member, r.rank) for r in ordered] == [("E", 1), ("F", 2)]
