"""Every form and the criteria spreadsheet read numbers the Vietnamese way, through
emulation/numbers.py: "1.000" is one thousand, "1.250,5" is 1250,5, "8.5" is 8,5."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from clusters.forms import ClusterYearForm
from scoring.forms import AwardTypeForm, CriterionForm, EntryForm
from scoring.spreadsheets.criteria_import import _decimal
from tests.fixtures.scoring import by_code


@pytest.fixture(autouse=True)
def in_vietnamese():
    with translation.override("vi"):
        yield


def test_the_self_assessment_reads_a_target_of_one_thousand(world, open_assessment):
    assessment = open_assessment("C")
    codes = by_code(assessment)
    scores = assessment.scores.select_related("criterion")
    form = EntryForm(
        {
            "revision": assessment.revision,
            f"value_{codes['2.1']}": "1.250,5",
            f"target_{codes['2.1']}": "1.000",
            f"value_{codes['1.1']}": "8.5",
        },
        scores=scores,
        stage="self",
        revision=assessment.revision,
    )
    assert form.is_valid(), form.errors
    entries = form.entries()
    assert entries[codes["2.1"]].target == Decimal("1000")
    assert entries[codes["2.1"]].value == Decimal("1250.5")
    assert entries[codes["1.1"]].value == Decimal("8.5")


def test_every_wrong_number_of_a_form_is_shown_at_once(world, open_assessment):
    assessment = open_assessment("C")
    codes = by_code(assessment)
    form = EntryForm(
        {
            "revision": assessment.revision,
            f"value_{codes['1.1']}": "8,5,5",
            f"target_{codes['2.1']}": "1.00.0",
            f"value_{codes['2.1']}": "abc",
        },
        scores=assessment.scores.select_related("criterion"),
        stage="self",
        revision=assessment.revision,
    )
    assert not form.is_valid()
    assert {f"value_{codes['1.1']}", f"target_{codes['2.1']}", f"value_{codes['2.1']}"} <= set(
        form.errors
    )


@pytest.mark.parametrize(
    ("typed", "expected"), [("1.000", "1000"), ("12,5", "12.5"), ("7.5", "7.5")]
)
def test_the_criteria_editor_reads_the_maximum_the_vietnamese_way(typed, expected):
    form = CriterionForm(
        {"code": "1", "title": "Nhóm", "kind": "group", "max_points": typed, "guidance": ""}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["max_points"] == Decimal(expected)


def test_the_years_thresholds_are_read_the_vietnamese_way(world):
    data = {
        "vote_threshold": "66,67",
        "excellent_min": "1.000",
        "good_min": "85.5",
        "fair_min": "70",
        "tie_break_groups": "",
    }
    form = ClusterYearForm(data, instance=world.year)
    form.is_valid()
    for name, value in (
        ("vote_threshold", "66.67"),
        ("excellent_min", "1000"),
        ("good_min", "85.5"),
    ):
        assert name not in form.errors, form.errors[name]
        assert form.cleaned_data[name] == Decimal(value)


def test_the_award_quota_is_read_the_vietnamese_way(db):
    form = AwardTypeForm({"quota_percent": "12,5"})
    form.is_valid()
    assert "quota_percent" not in form.errors
    assert form.cleaned_data["quota_percent"] == Decimal("12.5")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1.000", "1000"), ("1.250,5", "1250.5"), ("2,5", "2.5"), ("8.5", "8.5"), (7, "7")],
)
def test_the_criteria_spreadsheet_reads_the_vietnamese_way(cell, expected):
    assert _decimal(cell, required=True) == (Decimal(expected), "")


def test_the_criteria_spreadsheet_refuses_what_is_not_a_number():
    number, message = _decimal("1,2,3", required=True)
    assert number is None and message
