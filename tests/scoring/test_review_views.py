"""The reviewer's pages: review, return with questions, final scores, reopening, carry-over.

Member C (staff `member_user`) is assessed; the secretariat is A's staff, A being the head;
B's staff (`deputy_user`) review A's own assessment.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring import services
from scoring.models import Assessment, AssessmentEvent, RankingPublication, Score
from scoring.services import Entered
from tests.fixtures.scoring import CRITERIA, by_code, page_form_data, submit_self
from tests.permissions import user_for

Status = Assessment.Status
CONFIRM = {"confirm": "on"}  # the box of the page that asks before finalising

# What a member enters: a value, or (actual, target) for the criterion against a target.
SELF = {"1.1": "9", "1.2": "5", "1.3": "2", "2.1": ("120", "100"), "3.1": "1", "3.2": "0"}

# Who may review (and reopen) C's assessment: the year's secretariat and the superusers.
REVIEWS_C = [
    ("member", 403),  # its own assessment
    ("other_member", 404),  # another member never sees it
    ("deputy", 404),  # a deputy is another member here: it does not run this year
    ("ministry", 403),
    ("stranger", 404),
    ("secretariat", 200),
    ("superuser", 200),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def submitted(open_assessment, world):
    """submitted("C") → C's assessment, filled with SELF and submitted."""

    def make(letter: str, values=SELF) -> Assessment:
        return submit_self(open_assessment(letter), values, by=world.member_user)

    return make


def review_url(assessment: Assessment, name: str = "assessment_review") -> str:
    return reverse(f"scoring:{name}", args=[assessment.pk])


def form_data(client, assessment: Assessment, **by_code_values) -> dict:
    """What the review page's form sends as it stands, with some values and comments changed:
    form_data(client, a, value_1_1="7,5", comment_1_1="Why?")."""
    return page_form_data(client, review_url(assessment), assessment, **by_code_values)


def score(assessment: Assessment, code: str) -> Score:
    return Score.objects.get(assessment=assessment, criterion__code=code)


def reload(assessment: Assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def review_1_1_to_6(assessment: Assessment, *, by) -> Assessment:
    """A review saved through the services (not the page): 1.1 brought down to 6."""
    return services.assessment_save_review(
        assessment=assessment,
        entries={by_code(assessment)["1.1"]: Entered(Decimal("6"))},
        revision=reload(assessment).revision,
        by=by,
    )


# The review --------------------------------------------------------------------------------


def test_the_reviewer_sees_self_scores_notes_evidence_and_the_formula(client, world, submitted):
    assessment = submitted("C")
    evidence = score(assessment, "1.1").evidence.get()
    client.force_login(world.secretariat_user)
    response = client.get(review_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("scoring:evidence_download", args=[evidence.pk]) in html
    assert "minh-chung.pdf" in html
    rows = {row["criterion"].code: row for row in response.context["rows"]}
    # C is the only one with a figure: its ratio 1.2 is the best, so 2.1 is worth the maximum.
    assert rows["2.1"]["points"] == Decimal("20.00")
    assert rows["2.1"]["formula"] in html
    assert "120" in rows["2.1"]["formula"]
    assert rows["1.3"]["points"] == Decimal("4")  # 2 occurrences × 2
    # The inputs start from the member's own values, written as a person would type them.
    form = response.context["form"]
    assert form[f"value_{by_code(assessment)['1.1']}"].value() == Decimal("9")
    assert form["revision"].value() == assessment.revision
    assert response.context["can_reopen"] is False  # under review: return it instead


def test_the_reviewer_saves_reviewed_scores_and_questions(client, world, submitted):
    assessment = submitted("C")
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, value_1_1="7,5", comment_1_1="Minh chứng chưa đủ?")
    response = client.post(review_url(assessment), data)
    assert response.status_code == 302
    assert score(assessment, "1.1").reviewed_value == Decimal("7.5")
    assert score(assessment, "1.1").review_comment == "Minh chứng chưa đủ?"
    assert score(assessment, "1.1").self_value == Decimal("9")  # the self score is kept
    assert score(assessment, "1.2").reviewed_value == Decimal("5")
    assert reload(assessment).status == Status.SUBMITTED


def test_review_return_explanation_and_final_scores(client, world, submitted):
    assessment = submitted("C")
    ids = by_code(assessment)
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, value_1_1="7", comment_1_1="Kế hoạch đã được duyệt chưa?")
    assert client.post(review_url(assessment), data).status_code == 302

    data = form_data(client, assessment) | {"comment": "Đề nghị giải trình mục 1.1."}
    response = client.post(review_url(assessment, "assessment_return"), data)
    assert response.status_code == 302
    assessment = reload(assessment)
    assert assessment.status == Status.RETURNED
    returned = assessment.events.get(action=AssessmentEvent.Action.RETURNED)
    assert returned.comment == "Đề nghị giải trình mục 1.1."
    assert returned.by == world.secretariat_user

    # The member answers and adjusts 1.1.
    assessment = services.assessment_save_explanation(
        assessment=assessment,
        entries={ids["1.1"]: Entered(Decimal("8.5"), "Kế hoạch số 12/KH-SNgV đã được duyệt.")},
        revision=assessment.revision,
        by=world.member_user,
    )
    services.assessment_send_explanation(assessment=assessment, comment="", by=world.member_user)

    # The final value starts from the explanation; the reviewer settles on 8.
    response = client.get(review_url(assessment))
    assert response.context["stage"] == "final"
    assert response.context["form"][f"value_{ids['1.1']}"].value() == Decimal("8.5")
    assert "12/KH-SNgV" in response.content.decode()
    data = form_data(client, assessment, value_1_1="8")
    assert client.post(review_url(assessment), data).status_code == 302
    assert score(assessment, "1.1").final_value == Decimal("8")
    assert score(assessment, "1.1").explained_value == Decimal("8.5")

    assert client.post(review_url(assessment, "assessment_finalise"), CONFIRM).status_code == 302
    assessment = reload(assessment)
    assert assessment.status == Status.FINAL
    assert score(assessment, "1.1").final_value == Decimal("8")
    assert score(assessment, "1.2").final_value == Decimal("5")
    assert assessment.events.filter(action=AssessmentEvent.Action.FINALISED).exists()


def test_finalising_a_submission_keeps_the_reviewed_else_the_self_values(client, world, submitted):
    assessment = submitted("C")
    review_1_1_to_6(assessment, by=world.secretariat_user)
    client.force_login(world.secretariat_user)
    assert client.post(review_url(assessment, "assessment_finalise"), CONFIRM).status_code == 302
    assert score(assessment, "1.1").final_value == Decimal("6")
    assert score(assessment, "1.3").final_value == Decimal("2")


def test_returning_without_a_comment_or_question_is_refused(client, world, submitted):
    assessment = submitted("C")
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, value_1_1="6") | {"comment": "  "}
    response = client.post(review_url(assessment, "assessment_return"), data)
    assert response.status_code == 400
    assert response.context["return_form"].errors["comment"]
    assert reload(assessment).status == Status.SUBMITTED
    # Nothing is saved, and the page keeps the score the reviewer typed.
    assert score(assessment, "1.1").reviewed_value is None
    ids = by_code(assessment)
    assert response.context["form"][f"value_{ids['1.1']}"].value() == "6"


def test_returning_saves_the_scores_and_questions_typed_on_the_page(client, world, submitted):
    assessment = submitted("C")
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, value_1_1="6", comment_1_1="Thiếu minh chứng?")
    data["comment"] = "Đề nghị giải trình."
    assert client.post(review_url(assessment, "assessment_return"), data).status_code == 302
    assert reload(assessment).status == Status.RETURNED
    assert score(assessment, "1.1").reviewed_value == Decimal("6")
    assert score(assessment, "1.1").review_comment == "Thiếu minh chứng?"


def test_a_wrong_value_typed_before_returning_is_shown_beside_its_score(client, world, submitted):
    assessment = submitted("C")
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, value_1_1="11") | {"comment": "Đề nghị giải trình."}
    response = client.post(review_url(assessment, "assessment_return"), data)
    assert response.status_code == 400
    ids = by_code(assessment)
    assert response.context["form"].errors[f"value_{ids['1.1']}"]
    assert reload(assessment).status == Status.SUBMITTED


def test_bad_values_are_refused_with_the_fields_message_and_the_others_saved(
    client, world, submitted
):
    assessment = submitted("C")
    ids = by_code(assessment)
    client.force_login(world.secretariat_user)
    # 1.1 is fine, 1.2 is pass/fail (0 or 5), 1.3 a count of occurrences.
    data = form_data(client, assessment, value_1_1="7", value_1_2="3", value_1_3="1,5")
    response = client.post(review_url(assessment), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {f"value_{ids['1.2']}", f"value_{ids['1.3']}"}
    assert "5" in errors[f"value_{ids['1.2']}"][0]
    page = response.content.decode()
    assert errors[f"value_{ids['1.2']}"][0] in page
    assert "Các nội dung khác đã được lưu" in page
    assert score(assessment, "1.1").reviewed_value == Decimal("7")
    assert score(assessment, "1.2").reviewed_value is None
    assert f'name="revision" value="{reload(assessment).revision}"' in page


def test_every_kind_of_error_shows_at_once(client, world, submitted):
    """A number that cannot be read and a value the rules refuse, in one answer."""
    assessment = submitted("C")
    ids = by_code(assessment)
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, value_1_1="bảy", value_1_3="1,5", value_3_1="2")
    response = client.post(review_url(assessment), data)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {f"value_{ids['1.1']}", f"value_{ids['1.3']}"}
    assert score(assessment, "3.1").reviewed_value == Decimal("2")


def test_text_instead_of_a_number_is_refused_by_the_form(client, world, submitted):
    assessment = submitted("C")
    ids = by_code(assessment)
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, value_1_1="bảy")
    response = client.post(review_url(assessment), data)
    assert response.status_code == 400
    assert f"value_{ids['1.1']}" in response.context["form"].errors
    assert score(assessment, "1.1").reviewed_value is None


def test_a_stale_form_is_refused(client, world, submitted):
    assessment = submitted("C")
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, value_1_1="5")
    # Someone else saves in between.
    review_1_1_to_6(assessment, by=world.superuser)
    response = client.post(review_url(assessment), data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert score(assessment, "1.1").reviewed_value == Decimal("6")


def test_a_final_assessment_cannot_be_reviewed_again(client, world, submitted):
    assessment = submitted("C")
    services.assessment_finalise(assessment=assessment, by=world.secretariat_user)
    client.force_login(world.secretariat_user)
    response = client.get(review_url(assessment))
    assert response.status_code == 200
    assert response.context["stage"] is None
    assert response.context["can_reopen"] is True
    data = form_data(client, assessment, value_1_1="1")
    response = client.post(review_url(assessment), data)
    assert response.status_code == 400
    assert score(assessment, "1.1").final_value == Decimal("9")
    response = client.post(review_url(assessment, "assessment_return"), {"comment": "?"})
    assert response.status_code == 400
    assert reload(assessment).status == Status.FINAL


def test_returning_takes_post_only(client, world, submitted):
    assessment = submitted("C")
    client.force_login(world.secretariat_user)
    assert client.get(review_url(assessment, "assessment_return")).status_code == 405


def test_finalising_asks_first_and_names_the_criteria_the_reviewer_left(client, world, submitted):
    assessment = submitted("C")
    review_1_1_to_6(assessment, by=world.secretariat_user)
    client.force_login(world.secretariat_user)
    url = review_url(assessment, "assessment_finalise")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="confirm"' in text
    assert ": 1.2, 1.3, 2.1, 3.1, 3.2." in text  # 1.1 was reviewed: the others are named
    assert reload(assessment).status == Status.SUBMITTED
    assert client.post(url, {}).status_code == 400  # the box is not ticked
    assert reload(assessment).status == Status.SUBMITTED
    assert client.post(url, CONFIRM).status_code == 302
    assert reload(assessment).status == Status.FINAL


# Who reviews -------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), REVIEWS_C)
def test_who_may_review_a_members_assessment(client, world, submitted, role, expected):
    assessment = submitted("C")
    client.force_login(user_for(world, role))
    assert client.get(review_url(assessment)).status_code == expected
    response = client.post(review_url(assessment, "assessment_finalise"), CONFIRM)
    assert response.status_code == (302 if expected == 200 else expected)


def test_the_heads_own_assessment_is_reviewed_by_the_deputy_not_by_itself(client, world, submitted):
    assessment = submitted("A")
    client.force_login(world.secretariat_user)
    assert client.get(review_url(assessment)).status_code == 403
    assert client.post(review_url(assessment, "assessment_finalise"), CONFIRM).status_code == 403
    assert (
        client.post(review_url(assessment, "assessment_return"), {"comment": "?"}).status_code
        == 403
    )
    assert reload(assessment).status == Status.SUBMITTED

    client.force_login(world.deputy_user)
    data = form_data(client, assessment, value_1_1="8")
    assert client.post(review_url(assessment), data).status_code == 302
    assert client.post(review_url(assessment, "assessment_finalise"), CONFIRM).status_code == 302
    assert reload(assessment).status == Status.FINAL
    assert score(assessment, "1.1").final_value == Decimal("8")


def test_without_a_deputy_a_ministry_reviewer_reviews_the_heads_assessment(
    client, make_agency, make_year, make_user, ministry_user
):
    head, member = make_agency("Thanh Hóa"), make_agency("Nghệ An")
    year = make_year(members=[head, member], head=head)
    services.criteria_replace(cluster_year=year, rows=CRITERIA, by=None)
    assessment = submit_self(
        services.assessment_open(membership=year.memberships.get(agency=head), by=None), SELF
    )
    client.force_login(make_user(head))
    assert client.get(review_url(assessment)).status_code == 403
    client.force_login(ministry_user)
    assert client.get(review_url(assessment)).status_code == 200
    assert client.post(review_url(assessment, "assessment_finalise"), CONFIRM).status_code == 302
    assert reload(assessment).status == Status.FINAL


# Reopening and carrying over ---------------------------------------------------------------


def finalise_all(world, submitted) -> dict[str, Assessment]:
    assessments = {letter: submitted(letter) for letter in "ABCD"}
    for letter, assessment in assessments.items():
        reviewer = world.deputy_user if letter == "A" else world.secretariat_user
        services.assessment_finalise(assessment=assessment, by=reviewer)
    return assessments


def test_reopening_records_the_reason_and_unpublishes_the_ranking(client, world, submitted):
    assessments = finalise_all(world, submitted)
    services.ranking_publish(cluster_year=world.year, by=world.secretariat_user)
    assessment = assessments["C"]
    until = timezone.localdate() + datetime.timedelta(days=10)
    client.force_login(world.secretariat_user)
    assert client.get(review_url(assessment, "assessment_reopen")).status_code == 200
    response = client.post(
        review_url(assessment, "assessment_reopen"),
        {"until": until.strftime("%d/%m/%Y"), "reason": "Bổ sung minh chứng mục 1.1"},
    )
    assert response.status_code == 302
    assessment = reload(assessment)
    assert assessment.status == Status.DRAFT
    assert assessment.deadline_extended_to == until
    assert score(assessment, "1.1").final_value is None
    event = assessment.events.get(action=AssessmentEvent.Action.REOPENED)
    assert "Bổ sung minh chứng mục 1.1" in event.comment
    assert event.by == world.secretariat_user
    assert not RankingPublication.objects.filter(cluster_year=world.year).exists()


def test_reopening_needs_a_reason_and_a_date_to_come(client, world, submitted):
    assessment = submitted("C")
    services.assessment_finalise(assessment=assessment, by=world.secretariat_user)
    client.force_login(world.secretariat_user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        review_url(assessment, "assessment_reopen"),
        {"until": yesterday.strftime("%d/%m/%Y"), "reason": "Lý do"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["until"]
    response = client.post(
        review_url(assessment, "assessment_reopen"), {"until": "31/12/2099", "reason": ""}
    )
    assert response.status_code == 400
    assert reload(assessment).status == Status.FINAL
    assert not assessment.events.filter(action=AssessmentEvent.Action.REOPENED).exists()


@pytest.mark.parametrize(("role", "expected"), REVIEWS_C)
def test_only_the_years_secretariat_reopens(client, world, submitted, role, expected):
    assessment = submitted("C")
    client.force_login(user_for(world, role))
    assert client.get(review_url(assessment, "assessment_reopen")).status_code == expected


def test_the_heads_own_assessment_is_reopened_by_its_reviewer_never_by_the_head(
    client, world, submitted
):
    assessment = submitted("A")
    services.assessment_finalise(assessment=assessment, by=world.deputy_user)
    reopen = {"until": "31/12/2099", "reason": "Đơn vị đề nghị bổ sung minh chứng"}
    client.force_login(world.secretariat_user)
    assert client.post(review_url(assessment, "assessment_reopen"), reopen).status_code == 403
    assert reload(assessment).status == Status.FINAL
    client.force_login(world.deputy_user)
    assert client.get(review_url(assessment)).status_code == 200
    response = client.post(review_url(assessment, "assessment_reopen"), reopen)
    assert response.status_code == 302
    assert reload(assessment).status == Status.DRAFT


def test_carry_over_moves_an_assessment_to_the_amended_criteria(client, world, submitted):
    assessment = submitted("C")
    amended = services.criteria_replace(
        cluster_year=world.year, rows=CRITERIA[:-1], by=None, note="Sửa đổi tại hội nghị sơ kết"
    )
    assert amended.version == 2
    client.force_login(world.member_user)
    assert client.post(review_url(assessment, "assessment_carry_over")).status_code == 403
    client.force_login(world.secretariat_user)
    response = client.get(review_url(assessment))
    assert response.context["on_current_version"] is False
    assert client.post(review_url(assessment, "assessment_carry_over")).status_code == 302
    assessment = reload(assessment)
    assert assessment.criteria_set == amended
    assert score_on(assessment, "1.1").self_value == Decimal("9")
    assert assessment.events.filter(action=AssessmentEvent.Action.CARRIED_OVER).exists()


def score_on(assessment: Assessment, code: str) -> Score:
    return Score.objects.get(
        assessment=assessment, criterion__code=code, criterion__criteria_set=assessment.criteria_set
    )


def test_returning_after_an_explanation_keeps_the_score_the_reviewer_typed(
    client, world, submitted
):
    """Second round: the member explained 1.1 as 8,5; the reviewer types 7 and returns again
    without saving first. The 7 stands (as the score the member explains against), the
    untouched criteria keep the member's values, and the review page shows the 7."""
    assessment = submitted("C")
    ids = by_code(assessment)
    client.force_login(world.secretariat_user)
    data = form_data(client, assessment, comment_1_1="Căn cứ?") | {"comment": "Giải trình 1.1"}
    assert client.post(review_url(assessment, "assessment_return"), data).status_code == 302
    assessment = services.assessment_save_explanation(
        assessment=reload(assessment),
        entries={ids["1.1"]: Entered(Decimal("8.5"), "Kế hoạch đã duyệt.")},
        revision=reload(assessment).revision,
        by=world.member_user,
    )
    services.assessment_send_explanation(assessment=assessment, comment="", by=world.member_user)

    data = form_data(client, assessment, value_1_1="7") | {"comment": "Chưa đủ căn cứ cho 8,5."}
    assert client.post(review_url(assessment, "assessment_return"), data).status_code == 302
    assert reload(assessment).status == Status.RETURNED
    typed = score(assessment, "1.1")
    assert typed.value_at("explained") == Decimal("7")
    assert typed.final_value is None  # the member's next explanation counts
    assert score(assessment, "1.3").value_at("explained") == Decimal("2")
    page = client.get(review_url(assessment))
    assert page.context["form"][f"value_{ids['1.1']}"].value() == Decimal("7")

    # The member explains again; the reviewer finalises from the new explanation.
    services.assessment_save_explanation(
        assessment=reload(assessment),
        entries={ids["1.1"]: Entered(Decimal("7.5"), "Bổ sung quyết định.")},
        revision=reload(assessment).revision,
        by=world.member_user,
    )
    services.assessment_send_explanation(
        assessment=reload(assessment), comment="", by=world.member_user
    )
    assert client.post(review_url(assessment, "assessment_finalise"), CONFIRM).status_code == 302
    assert score(assessment, "1.1").final_value == Decimal("7.5")
