"""The member's pages: the year's list, the self-assessment, evidence, submission, the
explanation after a return and the history of a score.

Member C (staff `member_user`) assesses itself; D (`other_member_user`) is another member of
the same year; A's staff are the secretariat.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from clusters import services as cluster_services
from scoring import services
from scoring.models import Assessment, AssessmentEvent, Criterion, Evidence, Score
from scoring.services import CriterionData, Entered
from tests.fixtures.scoring import by_code, page_form_data, submit_self

Status = Assessment.Status
Kind = Criterion.Kind

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
CONFIRM = {"confirm": "on"}  # the box of the page that asks before deleting


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def url(name: str, *args) -> str:
    return reverse(f"scoring:{name}", args=args)


def form_data(client, assessment: Assessment, page: str = "assessment_self", **changes) -> dict:
    """What the page's form sends as it stands, with some fields changed by criterion code:
    form_data(client, a, value_1_1="7,5", target_2_1="100", note_1_1="…")."""
    return page_form_data(client, url(page, assessment.pk), assessment, **changes)


def self_values(assessment: Assessment) -> dict[str, Decimal | None]:
    return dict(
        Score.objects.filter(assessment=assessment).values_list("criterion__code", "self_value")
    )


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


# The year's list ----------------------------------------------------------------------------


def test_a_member_starts_its_own_self_assessment_from_the_list(client, world, criteria):
    client.force_login(world.member_user)
    page = client.get(url("assessment_list", world.year.pk))
    assert page.status_code == 200
    assert url("assessment_start", world.year.pk) in page.content.decode()
    response = client.post(url("assessment_start", world.year.pk))
    assessment = Assessment.objects.get()
    assert assessment.membership == world.memberships["C"]
    assert response.status_code == 302
    assert response["Location"] == url("assessment_self", assessment.pk)


def test_a_member_sees_only_its_own_row_and_the_secretariat_every_row(
    client, world, open_assessment
):
    mine, theirs = open_assessment("C"), open_assessment("D")
    client.force_login(world.member_user)
    page = client.get(url("assessment_list", world.year.pk)).content.decode()
    assert url("assessment", mine.pk) in page
    assert url("assessment", theirs.pk) not in page
    assert world.agencies["D"].name not in page
    client.force_login(world.secretariat_user)
    page = client.get(url("assessment_list", world.year.pk)).content.decode()
    assert url("assessment", mine.pk) in page and url("assessment", theirs.pk) in page
    assert world.agencies["B"].name in page  # not started yet, listed all the same


def test_a_deputy_sees_the_heads_row_it_reviews_and_no_other_member(client, world, open_assessment):
    head, deputy, member = open_assessment("A"), open_assessment("B"), open_assessment("C")
    client.force_login(world.deputy_user)
    page = client.get(url("assessment_list", world.year.pk)).content.decode()
    assert url("assessment", head.pk) in page
    assert url("assessment", deputy.pk) in page
    assert url("assessment", member.pk) not in page


def test_the_ministry_without_an_agency_cannot_start_an_assessment(client, world, criteria):
    client.force_login(world.ministry_user)
    assert client.post(url("assessment_start", world.year.pk)).status_code == 403
    assert not Assessment.objects.exists()


# Filling and submitting -----------------------------------------------------------------------


def test_the_member_saves_a_draft_with_vietnamese_decimal_commas(client, world, open_assessment):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    data = form_data(
        client,
        assessment,
        value_1_1="7,5",
        note_1_1="Hoàn thành 15/20 nhiệm vụ",
        value_1_2="5",
        value_1_3="2",
        value_2_1="120,5",
        target_2_1="100",
        value_3_1="1,25",
        value_3_2="0",
    )
    response = client.post(url("assessment_self", assessment.pk), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT
    assert assessment.revision == 1
    assert self_values(assessment) == {
        "1.1": Decimal("7.5"),
        "1.2": Decimal("5"),
        "1.3": Decimal("2"),
        "2.1": Decimal("120.5"),
        "3.1": Decimal("1.25"),
        "3.2": Decimal("0"),
    }
    score = assessment.scores.get(criterion__code="2.1")
    assert score.target == Decimal("100")
    assert assessment.scores.get(criterion__code="1.1").self_note == "Hoàn thành 15/20 nhiệm vụ"
    page = client.get(url("assessment_self", assessment.pk)).content.decode()
    assert 'value="7,5"' in page  # shown back the way it was typed


def test_the_running_totals_start_from_what_was_saved(client, world, open_assessment):
    assessment = open_assessment("C")
    ids = by_code(assessment)
    services.assessment_save_self(
        assessment=assessment,
        entries={ids["1.1"]: Entered(Decimal("7.5")), ids["3.2"]: Entered(Decimal("2"))},
        revision=assessment.revision,
        by=world.member_user,
    )
    client.force_login(world.member_user)
    response = client.get(url("assessment_self", assessment.pk))
    assert response.context["total"] == Decimal("5.5")  # 7,5 − 2 deducted
    page = response.content.decode()
    assert 'data-score="deduction"' in page and 'data-max="5"' in page
    assert 'src="/static/js/assessment.js"' in page
    assert "<script>" not in page  # no inline script: the page works under a strict CSP


@pytest.mark.parametrize(
    ("code", "typed"),
    [
        ("1_1", "10,5"),  # above the maximum of 10
        ("1_1", "-1"),  # negative
        ("1_1", "bảy"),  # text where a number goes
        ("1_2", "3"),  # pass or fail: 0 or 5 only
        ("1_3", "1,5"),  # a count of occurrences is whole
        ("2_1", "120"),  # an actual figure without its target
    ],
)
def test_a_bad_value_is_refused_on_its_field_and_the_others_are_saved(
    client, world, open_assessment, code, typed
):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    data = form_data(
        client, assessment, value_3_1="2", note_3_1="Sáng kiến", **{f"value_{code}": typed}
    )
    response = client.post(url("assessment_self", assessment.pk), data)
    assert response.status_code == 400
    field = f"value_{by_code(assessment)[code.replace('_', '.')]}"
    errors = response.context["form"].errors
    assert list(errors) == [field]
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert str(errors[field][0]) in page
    assert "Các nội dung khác đã được lưu" in page
    if code != "1_2":  # a select, not a text input
        assert f'value="{typed}"' in page  # what was typed stays, to be corrected
    assessment.refresh_from_db()
    assert f'name="revision" value="{assessment.revision}"' in page  # saving again works
    # The good 3.1 is saved, with its note; the refused criterion is left as it was.
    values = self_values(assessment)
    assert values["3.1"] == Decimal("2")
    assert values[code.replace("_", ".")] is None
    assert list(Score.objects.exclude(self_note="").values_list("self_note", flat=True)) == [
        "Sáng kiến"
    ]


def test_saving_after_the_deadline_is_refused(client, world, open_assessment):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    data = form_data(client, assessment, value_1_1="8")
    cluster_services.cluster_year_update(
        cluster_year=world.year, self_assessment_deadline=yesterday(), by=None
    )
    page = client.get(url("assessment_self", assessment.pk))
    assert page.status_code == 200
    assert page.context["editable"] is False
    assert page.context["notice"]
    assert "disabled" in page.content.decode()
    response = client.post(url("assessment_self", assessment.pk), data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert self_values(assessment)["1.1"] is None
    assert client.post(url("assessment_submit", assessment.pk)).status_code == 400
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT
    assert not AssessmentEvent.objects.exists()


def test_a_reopened_assessment_can_be_saved_again_and_the_reopening_is_recorded(
    client, world, open_assessment
):
    assessment = open_assessment("C")
    cluster_services.cluster_year_update(
        cluster_year=world.year, self_assessment_deadline=yesterday(), by=None
    )
    services.assessment_reopen(
        assessment=assessment,
        until=timezone.localdate() + datetime.timedelta(days=7),
        reason="Sở gửi muộn vì bão",
        by=world.secretariat_user,
    )
    client.force_login(world.member_user)
    detail = client.get(url("assessment", assessment.pk)).content.decode()
    assert "Sở gửi muộn vì bão" in detail
    data = form_data(client, assessment, value_1_1="8")
    assert client.post(url("assessment_self", assessment.pk), data).status_code == 302
    assert self_values(assessment)["1.1"] == Decimal("8")


def test_a_stale_save_is_refused_and_overwrites_nothing(client, world, open_assessment):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    mine = form_data(client, assessment, value_1_1="6")
    ids = by_code(assessment)
    services.assessment_save_self(  # a colleague saves in the meantime
        assessment=assessment,
        entries={ids["1.1"]: Entered(Decimal("9"), "Đồng nghiệp")},
        revision=assessment.revision,
        by=world.member_user,
    )
    response = client.post(url("assessment_self", assessment.pk), mine)
    assert response.status_code == 400
    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == [
        "stale"
    ]
    score = Score.objects.get(assessment=assessment, criterion__code="1.1")
    assert (score.self_value, score.self_note) == (Decimal("9"), "Đồng nghiệp")


def test_submitting_lists_what_is_missing_then_succeeds(client, world, open_assessment):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    data = form_data(
        client,
        assessment,
        value_1_1="9",
        value_1_2="5",
        value_1_3="3",
        value_2_1="120",
        target_2_1="100",
    )
    data["then"] = "submit"
    response = client.post(url("assessment_self", assessment.pk), data)
    assert response.status_code == 400  # saved, but 1.1 needs its evidence
    assert len(response.context["problems"]) == 1
    assert "1.1" in response.context["problems"][0]
    assert self_values(assessment)["1.1"] == Decimal("9")
    criterion = by_code(assessment)["1.1"]
    client.post(
        url("evidence_add", assessment.pk, criterion),
        {"file": SimpleUploadedFile("ke-hoach.pdf", PDF)},
    )
    response = client.post(url("assessment_submit", assessment.pk))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
    event = assessment.events.get()
    assert (event.action, event.by) == (AssessmentEvent.Action.SUBMITTED, world.member_user)
    page = client.get(url("assessment_self", assessment.pk))
    assert page.context["editable"] is False


def test_a_submitted_assessment_cannot_be_changed(client, world, open_assessment):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    data = form_data(client, assessment, value_1_1="0", value_1_2="0", value_1_3="0", value_2_1="0")
    data["target_" + str(by_code(assessment)["2.1"])] = "100"
    client.post(url("assessment_self", assessment.pk), data)
    assert client.post(url("assessment_submit", assessment.pk)).status_code == 302
    data = form_data(client, assessment, value_1_1="10")
    assert client.post(url("assessment_self", assessment.pk), data).status_code == 400
    assert self_values(assessment)["1.1"] == Decimal("0")


# Evidence ----------------------------------------------------------------------------------


def test_a_real_pdf_is_attached_and_served_inline_in_a_sandbox(client, world, open_assessment):
    assessment = open_assessment("C")
    criterion = by_code(assessment)["1.1"]
    client.force_login(world.member_user)
    response = client.post(
        url("evidence_add", assessment.pk, criterion),
        {"file": SimpleUploadedFile("Kế hoạch 2025.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert evidence.uploaded_by == world.member_user
    download = client.get(url("evidence_download", evidence.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("inline")
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_an_office_document_is_downloaded_not_shown(client, world, open_assessment):
    assessment = open_assessment("C")
    score = assessment.scores.get(criterion__code="1.1")
    evidence = services.evidence_add(
        score=score,
        upload=SimpleUploadedFile("bao-cao.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" * 8),
        by=None,
    )
    client.force_login(world.member_user)
    download = client.get(url("evidence_download", evidence.pk))
    assert download["Content-Disposition"].startswith("attachment")


def test_an_executable_renamed_pdf_is_refused_with_a_message(client, world, open_assessment, media):
    assessment = open_assessment("C")
    criterion = by_code(assessment)["1.1"]
    client.force_login(world.member_user)
    response = client.post(
        url("evidence_add", assessment.pk, criterion),
        {"file": SimpleUploadedFile("minh-chung.pdf", EXECUTABLE)},
    )
    assert response.status_code == 400
    assert "minh-chung.pdf" in response.content.decode()  # the message names the file
    assert not Evidence.objects.exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_evidence_cannot_be_added_or_deleted_once_locked(client, world, open_assessment):
    assessment = open_assessment("C")
    score = assessment.scores.get(criterion__code="1.1")
    evidence = services.evidence_add(
        score=score, upload=SimpleUploadedFile("a.pdf", PDF), by=world.member_user
    )
    cluster_services.cluster_year_update(
        cluster_year=world.year, self_assessment_deadline=yesterday(), by=None
    )
    client.force_login(world.member_user)
    client.post(
        url("evidence_add", assessment.pk, score.criterion_id),
        {"file": SimpleUploadedFile("b.pdf", PDF)},
    )
    client.post(url("evidence_delete", evidence.pk), CONFIRM)
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["a.pdf"]


def test_the_member_deletes_its_evidence_while_it_may_edit(client, world, open_assessment):
    assessment = open_assessment("C")
    score = assessment.scores.get(criterion__code="1.1")
    evidence = services.evidence_add(
        score=score, upload=SimpleUploadedFile("a.pdf", PDF), by=world.member_user
    )
    client.force_login(world.secretariat_user)
    assert client.post(url("evidence_delete", evidence.pk), CONFIRM).status_code == 403
    client.force_login(world.member_user)
    assert client.post(url("evidence_delete", evidence.pk), {}).status_code == 400  # not ticked
    assert Evidence.objects.exists()
    assert client.post(url("evidence_delete", evidence.pk), CONFIRM).status_code == 302
    assert not Evidence.objects.exists()


def test_deleting_the_only_file_a_criterion_requires_says_so_first(client, world, open_assessment):
    assessment = open_assessment("C")
    score = assessment.scores.get(criterion__code="1.1")  # requires evidence
    evidence = services.evidence_add(
        score=score, upload=SimpleUploadedFile("a.pdf", PDF), by=world.member_user
    )
    client.force_login(world.member_user)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        page = client.get(url("evidence_delete", evidence.pk)).content.decode()
    assert "“a.pdf” is deleted from criterion 1.1" in page
    assert "Criterion 1.1 requires evidence" in page
    assert 'name="confirm"' in page
    assert Evidence.objects.exists()


# Nobody else's assessment -------------------------------------------------------------------


def test_another_member_sees_nothing_of_the_assessment(client, world, open_assessment):
    assessment = open_assessment("C")
    score = assessment.scores.get(criterion__code="1.1")
    evidence = services.evidence_add(
        score=score, upload=SimpleUploadedFile("a.pdf", PDF), by=world.member_user
    )
    for user in (world.other_member_user, world.stranger_user):
        client.force_login(user)
        for address in (
            url("assessment", assessment.pk),
            url("assessment_self", assessment.pk),
            url("assessment_explain", assessment.pk),
            url("score_history", assessment.pk, score.criterion_id),
            url("evidence_download", evidence.pk),
        ):
            assert client.get(address).status_code == 404, (user, address)
        assert client.post(url("evidence_delete", evidence.pk), CONFIRM).status_code == 404
        assert client.post(url("assessment_submit", assessment.pk)).status_code == 404
        response = client.post(
            url("evidence_add", assessment.pk, score.criterion_id),
            {"file": SimpleUploadedFile("b.pdf", PDF)},
        )
        assert response.status_code == 404
    assert Evidence.objects.count() == 1


def test_the_secretariat_sees_the_assessment_but_cannot_fill_it(client, world, open_assessment):
    assessment = open_assessment("C")
    score = assessment.scores.get(criterion__code="1.1")
    client.force_login(world.secretariat_user)
    assert client.get(url("assessment", assessment.pk)).status_code == 200
    assert client.get(url("score_history", assessment.pk, score.criterion_id)).status_code == 200
    assert client.get(url("assessment_self", assessment.pk)).status_code == 403
    assert client.post(url("assessment_submit", assessment.pk)).status_code == 403


def test_only_a_reviewer_is_offered_the_review_page(client, world, open_assessment):
    assessment = open_assessment("C")
    review = url("assessment_review", assessment.pk)
    client.force_login(world.member_user)
    response = client.get(url("assessment", assessment.pk))
    assert response.context["can_review"] is False
    assert review not in response.content.decode()
    client.force_login(world.secretariat_user)
    assert review in client.get(url("assessment", assessment.pk)).content.decode()


# Explanation after a return ---------------------------------------------------------------


def test_the_member_explains_after_a_return_and_sends_it(client, world, open_assessment):
    assessment = submit_self(
        open_assessment("C"),
        {"1.1": "0", "1.2": "5", "1.3": "3", "2.1": ("90", "100")},
        by=world.member_user,
        evidence=False,
    )
    ids = by_code(assessment)
    assessment = services.assessment_save_review(
        assessment=assessment,
        entries={ids["1.3"]: Entered(Decimal("2"), "Đoàn thứ ba chưa có văn bản?")},
        revision=assessment.revision,
        by=world.secretariat_user,
    )
    services.assessment_return(
        assessment=assessment, comment="Đề nghị giải trình mục 1.3", by=world.secretariat_user
    )
    client.force_login(world.member_user)
    page = client.get(url("assessment_explain", assessment.pk))
    assert page.status_code == 200 and page.context["editable"] is True
    assert "Đoàn thứ ba chưa có văn bản?" in page.content.decode()
    assert "Đề nghị giải trình mục 1.3" in page.content.decode()
    data = form_data(
        client,
        assessment,
        page="assessment_explain",
        value_1_3="3",
        note_1_3="Công văn số 12/UBND-NV đính kèm",
    )
    response = client.post(url("assessment_explain", assessment.pk), data)
    assert response.status_code == 302
    score = Score.objects.get(assessment=assessment, criterion__code="1.3")
    assert (score.self_value, score.reviewed_value, score.explained_value) == (3, 2, 3)
    assert score.explanation == "Công văn số 12/UBND-NV đính kèm"
    response = client.post(
        url("assessment_send_explanation", assessment.pk), {"comment": "Đã bổ sung"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.EXPLAINED
    event = assessment.events.order_by("at", "pk").last()
    assert (event.action, event.comment) == (AssessmentEvent.Action.EXPLAINED, "Đã bổ sung")
    assert client.get(url("assessment_explain", assessment.pk)).context["editable"] is False


def test_explaining_before_a_return_is_refused(client, world, open_assessment):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    data = form_data(client, assessment, page="assessment_explain", value_1_1="5")
    assert client.post(url("assessment_explain", assessment.pk), data).status_code == 400
    assert not Score.objects.filter(explained_value__isnull=False).exists()
    client.post(url("assessment_send_explanation", assessment.pk))
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


# History --------------------------------------------------------------------------------------


def test_the_history_shows_each_change_with_who_made_it(client, world, open_assessment):
    world.member_user.full_name = "Nguyễn Văn Chấm"
    world.member_user.save()
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    for typed in ("7,5", "8"):
        data = form_data(client, assessment, value_1_1=typed)
        assert client.post(url("assessment_self", assessment.pk), data).status_code == 302
    criterion = by_code(assessment)["1.1"]
    score = Score.objects.get(assessment=assessment, criterion_id=criterion)
    assert LogEntry.objects.get_for_object(score).count() >= 2
    response = client.get(url("score_history", assessment.pk, criterion))
    assert response.status_code == 200
    changes = [
        (label, before, after)
        for happening in response.context["happenings"]
        for label, before, after in happening.changes
    ]
    with translation.override(settings.LANGUAGE_CODE):
        label = str(Score._meta.get_field("self_value").verbose_name)
    assert [
        (before, after) for name, before, after in changes if name.lower() == label.lower()
    ] == [
        ("", "7,5"),
        ("7,5", "8"),
    ]
    assert {happening.by for happening in response.context["happenings"]} == {world.member_user}
    assert "Nguyễn Văn Chấm" in response.content.decode()


def test_the_history_lists_evidence_put_up_and_taken_down(client, world, open_assessment):
    assessment = open_assessment("C")
    score = assessment.scores.get(criterion__code="1.1")
    client.force_login(world.member_user)
    client.post(
        url("evidence_add", assessment.pk, score.criterion_id),
        {"file": SimpleUploadedFile("ban-dau.pdf", PDF)},
    )
    client.post(url("evidence_delete", Evidence.objects.get().pk), CONFIRM)
    other = assessment.scores.get(criterion__code="1.2")
    services.evidence_add(score=other, upload=SimpleUploadedFile("khac.pdf", PDF), by=None)
    response = client.get(url("score_history", assessment.pk, score.criterion_id))
    named = [h.comment for h in response.context["happenings"]]
    assert named == ["ban-dau.pdf", "ban-dau.pdf"]


# Query budgets ---------------------------------------------------------------------------------


def _big_criteria(groups: int = 6, per_group: int = 9) -> list[CriterionData]:
    rows = []
    kinds = [Kind.POINTS, Kind.PASS_FAIL, Kind.PER_OCCURRENCE, Kind.QUANTITATIVE, Kind.BONUS]
    for group in range(1, groups + 1):
        rows.append(CriterionData(str(group), f"Nhóm {group}", Kind.GROUP, Decimal("50")))
        for index in range(1, per_group + 1):
            kind = kinds[index % len(kinds)]
            rows.append(
                CriterionData(
                    f"{group}.{index}",
                    f"Tiêu chí {group}.{index}",
                    kind,
                    Decimal("5"),
                    points_per_occurrence=Decimal("1") if kind == Kind.PER_OCCURRENCE else None,
                    evidence_required=index == 1,
                )
            )
    return rows


def _queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["assessment_self", "assessment", "assessment_explain"])
def test_the_pages_of_an_assessment_do_not_grow_with_the_criteria(
    client, world, open_assessment, page
):
    assessment = open_assessment("C")
    client.force_login(world.member_user)

    def with_evidence():
        for score in assessment.scores.all()[:3]:
            services.evidence_add(score=score, upload=SimpleUploadedFile("a.pdf", PDF), by=None)

    with_evidence()
    few = _queries(client, url(page, assessment.pk))
    Evidence.objects.all().delete()
    services.criteria_replace(cluster_year=world.year, rows=_big_criteria(), by=None)
    assert assessment.scores.count() == 54
    with_evidence()
    many = _queries(client, url(page, assessment.pk))
    assert many == few, f"{few} queries with 6 criteria, {many} with 54"
    assert few <= 15


def test_the_list_does_not_grow_with_the_members(client, world, open_assessment, make_agency):
    for letter in "ABCD":
        open_assessment(letter)
    client.force_login(world.secretariat_user)
    few = _queries(client, url("assessment_list", world.year.pk))
    for index in range(6):
        membership = cluster_services.membership_add(
            cluster_year=world.year, agency=make_agency(f"Tỉnh thêm {index}"), by=None
        )
        services.assessment_open(membership=membership, by=None)
    many = _queries(client, url("assessment_list", world.year.pk))
    assert many == few
