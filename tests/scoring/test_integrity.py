"""What a review of the workflow found: each case refused or kept consistent, nothing lost."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusters import services as cluster_services
from scoring import services
from scoring.models import Assessment
from scoring.ranking import year_ranking
from scoring.services import Entered
from tests.fixtures.scoring import (
    CRITERIA,
    FULL_ENTRIES,
    entries_by_id,
    evidence_upload,
    final_assessment,
    score_of,
    submitted_assessment,
)


def test_a_second_return_counts_the_members_new_explanation(world, open_assessment):
    assessment = submitted_assessment(world, open_assessment, "C")
    code = score_of(assessment, "1.3").criterion_id
    for explained in ("2", "3"):
        services.assessment_save_review(
            assessment=assessment,
            entries={code: Entered(Decimal("1"), "Đề nghị làm rõ")},
            revision=Assessment.objects.get(pk=assessment.pk).revision,
            by=world.secretariat_user,
        )
        services.assessment_return(assessment=assessment, comment="", by=world.secretariat_user)
        services.assessment_save_explanation(
            assessment=assessment,
            entries={code: Entered(Decimal(explained), "Bổ sung")},
            revision=Assessment.objects.get(pk=assessment.pk).revision,
            by=world.member_user,
        )
        services.assessment_send_explanation(
            assessment=assessment, comment="", by=world.member_user
        )
    services.assessment_finalise(assessment=assessment, by=world.secretariat_user)
    assert score_of(assessment, "1.3").final_value == Decimal("3")


def test_a_stale_review_page_cannot_finalise_over_a_newer_explanation(world, open_assessment):
    assessment = submitted_assessment(world, open_assessment, "C")
    seen = Assessment.objects.get(pk=assessment.pk).revision
    services.assessment_return(assessment=assessment, comment="Làm rõ", by=world.secretariat_user)
    with pytest.raises(ValidationError):
        services.assessment_finalise(
            assessment=assessment, revision=seen, by=world.secretariat_user
        )
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.RETURNED


def test_a_final_assessment_is_not_carried_over_silently(world, open_assessment):
    assessment = final_assessment(world, open_assessment, "C")
    services.criteria_replace(cluster_year=world.year, rows=CRITERIA[:-1], by=None, note="Sửa")
    with pytest.raises(ValidationError):
        services.assessment_carry_over(assessment=assessment, by=world.secretariat_user)
    assert Assessment.objects.get(pk=assessment.pk).criteria_set.version == 1


def test_a_carried_value_the_new_version_forbids_is_dropped(world, open_assessment):
    assessment = open_assessment("C")
    services.assessment_save_self(
        assessment=assessment,
        entries=entries_by_id(assessment, FULL_ENTRIES),
        revision=assessment.revision,
        by=world.member_user,
    )
    lower = [
        row if row.code != "1.1" else row.__class__(**{**row.__dict__, "max_points": Decimal("5")})
        for row in CRITERIA
    ]
    services.criteria_replace(cluster_year=world.year, rows=lower, by=None, note="Hạ điểm tối đa")
    services.assessment_carry_over(assessment=assessment, by=world.secretariat_user)
    assert score_of(assessment, "1.1").self_value is None  # 8 > the new maximum 5: re-entered
    assert score_of(assessment, "1.2").self_value == Decimal("5")


def test_the_ranking_settings_are_fixed_once_the_ranking_is_published(world, open_assessment):
    for letter in "ABCD":
        final_assessment(world, open_assessment, letter)
    services.ranking_publish(cluster_year=world.year, by=world.secretariat_user)
    with pytest.raises(ValidationError) as refused:
        cluster_services.cluster_year_update(
            cluster_year=world.year, excellent_min=Decimal("20"), by=world.secretariat_user
        )
    assert "excellent_min" in refused.value.message_dict
    world.year.refresh_from_db()
    assert world.year.excellent_min is None


def test_a_merger_during_the_year_keeps_the_merged_members_assessment_ranked(
    world, open_assessment, make_agency
):
    for letter in "ABCD":
        final_assessment(world, open_assessment, letter)
    successor = make_agency("Phú Thọ mới", valid_from=datetime.date(2025, 7, 1))
    cluster_services.agency_merge(
        sources=[world.agencies["C"]], into=successor, effective=datetime.date(2025, 7, 1), by=None
    )
    ranked = {s.membership.agency.short_name for s in year_ranking(world.year).standings}
    assert "Phú Thọ" in ranked
    assert [m.agency for m in year_ranking(world.year).unassessed] == [successor]


def test_opening_an_assessment_twice_returns_the_same_one(world, open_assessment):
    first = open_assessment("C")
    assert open_assessment("C") == first
    assert Assessment.objects.filter(membership=world.memberships["C"]).count() == 1


def test_evidence_cannot_be_added_once_submitted(world, open_assessment, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    assessment = submitted_assessment(world, open_assessment, "C")
    with pytest.raises(ValidationError):
        services.evidence_add(
            score=score_of(assessment, "1.2"), upload=evidence_upload(), by=world.member_user
        )
    assert score_of(assessment, "1.2").evidence.count() == 0
    assert list(tmp_path.rglob("*.pdf")) == [next(tmp_path.rglob("*.pdf"))]  # only 1.1's
