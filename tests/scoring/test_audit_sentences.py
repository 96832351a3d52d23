"""The change log speaks of scores and assessments the way people do: “Nguyễn Văn A sửa điểm tự
chấm tiêu chí 1.1 từ 8 thành 9”, each stage named, the status in words."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring import services
from scoring.services import Entered
from tests.fixtures.scoring import by_code


def _log(client, world) -> str:
    client.force_login(world.secretariat_user)
    response = client.get(reverse("clusters:year_audit_log", args=[world.year.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _save_self(assessment, entries, by):
    return services.assessment_save_self(
        assessment=assessment, entries=entries, revision=assessment.revision, by=by
    )


def test_a_self_score_changed_reads_with_its_criterion_and_both_values(
    client, world, open_assessment
):
    member = world.member_user
    member.full_name = "Nguyễn Văn A"
    member.save()
    assessment = open_assessment("C")
    codes = by_code(assessment)
    assessment = _save_self(assessment, {codes["1.1"]: Entered(Decimal("8"))}, member)
    assessment = _save_self(assessment, {codes["1.1"]: Entered(Decimal("9"))}, member)
    _save_self(assessment, {codes["1.1"]: Entered(Decimal("7.5"))}, member)
    page = _log(client, world)
    assert "Nguyễn Văn A nhập điểm tự chấm tiêu chí 1.1: 8" in page
    assert "Nguyễn Văn A sửa điểm tự chấm tiêu chí 1.1 từ 8 thành 9" in page
    assert "Nguyễn Văn A sửa điểm tự chấm tiêu chí 1.1 từ 9 thành 7,5" in page
    assert "8.00" not in page and "None" not in page


def test_a_person_without_a_full_name_is_named_by_username(client, world, open_assessment):
    member = world.member_user
    member.full_name = member.first_name = member.last_name = ""
    member.save()
    assessment = open_assessment("C")
    _save_self(assessment, {by_code(assessment)["1.2"]: Entered(Decimal("5"))}, member)
    assert f"{member.username} nhập điểm tự chấm tiêu chí 1.2: 5" in _log(client, world)


def test_the_review_the_question_the_return_and_the_final_score_are_each_named(
    client, world, open_assessment, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    assessment = open_assessment("C")
    codes = by_code(assessment)
    assessment = _save_self(
        assessment,
        {
            codes["1.1"]: Entered(Decimal("8")),
            codes["1.2"]: Entered(Decimal("5")),
            codes["1.3"]: Entered(Decimal("1")),
            codes["2.1"]: Entered(Decimal("90"), target=Decimal("100")),
        },
        world.member_user,
    )
    services.evidence_add(
        score=assessment.scores.get(criterion_id=codes["1.1"]),
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=None,
    )
    assessment = services.assessment_submit(assessment=assessment, by=world.member_user)
    reviewer = world.secretariat_user
    assessment = services.assessment_save_review(
        assessment=assessment,
        entries={codes["1.1"]: Entered(Decimal("6"), "Thiếu minh chứng quý IV")},
        revision=assessment.revision,
        by=reviewer,
    )
    assessment = services.assessment_return(assessment=assessment, comment="", by=reviewer)
    services.assessment_finalise(
        assessment=services.assessment_send_explanation(
            assessment=services.assessment_save_explanation(
                assessment=assessment,
                entries={codes["1.1"]: Entered(Decimal("7"), "Bổ sung biên bản")},
                revision=assessment.revision,
                by=world.member_user,
            ),
            comment="",
            by=world.member_user,
        ),
        by=reviewer,
    )
    page = _log(client, world)
    who = reviewer.get_full_name() or reviewer.username
    member = world.member_user.get_full_name() or world.member_user.username
    assert f"{who} nhập điểm thẩm định tiêu chí 1.1: 6" in page
    assert f"{who} ghi nhận xét hoặc câu hỏi của người thẩm định tiêu chí 1.1: “Thiếu" in page
    assert f"{member} nhập điểm sau giải trình tiêu chí 1.1: 7" in page
    assert f"{who} nhập điểm chính thức tiêu chí 1.1: 7" in page
    assert f"{member} chuyển tình trạng từ Bản nháp thành Đã gửi" in page
    assert f"{who} chuyển tình trạng từ Đã gửi thành Đã trả lại để giải trình" in page
    assert f"{who} chuyển tình trạng từ Giải trình thành Chính thức" in page
