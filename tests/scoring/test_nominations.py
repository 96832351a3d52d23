"""Nominations: eligibility check by check, the workflow to the ministry's decision and every
refusal on the way; notifications and reminders."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from clusters.models import Notification, OutboxEmail
from scoring import services
from scoring.eligibility import nomination_checks
from scoring.models import AwardType, Ballot, Nomination, NominationEvent, RankingPublication
from scoring.services import Tally
from tests.fixtures.scoring import FLAG, MERIT

pytestmark = pytest.mark.usefixtures("english_messages")

GOVERNMENT_FLAG = "Cờ thi đua của Chính phủ"
State = Nomination.State


def award(name: str) -> AwardType:
    return AwardType.objects.get(name=name)


def voted(w, proposals, votes_for: int = 4):
    """A closed paper ballot on `proposals` [(letter, award name)], each with `votes_for` of
    the 4 members for; returns the proposals in order."""
    ballot = services.ballot_create(conference=w.year_end, method=Ballot.Method.PAPER, by=None)
    made = [
        services.proposal_add(
            ballot=ballot, membership=w.memberships[letter], award_type=award(name), by=None
        )
        for letter, name in proposals
    ]
    services.ballot_record_tally(
        ballot=ballot,
        tallies={p.pk: Tally(4, votes_for, 4 - votes_for, 0) for p in made},
        by=None,
    )
    return made


def prepared(w, letter="C", name=FLAG, votes_for=4, report="Báo cáo thành tích năm 2025."):
    (proposal,) = voted(w, [(letter, name)], votes_for)
    nomination = services.nomination_create(proposal=proposal, by=w.secretariat_user)
    if report:
        nomination = services.nomination_update(
            nomination=nomination, achievement_report=report, by=w.secretariat_user
        )
    return nomination


def failed(nomination) -> dict[str, str]:
    """The failed checks of the nomination as stored now, by label."""
    nomination = Nomination.objects.get(pk=nomination.pk)
    return {c.label: c.detail for c in nomination_checks(nomination) if not c.passed}


# Eligibility, one rule at a time --------------------------------------------------------------


def test_a_leading_unit_with_a_passed_vote_meets_every_check(year_end):
    assert failed(prepared(year_end)) == {}


def test_an_unpublished_ranking_fails_the_check(year_end):
    nomination = prepared(year_end)
    RankingPublication.objects.filter(cluster_year=year_end.year).delete()
    assert list(failed(nomination)) == ["The year's ranking is published"]


def test_an_assessment_that_is_not_final_fails_the_check(year_end):
    nomination = prepared(year_end)
    assessment = nomination.membership.assessments.get()
    assessment.status = "explained"
    assessment.save()
    assert failed(nomination) == {
        "The unit's assessment is final": "Its assessment is “Explained”."
    }


def test_a_vote_below_the_threshold_fails_the_check(year_end):
    nomination = prepared(year_end, votes_for=3)  # 75% of 4 < 80%
    assert failed(nomination) == {"The vote passed": "3 of 4 members voted for; 4 were needed."}


def test_an_ongoing_inspection_fails_the_check_and_its_end_lifts_it(year_end):
    nomination = prepared(year_end)
    record = services.standing_record_add(
        agency=year_end.agencies["C"],
        kind="inspection",
        started_on=datetime.date(2025, 11, 1),
        note="Thanh tra công vụ",
        by=year_end.ministry_user,
    )
    problems = failed(nomination)
    label = "No discipline, inspection, investigation or unresolved complaint"
    assert problems == {label: "Under inspection since 01/11/2025"}
    services.standing_record_end(
        record=record, ended_on=datetime.date(2025, 11, 20), by=year_end.ministry_user
    )
    assert failed(nomination) == {}


def test_a_unit_below_the_excellent_threshold_fails_the_flags_standard(year_end):
    nomination = prepared(year_end, letter="B")  # 18 points; "excellent" from 35
    assert failed(nomination) == {
        "The unit is classified “excellent”": "Its total is 18; “excellent” starts at 35."
    }


def test_one_ministry_flag_per_cluster(year_end):
    flag_c, flag_d = voted(year_end, [("C", FLAG), ("D", FLAG)])
    first = services.nomination_create(proposal=flag_c, by=None)
    services.nomination_update(nomination=first, achievement_report="x", by=None)
    services.nomination_submit(nomination=first, comment="", by=None)
    second = services.nomination_create(proposal=flag_d, by=None)
    assert failed(second) == {
        "The quota for this award is not exceeded": (
            "The quota is 1 (at most 1 per cluster and year); 1 nomination is already filed."
        )
    }
    services.nomination_return(nomination=first, comment="Bổ sung", by=None)  # still filed
    assert failed(second)
    services.nomination_submit(nomination=first, comment="", by=None)
    services.nomination_reject(nomination=first, reason="Không đủ điều kiện", by=None)
    assert failed(second) == {}  # a rejected nomination no longer counts


def test_the_government_flag_goes_to_at_most_20_percent_of_the_units_meeting_the_flag(year_end):
    nomination = prepared(year_end, name=GOVERNMENT_FLAG)
    # C, D and A met the ministry flag's standard ("excellent"): 20% of 3 is 0.6, so none.
    assert failed(nomination) == {
        "The quota for this award is not exceeded": (
            "The quota is 0 (20% of the 3 units that met the standard of "
            "“Cờ thi đua của Bộ Ngoại giao”); 0 nominations are already filed."
        )
    }
    year_end.year.excellent_min = Decimal("0")  # all 4 meet it... still 0.8 → 0
    year_end.year.save()
    gov = award(GOVERNMENT_FLAG)
    gov.quota_percent = Decimal("25")
    gov.save()
    assert failed(nomination) == {}  # 25% of 4 = 1


# The workflow -----------------------------------------------------------------------------------


def test_submit_return_resubmit_approve(year_end):
    w = year_end
    nomination = prepared(w)
    nomination = services.nomination_submit(nomination=nomination, comment="Kính gửi", by=None)
    assert nomination.state == State.SUBMITTED
    nomination = services.nomination_return(
        nomination=nomination, comment="Bổ sung báo cáo thành tích", by=w.ministry_user
    )
    assert nomination.state == State.RETURNED
    nomination = services.nomination_update(
        nomination=nomination, achievement_report="Báo cáo đã bổ sung.", by=None
    )
    nomination = services.nomination_submit(nomination=nomination, comment="", by=None)
    assert nomination.state == State.RESUBMITTED
    nomination = services.nomination_approve(
        nomination=nomination,
        number="15/QĐ-BNG",
        date=datetime.date(2026, 2, 1),
        signer="Thứ trưởng",
        by=w.ministry_user,
    )
    nomination.refresh_from_db()
    assert (nomination.state, nomination.decision_number) == (State.APPROVED, "15/QĐ-BNG")
    steps = list(nomination.events.values_list("action", "by", "comment"))
    assert steps == [
        ("created", w.secretariat_user.pk, ""),
        ("submitted", None, "Kính gửi"),
        ("returned", w.ministry_user.pk, "Bổ sung báo cáo thành tích"),
        ("resubmitted", None, ""),
        ("approved", w.ministry_user.pk, "Decision 15/QĐ-BNG of 01/02/2026, signed by Thứ trưởng"),
    ]


def test_an_ineligible_nomination_cannot_be_submitted_and_stays_a_draft(year_end):
    nomination = prepared(year_end, votes_for=3)
    with pytest.raises(ValidationError, match="The vote passed"):
        services.nomination_submit(nomination=nomination, comment="", by=None)
    nomination.refresh_from_db()
    assert nomination.state == State.DRAFT
    assert not nomination.events.filter(action=NominationEvent.Action.SUBMITTED).exists()


def test_a_nomination_needs_its_achievement_report(year_end):
    nomination = prepared(year_end, report="")
    with pytest.raises(ValidationError, match="achievement report"):
        services.nomination_submit(nomination=nomination, comment="", by=None)


def test_a_decision_without_a_number_is_refused(year_end):
    nomination = services.nomination_submit(nomination=prepared(year_end), comment="", by=None)
    with pytest.raises(ValidationError) as refused:
        services.nomination_approve(
            nomination=nomination, number=" ", date=None, signer="", by=None
        )
    assert set(refused.value.message_dict) == {
        "decision_number",
        "decision_date",
        "decision_signer",
    }
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED


def test_approving_twice_is_refused(year_end):
    nomination = services.nomination_submit(nomination=prepared(year_end), comment="", by=None)
    decision = {"number": "1/QĐ", "date": datetime.date(2026, 1, 5), "signer": "Bộ trưởng"}
    services.nomination_approve(nomination=nomination, by=None, **decision)
    with pytest.raises(ValidationError, match="already decided"):
        services.nomination_approve(nomination=nomination, by=None, **{**decision, "number": "2"})
    nomination.refresh_from_db()
    assert nomination.decision_number == "1/QĐ"
    assert nomination.events.filter(action="approved").count() == 1


def test_a_rejected_nomination_is_final(year_end):
    nomination = services.nomination_submit(nomination=prepared(year_end), comment="", by=None)
    with pytest.raises(ValidationError):
        services.nomination_reject(nomination=nomination, reason="  ", by=None)
    services.nomination_reject(nomination=nomination, reason="Chưa đủ tiêu chuẩn", by=None)
    with pytest.raises(ValidationError, match="already decided"):
        services.nomination_submit(nomination=nomination, comment="", by=None)
    with pytest.raises(ValidationError, match="already decided"):
        services.nomination_update(nomination=nomination, achievement_report="x", by=None)


def test_a_return_needs_a_comment(year_end):
    nomination = services.nomination_submit(nomination=prepared(year_end), comment="", by=None)
    with pytest.raises(ValidationError):
        services.nomination_return(nomination=nomination, comment="", by=None)


def test_a_proposal_has_one_nomination_and_only_after_the_vote(year_end):
    nomination = prepared(year_end)
    with pytest.raises(ValidationError, match="already has its nomination"):
        services.nomination_create(proposal=nomination.proposal, by=None)


def test_a_unit_that_left_the_cluster_cannot_be_nominated(year_end):
    (proposal,) = voted(year_end, [("D", MERIT)])
    membership = proposal.membership
    membership.left_on = datetime.date(2025, 12, 20)
    membership.save()
    with pytest.raises(ValidationError, match="not a member of the cluster in 2025"):
        services.nomination_create(proposal=proposal, by=None)
    assert not Nomination.objects.exists()


# Notifications ----------------------------------------------------------------------------------


def test_the_ministry_is_told_of_a_filing_and_the_cluster_of_the_decision(
    year_end, django_capture_on_commit_callbacks
):
    w = year_end
    for user in (w.ministry_user, w.secretariat_user, w.member_user, w.other_member_user):
        user.email = f"{user.username}@example.vn"
        user.save()
    nomination = prepared(w)
    OutboxEmail.objects.all().delete()  # the vote it comes from told the members of its result
    with django_capture_on_commit_callbacks(execute=True):
        nomination = services.nomination_submit(nomination=nomination, comment="", by=None)
    assert [m.to for m in mail.outbox] == [["ministry@example.vn"]]
    assert Notification.objects.filter(user=w.ministry_user).count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_reject(nomination=nomination, reason="Thiếu hồ sơ", by=None)
    told = sorted(address for message in mail.outbox for address in message.to)
    # The secretariat (A) and the nominated unit (C); not D.
    assert told == ["member@example.vn", "secretariat@example.vn"]
    notification = Notification.objects.get(user=w.member_user, url=nomination.get_absolute_url())
    assert "Thiếu hồ sơ" in notification.body
    assert "Từ chối" in notification.subject  # written in Vietnamese


def test_reminders_go_out_once_per_deadline(year_end):
    w = year_end
    Notification.objects.all().delete()  # the year's own news (ranking published...)
    w.member_user.email = "member@example.vn"
    w.member_user.save()
    w.year.review_deadline = datetime.date(2025, 12, 10)
    w.year.save()
    today = datetime.date(2025, 12, 8)
    assert services.reminders_send(today=today) == 1
    assert services.reminders_send(today=today) == 0
    assert Notification.objects.filter(user=w.secretariat_user).count() == 1
    assert not Notification.objects.filter(user=w.member_user).exists()  # the review is A's
    w.year.review_deadline = datetime.date(2025, 12, 11)  # moved: reminded again
    w.year.save()
    assert services.reminders_send(today=today) == 1


def test_members_who_have_not_submitted_are_reminded_of_their_deadline(world, criteria):
    world.year.self_assessment_deadline = datetime.date(2025, 11, 30)
    world.year.save()
    services.assessment_submit  # noqa: B018 (C and D have not started: both are reminded)
    assert services.reminders_send(today=datetime.date(2025, 11, 28)) == 1
    reminded = set(Notification.objects.values_list("user__username", flat=True))
    assert {"member", "other_member"} <= reminded
    assert services.reminders_send(today=datetime.date(2025, 11, 29)) == 0


def test_a_mail_server_that_is_down_is_logged_and_the_filing_stands(
    year_end, django_capture_on_commit_callbacks, caplog
):
    year_end.ministry_user.email = "ministry@example.vn"
    year_end.ministry_user.save()
    nomination = prepared(year_end)
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionRefusedError,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.nomination_submit(nomination=nomination, comment="", by=None)
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED
    assert Notification.objects.filter(user=year_end.ministry_user).exists()
    assert OutboxEmail.objects.get().state == OutboxEmail.State.PENDING  # tried again later
    assert "Could not send e-mail" in caplog.text
