"""Required evidence is held at every stage: at the submission, at the explanation and at the
finalisation; once submitted, the last file of a criterion that requires one is not deleted.

Criterion 1.1 of the shared CRITERIA requires evidence (tests/fixtures/scoring.py).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring import services
from scoring.models import Assessment, Evidence
from scoring.services import Entered
from tests.fixtures.scoring import FULL_ENTRIES, entries_by_id, score_of

Status = Assessment.Status
PDF = b"%PDF-1.4\n%%EOF\n"
CONFIRM = {"confirm": "on"}


pytestmark = pytest.mark.usefixtures("in_english", "media_root")


def _fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def _attach(assessment: Assessment, by, name: str = "minh-chung.pdf") -> Evidence:
    return services.evidence_add(
        score=score_of(assessment, "1.1"), upload=SimpleUploadedFile(name, PDF), by=by
    )


def _submitted(world, open_assessment, first: str, *, evidence: bool) -> Assessment:
    member = world.member_user
    assessment = open_assessment("C")
    services.assessment_save_self(
        assessment=assessment,
        entries=entries_by_id(assessment, {**FULL_ENTRIES, "1.1": Entered(Decimal(first))}),
        revision=assessment.revision,
        by=member,
    )
    if evidence:
        _attach(assessment, member)
    return services.assessment_submit(assessment=_fresh(assessment), by=member)


def _returned(world, assessment: Assessment) -> Assessment:
    return services.assessment_return(
        assessment=assessment, comment="Đề nghị giải trình tiêu chí 1.1.", by=world.secretariat_user
    )


def _explain(world, assessment: Assessment, value: str) -> Assessment:
    return services.assessment_save_explanation(
        assessment=assessment,
        entries=entries_by_id(assessment, {"1.1": Entered(Decimal(value), "Đã có kế hoạch.")}),
        revision=_fresh(assessment).revision,
        by=world.member_user,
    )


# At the explanation ------------------------------------------------------------------------


def test_an_explanation_that_raises_a_score_needing_evidence_is_not_sent_without_a_file(
    world, open_assessment
):
    """1.1 was sent at 0 (no file needed); the member explains it up to 8 without a file."""
    assessment = _submitted(world, open_assessment, "0", evidence=False)
    assessment = _explain(world, _returned(world, assessment), "8")

    with pytest.raises(ValidationError) as refused:
        services.assessment_send_explanation(
            assessment=assessment, comment="Đã bổ sung.", by=world.member_user
        )

    assert refused.value.messages == ["1.1: evidence is required."]
    assert _fresh(assessment).status == Status.RETURNED

    _attach(assessment, world.member_user)
    sent = services.assessment_send_explanation(
        assessment=_fresh(assessment), comment="Đã bổ sung.", by=world.member_user
    )
    assert sent.status == Status.EXPLAINED


def test_the_assessment_page_lists_what_the_explanation_still_needs(client, world, open_assessment):
    assessment = _submitted(world, open_assessment, "0", evidence=False)
    _explain(world, _returned(world, assessment), "8")
    client.force_login(world.member_user)
    client.cookies["django_language"] = "en"

    page = client.get(reverse("scoring:assessment", args=[assessment.pk])).content.decode()

    assert "Still needed before you can send the explanation:" in page
    assert "1.1: evidence is required." in page


# At the finalisation -----------------------------------------------------------------------


def test_finalisation_is_refused_while_a_score_needs_evidence_that_is_gone(world, open_assessment):
    """The file went another way (an administrator removed it): the reviewer is told."""
    assessment = _submitted(world, open_assessment, "8", evidence=True)
    Evidence.objects.filter(score__assessment=assessment).delete()

    with pytest.raises(ValidationError) as refused:
        services.assessment_finalise(assessment=assessment, by=world.secretariat_user)

    assert refused.value.messages == [
        "1.1 requires evidence and has none: return the assessment for the member to attach "
        "it, or score the criterion 0."
    ]
    assert _fresh(assessment).status == Status.SUBMITTED
    assert score_of(assessment, "1.1").final_value is None


def test_a_reviewer_who_scores_it_zero_can_finalise_without_the_file(world, open_assessment):
    assessment = _submitted(world, open_assessment, "8", evidence=True)
    Evidence.objects.filter(score__assessment=assessment).delete()
    assessment = services.assessment_save_review(
        assessment=assessment,
        entries=entries_by_id(assessment, {"1.1": Entered(Decimal("0"), "Không có minh chứng.")}),
        revision=assessment.revision,
        by=world.secretariat_user,
    )

    final = services.assessment_finalise(assessment=assessment, by=world.secretariat_user)

    assert final.status == Status.FINAL
    assert score_of(assessment, "1.1").final_value == Decimal("0")


def test_the_finalise_page_says_why_it_cannot_finalise(client, world, open_assessment):
    assessment = _submitted(world, open_assessment, "8", evidence=True)
    Evidence.objects.filter(score__assessment=assessment).delete()
    client.force_login(world.secretariat_user)
    client.cookies["django_language"] = "en"

    page = client.get(reverse("scoring:assessment_finalise", args=[assessment.pk]))

    assert "1.1 requires evidence and has none" in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()


# Deleting a file ---------------------------------------------------------------------------


def test_once_submitted_the_last_required_file_is_not_deleted(world, open_assessment):
    assessment = _returned(world, _submitted(world, open_assessment, "8", evidence=True))
    evidence = Evidence.objects.get(score__assessment=assessment)

    with pytest.raises(ValidationError) as refused:
        services.evidence_delete(evidence=evidence, by=world.member_user)

    assert refused.value.messages == [
        "Criterion 1.1 requires evidence and the assessment has been submitted: its last file "
        "cannot be deleted. Attach the replacement first, then delete this one."
    ]
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_once_submitted_a_required_file_is_replaced_by_attaching_first(world, open_assessment):
    assessment = _returned(world, _submitted(world, open_assessment, "8", evidence=True))
    old = Evidence.objects.get(score__assessment=assessment)
    _attach(assessment, world.member_user, "ke-hoach-co-chu-ky.pdf")

    services.evidence_delete(evidence=old, by=world.member_user)

    assert list(Evidence.objects.values_list("original_name", flat=True)) == [
        "ke-hoach-co-chu-ky.pdf"
    ]


def test_a_draft_may_still_delete_its_only_file(world, open_assessment):
    """Before the first submission the submission itself asks for the file again."""
    assessment = open_assessment("C")
    evidence = _attach(assessment, world.member_user)

    services.evidence_delete(evidence=evidence, by=world.member_user)

    assert not Evidence.objects.exists()


def test_the_delete_page_refuses_the_last_required_file_without_a_button(
    client, world, open_assessment
):
    assessment = _returned(world, _submitted(world, open_assessment, "8", evidence=True))
    evidence = Evidence.objects.get(score__assessment=assessment)
    address = reverse("scoring:evidence_delete", args=[evidence.pk])
    client.force_login(world.member_user)
    client.cookies["django_language"] = "en"

    page = client.get(address)
    posted = client.post(address, CONFIRM)

    assert page.status_code == 200
    assert "its last file cannot be deleted" in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()
    assert posted.status_code == 400
    assert "its last file cannot be deleted" in posted.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
