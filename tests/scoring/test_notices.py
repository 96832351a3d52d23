"""Who is told what, and who is not: one test per moment someone must act or learn an outcome.

In the world (tests/conftest.py) A is the head (secretariat), B the first deputy, C and D
members, E (`stranger`) a member of another cluster. A member never learns of another
member's assessment.
"""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from clusters import services as cluster_services
from clusters.models import Conference, Notification, User
from clusters.notifications import digest_send
from scoring import services
from scoring.models import AwardType, Ballot
from scoring.services import Tally
from tests.fixtures.scoring import CRITERIA, FLAG, SELF_SCORES, submit_self


@pytest.fixture(autouse=True)
def in_vietnamese(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("vi"):
        yield


@pytest.fixture
def with_email(world):
    for user in User.objects.all():
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    return world


def told(world) -> dict[str, list[Notification]]:
    """Notifications by role, for the world's cast."""
    cast = {
        "member": world.member_user,
        "other_member": world.other_member_user,
        "secretariat": world.secretariat_user,
        "deputy": world.deputy_user,
        "ministry": world.ministry_user,
        "stranger": world.stranger_user,
    }
    return {role: list(Notification.objects.filter(user=user)) for role, user in cast.items()}


def receivers(world) -> set[str]:
    return {role for role, notes in told(world).items() if notes}


def submitted(world, letter: str):
    assessment = services.assessment_open(membership=world.memberships[letter], by=None)
    return submit_self(assessment, SELF_SCORES | {"1.3": "1"})


def test_a_return_tells_the_members_staff_only(
    world, criteria, with_email, django_capture_on_commit_callbacks
):
    assessment = submitted(world, "C")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_return(
            assessment=assessment, comment="Bổ sung minh chứng 1.1", by=world.secretariat_user
        )
    assert receivers(world) == {"member"}
    (note,) = told(world)["member"]
    assert "câu hỏi" in note.subject
    assert note.url == f"/assessments/{assessment.pk}/explain/"
    (message,) = mail.outbox
    assert message.to == ["member@example.vn"]
    assert "Bổ sung minh chứng 1.1" in message.body
    assert f"/assessments/{assessment.pk}/explain/" in message.body


def test_an_explanation_tells_the_reviewers(world, criteria):
    assessment = submitted(world, "C")
    assessment = services.assessment_return(assessment=assessment, comment="?", by=None)
    Notification.objects.all().delete()
    services.assessment_send_explanation(assessment=assessment, comment="Đã bổ sung", by=None)
    assert receivers(world) == {"secretariat"}
    assert told(world)["secretariat"][0].url == f"/assessments/{assessment.pk}/review/"


def test_the_heads_own_explanation_goes_to_the_deputy(world, criteria):
    assessment = submitted(world, "A")
    assessment = services.assessment_return(assessment=assessment, comment="?", by=None)
    assert receivers(world) == {"secretariat"}  # A's staff are told of A's return
    Notification.objects.all().delete()
    services.assessment_send_explanation(assessment=assessment, comment="", by=None)
    assert receivers(world) == {"deputy"}


def test_finalised_and_reopened_tell_the_member(world, criteria):
    assessment = submitted(world, "D")
    Notification.objects.all().delete()
    assessment = services.assessment_finalise(assessment=assessment, by=None)
    assert receivers(world) == {"other_member"}
    Notification.objects.all().delete()
    until = timezone.localdate() + datetime.timedelta(days=10)
    services.assessment_reopen(assessment=assessment, until=until, reason="Sai số liệu", by=None)
    assert receivers(world) == {"other_member"}
    (note,) = told(world)["other_member"]
    assert until.strftime("%d/%m/%Y") in note.subject
    assert note.body == "Sai số liệu"


def test_amended_criteria_tell_every_member(world, criteria):
    submitted(world, "C")  # scoring started: a change makes version 2
    Notification.objects.all().delete()
    rows = [*CRITERIA]
    rows[1] = dataclasses.replace(rows[1], title="Hoàn thành kế hoạch đối ngoại (sửa đổi)")
    amended = services.criteria_replace(cluster_year=world.year, rows=rows, by=None, note="Sơ kết")
    assert amended.version == 2
    assert receivers(world) == {"member", "other_member", "secretariat", "deputy"}


def test_criteria_written_before_anyone_scored_tell_nobody(world, criteria):
    Notification.objects.all().delete()
    services.criteria_replace(cluster_year=world.year, rows=CRITERIA[:3], by=None)
    assert receivers(world) == set()


def test_the_published_ranking_tells_every_member(year_end):
    # year_end publishes; the stranger's cluster is not told
    notes = told(year_end)
    published = {
        role for role, found in notes.items() if any("công bố" in n.subject for n in found)
    }
    assert published == {"member", "other_member", "secretariat", "deputy"}


def test_the_vote_tells_the_members_when_it_opens_and_closes_with_its_result(year_end):
    w = year_end
    flag = AwardType.objects.get(name=FLAG)
    ballot = services.ballot_create(conference=w.year_end, method=Ballot.Method.ONLINE, by=None)
    proposal = services.proposal_add(
        ballot=ballot, membership=w.memberships["C"], award_type=flag, by=None
    )
    Notification.objects.all().delete()
    ballot = services.ballot_open(ballot=ballot, by=None)
    assert receivers(w) == {"member", "other_member", "secretariat", "deputy"}
    for letter in "ABCD":
        services.ballot_cast(
            ballot=ballot, membership=w.memberships[letter], choices={proposal.pk: "for"}, by=None
        )
    Notification.objects.all().delete()
    services.ballot_close(ballot=ballot, by=None)
    assert receivers(w) == {"member", "other_member", "secretariat", "deputy"}
    body = told(w)["other_member"][0].body
    assert "Phú Thọ" in body and "4" in body and "đạt" in body


def test_a_paper_tally_also_tells_the_result(year_end):
    w = year_end
    flag = AwardType.objects.get(name=FLAG)
    ballot = services.ballot_create(conference=w.year_end, method=Ballot.Method.PAPER, by=None)
    proposal = services.proposal_add(
        ballot=ballot, membership=w.memberships["D"], award_type=flag, by=None
    )
    Notification.objects.all().delete()
    services.ballot_record_tally(ballot=ballot, tallies={proposal.pk: Tally(4, 1, 3, 0)}, by=None)
    assert "không đạt" in told(w)["member"][0].body


def test_a_conference_recorded_tells_the_members(world, make_conference):
    Notification.objects.all().delete()
    make_conference(
        world.year,
        kind=Conference.Kind.MID_YEAR,
        title="Hội nghị sơ kết 6 tháng",
        starts_on=datetime.date(2025, 7, 15),
        place="Thái Nguyên",
    )
    assert receivers(world) == {"member", "other_member", "secretariat", "deputy"}


def test_a_moved_deadline_tells_the_members_but_a_first_one_does_not(world):
    Notification.objects.all().delete()
    cluster_services.cluster_year_update(
        cluster_year=world.year, by=None, self_assessment_deadline=datetime.date(2025, 12, 1)
    )
    assert receivers(world) == set()
    cluster_services.cluster_year_update(
        cluster_year=world.year, by=None, self_assessment_deadline=datetime.date(2025, 12, 10)
    )
    assert receivers(world) == {"member", "other_member", "secretariat", "deputy"}
    assert "10/12/2025" in told(world)["member"][0].body


def test_the_digest_and_none_keep_the_list_complete(
    world, criteria, with_email, make_conference, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=world.member_user.pk).update(notification_mail=User.Mail.DIGEST)
    User.objects.filter(pk=world.other_member_user.pk).update(notification_mail=User.Mail.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        cluster_services.cluster_year_update(
            cluster_year=world.year, by=None, self_assessment_deadline=datetime.date(2025, 12, 1)
        )
        cluster_services.cluster_year_update(
            cluster_year=world.year, by=None, self_assessment_deadline=datetime.date(2025, 12, 9)
        )
        make_conference(
            world.year,
            kind=Conference.Kind.OTHER,
            title="Hội nghị chuyên đề",
            starts_on=datetime.date(2025, 10, 1),
            place="Hà Nội",
        )
    immediate = {message.to[0] for message in mail.outbox}
    assert "member@example.vn" not in immediate and "other_member@example.vn" not in immediate
    assert "secretariat@example.vn" in immediate
    assert len(told(world)["member"]) == 2 and len(told(world)["other_member"]) == 2
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 1
    (digest,) = mail.outbox
    assert digest.to == ["member@example.vn"]
    assert "2" in digest.subject
    assert "09/12/2025" in digest.body and "Hội nghị chuyên đề" in digest.body
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 0  # each notification goes out once
    assert len(mail.outbox) == 1
