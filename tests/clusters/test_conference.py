"""Conferences (hội nghị): the record, attendance, attachments and the year-end election."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from clusters import services
from clusters.models import Attachment, ClusterYear, Conference, Decision, Officer
from clusters.services import Delegate


def unsaved_conference(world, **fields):
    fields.setdefault("kind", Conference.Kind.MID_YEAR)
    fields.setdefault("title", "Hội nghị sơ kết 6 tháng đầu năm 2025")
    fields.setdefault("starts_on", datetime.date(2025, 7, 15))
    fields.setdefault("place", "Thái Nguyên")
    return Conference(cluster_year=world.year, **fields)


def attendees_of(conference):
    return {
        a.membership.agency.short_name: a.delegate_name
        for a in conference.attendances.select_related("membership__agency")
    }


# conference_save ---------------------------------------------------------------------------


def test_a_conference_is_recorded_with_a_member_as_host(world):
    conference = services.conference_save(
        conference=unsaved_conference(
            world, host=world.memberships["B"], ends_on=datetime.date(2025, 7, 16)
        ),
        by=world.secretariat_user,
    )

    conference.refresh_from_db()
    assert conference.host == world.memberships["B"]
    assert conference.ends_on == datetime.date(2025, 7, 16)


def test_a_host_from_another_clusters_year_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.conference_save(
            conference=unsaved_conference(world, host=world.other_membership), by=None
        )

    assert "host" in refused.value.message_dict
    assert not Conference.objects.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        pytest.param(datetime.date(2025, 7, 15), datetime.date(2025, 7, 14), id="before-it-starts"),
        pytest.param(
            datetime.date(2026, 1, 30), datetime.date(2026, 2, 1), id="after-the-january-after"
        ),
    ],
)
def test_a_conference_that_ends_before_it_starts_or_after_its_january_is_refused(
    world, starts_on, ends_on
):
    with pytest.raises(ValidationError) as refused:
        services.conference_save(
            conference=unsaved_conference(world, starts_on=starts_on, ends_on=ends_on), by=None
        )

    assert list(refused.value.message_dict) == ["ends_on"]
    assert not Conference.objects.exists()


@pytest.mark.parametrize(
    "starts_on",
    [datetime.date(2024, 12, 31), datetime.date(2026, 2, 1), datetime.date(2027, 1, 10)],
    ids=str,
)
def test_a_conference_outside_its_year_and_the_january_after_is_refused(world, starts_on):
    with pytest.raises(ValidationError) as refused, translation.override("vi"):
        services.conference_save(conference=unsaved_conference(world, starts_on=starts_on), by=None)

    assert refused.value.message_dict["starts_on"] == [
        "Hội nghị của năm thi đua 2025 phải được tổ chức trong khoảng từ 01/01/2025 đến 31/01/2026."
    ]
    assert not Conference.objects.exists()


@pytest.mark.parametrize(
    "starts_on", [datetime.date(2025, 1, 1), datetime.date(2026, 1, 31)], ids=str
)
def test_a_conference_from_the_first_day_of_its_year_to_the_end_of_january_is_accepted(
    world, starts_on
):
    conference = services.conference_save(
        conference=unsaved_conference(world, starts_on=starts_on), by=None
    )

    assert conference.pk is not None


def test_the_ends_before_it_starts_refusal_is_in_vietnamese(world):
    with pytest.raises(ValidationError) as refused, translation.override("vi"):
        services.conference_save(
            conference=unsaved_conference(
                world,
                starts_on=datetime.date(2025, 7, 15),
                ends_on=datetime.date(2025, 7, 14),
            ),
            by=None,
        )

    assert refused.value.message_dict == {
        "ends_on": ["Ngày kết thúc hội nghị sớm hơn ngày bắt đầu."]
    }


def test_a_refused_edit_leaves_the_conference_as_it_was(world, make_conference):
    conference = make_conference(world.year, host=world.memberships["A"])
    conference.host = world.other_membership

    with pytest.raises(ValidationError):
        services.conference_save(conference=conference, by=None)

    conference.refresh_from_db()
    assert conference.host == world.memberships["A"]


# attendance_set ----------------------------------------------------------------------------


def test_attendance_is_replaced(world, make_conference):
    conference = make_conference(world.year)
    m = world.memberships
    services.attendance_set(conference=conference, delegates=[Delegate(m["D"], "Cũ")], by=None)

    services.attendance_set(
        conference=conference,
        delegates=[Delegate(m["A"], " Trần Văn Hải ", "Giám đốc"), Delegate(m["C"])],
        by=None,
    )

    assert attendees_of(conference) == {"Hải Phòng": "Trần Văn Hải", "Phú Thọ": ""}


def test_an_attendee_from_another_year_is_refused(world, make_conference):
    conference = make_conference(world.year)

    with pytest.raises(ValidationError) as refused:
        services.attendance_set(
            conference=conference,
            delegates=[Delegate(world.memberships["A"]), Delegate(world.other_membership)],
            by=None,
        )

    assert "Quảng Trị" in refused.value.messages[0]
    assert not conference.attendances.exists()


def test_a_member_attending_twice_is_refused(world, make_conference):
    conference = make_conference(world.year)
    services.attendance_set(
        conference=conference, delegates=[Delegate(world.memberships["D"], "Cũ")], by=None
    )

    with pytest.raises(ValidationError) as refused:
        services.attendance_set(
            conference=conference,
            delegates=[Delegate(world.memberships["B"]), Delegate(world.memberships["B"])],
            by=None,
        )

    assert "Thái Nguyên" in refused.value.messages[0]
    assert attendees_of(conference) == {"Hà Nội": "Cũ"}


# attachment_add ----------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_attachment_is_stored_under_a_safe_name(world, make_conference, media_root):
    conference = make_conference(world.year)
    upload = SimpleUploadedFile("../biên bản.pdf", b"%PDF-1.4\n%%EOF\n")

    attachment = services.attachment_add(
        conference=conference,
        kind=Attachment.Kind.MINUTES,
        upload=upload,
        by=world.secretariat_user,
    )

    assert attachment.uploaded_by == world.secretariat_user
    assert attachment.original_name == "biên_bản.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(b"%PDF-1.4\n%%EOF\n")
    stored = media_root / attachment.file.name
    assert stored.is_file()
    assert stored.resolve().is_relative_to(media_root.resolve())


def test_an_attachment_that_is_not_what_it_claims_is_refused_and_not_stored(
    world, make_conference, media_root
):
    conference = make_conference(world.year)
    upload = SimpleUploadedFile("anh.png", b"<html><script>alert(1)</script></html>")

    with pytest.raises(ValidationError):
        services.attachment_add(
            conference=conference,
            kind=Attachment.Kind.PHOTO,
            upload=upload,
            by=world.secretariat_user,
        )

    assert not conference.attachments.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))


# conference_record_election ----------------------------------------------------------------


def test_the_year_end_election_creates_next_year_with_its_officers(world, make_conference):
    conference = make_conference(world.year, kind=Conference.Kind.YEAR_END)

    following = services.conference_record_election(
        conference=conference,
        head=world.agencies["C"],
        deputy_1=world.agencies["D"],
        by=world.secretariat_user,
    )

    assert following.year == 2026
    assert following.cluster == world.cluster
    assert following.memberships.count() == 4
    assert {
        o.role: o.membership.agency.short_name
        for o in following.officers.select_related("membership__agency")
    } == {Officer.Role.HEAD: "Phú Thọ", Officer.Role.DEPUTY_1: "Hà Nội"}
    decision = conference.decisions.get()
    assert decision.kind == Decision.Kind.OFFICERS_ELECTED
    assert world.agencies["C"].name in decision.text
    assert world.agencies["D"].name in decision.text
    assert "2026" in decision.text


def test_the_election_uses_next_year_when_it_is_already_set_up(world, make_conference):
    following = services.cluster_year_start_next(cluster_year=world.year, by=None)
    conference = make_conference(world.year, kind=Conference.Kind.YEAR_END)

    elected = services.conference_record_election(
        conference=conference, head=world.agencies["B"], by=None
    )

    assert elected.pk == following.pk
    assert following.officers.get().membership.agency == world.agencies["B"]


@pytest.mark.parametrize(
    "kind", [Conference.Kind.COVENANT, Conference.Kind.MID_YEAR, Conference.Kind.OTHER]
)
def test_officers_are_elected_only_at_the_year_end_conference(world, make_conference, kind):
    conference = make_conference(world.year, kind=kind)

    with pytest.raises(ValidationError):
        services.conference_record_election(
            conference=conference, head=world.agencies["C"], by=None
        )

    assert not ClusterYear.objects.filter(cluster=world.cluster, year=2026).exists()
    assert not conference.decisions.exists()


def test_an_elected_head_that_is_not_a_member_is_refused_and_nothing_is_created(
    world, make_conference
):
    conference = make_conference(world.year, kind=Conference.Kind.YEAR_END)

    with pytest.raises(ValidationError) as refused:
        services.conference_record_election(
            conference=conference, head=world.agencies["E"], by=None
        )

    message = refused.value.message_dict["head"][0]
    assert "Quảng Trị" in message
    assert "2026" in message
    assert not ClusterYear.objects.filter(cluster=world.cluster, year=2026).exists()
    assert not conference.decisions.exists()


def test_an_attachment_loaded_without_a_user_is_kept(world, make_conference, media_root):
    conference = make_conference(world.year)

    attachment = services.attachment_add(
        conference=conference,
        kind=Attachment.Kind.MINUTES,
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF"),
        by=None,
    )

    assert attachment.uploaded_by is None
    assert attachment.file.read() == b"%PDF-1.4\n%%EOF"
