"""The review in Excel: one workbook of every member's scores out, the reviewed values back in,
for the members the secretariat may review, in bulk, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from emulation.errors import DomainError
from scoring.access import can_review
from scoring.models import Assessment, Score
from scoring.review_workbooks import (
    REVIEW_SHEET,
    read_review,
    review_apply,
    review_workbook,
    year_scores,
)
from tests.fixtures.scoring import review_edited, review_row, submit_self

pytestmark = pytest.mark.django_db
YEAR = Assessment.Period.YEAR
VALUE, COMMENT = "L", "M"


@pytest.fixture
def members(world, open_assessment, settings, tmp_path):
    """C and D submitted; A (the head, the secretariat's own agency) submitted too."""
    settings.MEDIA_ROOT = tmp_path
    return {letter: submit_self(open_assessment(letter)) for letter in "CDA"}


def exported(world) -> bytes:
    return review_workbook(world.year, YEAR, year_scores(world.year, YEAR))


def read(world, user, content):
    scores = year_scores(world.year, YEAR)
    reviewable = {s.assessment_id for s in scores if can_review(user, s.assessment)}
    with translation.override("en"):
        return read_review(
            cluster_year=world.year, period=YEAR, scores=scores, reviewable=reviewable, file=content
        )


def reviewed(assessment) -> dict[str, Decimal | None]:
    return dict(
        Score.objects.filter(assessment=assessment).values_list("criterion__code", "reviewed_value")
    )


def test_the_workbook_as_exported_changes_nothing(world, members):
    found = read(world, world.secretariat_user, io.BytesIO(exported(world)))
    assert found.problems == []
    assert found.changes == {}


def test_export_import_export_is_identical(world, members):
    c = members["C"]
    content = review_edited(
        exported(world),
        {
            (c, "1.1", VALUE): 7,
            (c, "1.1", COMMENT): "Thiếu kế hoạch quý IV",
            (c, "1.2", VALUE): "Không đạt",
        },
    )
    found = read(world, world.secretariat_user, content)
    assert found.problems == []
    assert (
        review_apply(cluster_year=world.year, changes=found.changes, by=world.secretariat_user) == 2
    )
    assert reviewed(c)["1.1"] == Decimal("7")
    assert reviewed(c)["1.2"] == Decimal("0")
    again = openpyxl.load_workbook(io.BytesIO(exported(world)))[REVIEW_SHEET]
    sent = openpyxl.load_workbook(content)[REVIEW_SHEET]
    assert list(again.values) == list(sent.values)
    entries = LogEntry.objects.filter(
        actor=world.secretariat_user,
        object_pk__in=[
            str(pk) for pk in Score.objects.filter(assessment=c).values_list("pk", flat=True)
        ],
    )
    assert entries.count() == 2


def test_a_row_of_the_secretariats_own_agency_is_refused(world, members):
    a = members["A"]
    content = review_edited(exported(world), {(a, "1.1", VALUE): 10})
    found = read(world, world.secretariat_user, content)
    assert found.changes == {}
    (problem,) = found.problems
    assert (problem.sheet, problem.column) == (REVIEW_SHEET, VALUE)
    assert "You may not review" in problem.message


def test_a_value_above_the_maximum_is_refused_with_its_cell(world, members):
    c = members["C"]
    content = review_edited(exported(world), {(c, "1.1", VALUE): 11})
    found = read(world, world.secretariat_user, content)
    assert [(p.row, p.column, p.message) for p in found.problems] == [
        (
            review_row(openpyxl.load_workbook(content)[REVIEW_SHEET], c, "1.1"),
            VALUE,
            "The maximum is 10 points.",
        )
    ]


def test_a_member_saved_since_the_file_was_made_is_refused(world, members):
    c = members["C"]
    content = review_edited(exported(world), {(c, "1.1", VALUE): 7})
    Assessment.objects.filter(pk=c.pk).update(revision=c.revision + 1)
    found = read(world, world.secretariat_user, content)
    assert "saved after this file was made" in found.problems[0].message


def test_apply_checks_again_under_the_lock_and_writes_nothing(world, members):
    c, d = members["C"], members["D"]
    found = read(
        world,
        world.secretariat_user,
        review_edited(exported(world), {(c, "1.1", VALUE): 7, (d, "1.1", VALUE): 6}),
    )
    Assessment.objects.filter(pk=d.pk).update(status=Assessment.Status.FINAL)
    with pytest.raises(DomainError):
        review_apply(cluster_year=world.year, changes=found.changes, by=world.secretariat_user)
    assert reviewed(c)["1.1"] is None


def test_the_number_of_queries_does_not_grow_with_the_members(world, members, open_assessment):
    def queries(assessments, value: int) -> int:
        content = review_edited(
            exported(world),
            {(a, code, VALUE): value for a in assessments for code in ("1.1", "1.3", "3.1")},
        )
        found = read(world, world.secretariat_user, content)
        assert found.problems == []
        with CaptureQueriesContext(connection) as captured:
            changed = review_apply(
                cluster_year=world.year, changes=found.changes, by=world.secretariat_user
            )
        assert changed == 3 * len(assessments)
        return len(captured)

    few = queries([members["C"]], 1)
    many = queries([members["C"], members["D"]], 2)
    assert many == few


def test_the_pages_preview_then_apply(client, world, members):
    c = members["C"]
    client.force_login(world.secretariat_user)
    url = reverse("scoring:review_import", args=[world.year.pk])
    response = client.post(url, {"file": review_edited(exported(world), {(c, "1.1", VALUE): 7})})
    assert response.status_code == 200
    assert [
        (ch.member, ch.criterion.code, ch.before, ch.after) for ch in response.context["changes"]
    ] == [(c.membership.agency.short_name, "1.1", "—", "7")]
    assert reviewed(c)["1.1"] is None
    response = client.post(url, {"token": response.context["token"]})
    assert response.status_code == 302
    assert reviewed(c)["1.1"] == Decimal("7")
