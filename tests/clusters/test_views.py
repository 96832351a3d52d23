"""The clusters pages as people use them: what they submit, what they see, what is saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters import services
from clusters.models import (
    Attachment,
    Cluster,
    ClusterYear,
    Conference,
    Covenant,
    Decision,
    Membership,
    Officer,
)
from scoring import services as scoring_services
from tests.fixtures.scoring import CRITERIA


def _conference(world, **fields) -> Conference:
    values = {
        "cluster_year": world.year,
        "kind": Conference.Kind.YEAR_END,
        "title": "Hội nghị tổng kết năm 2025",
        "starts_on": datetime.date(2025, 12, 16),
        "place": "Hải Phòng",
    } | fields
    return services.conference_save(conference=Conference(**values), by=None)


def send_conference_form(client, world, data: dict):
    """The year's new-conference form, sent by its secretariat."""
    client.force_login(world.secretariat_user)
    return client.post(reverse("clusters:conference_create", args=[world.year.pk]), data)


def test_secretariat_records_a_conference(client, world):
    response = send_conference_form(
        client,
        world,
        {
            "kind": "mid_year",
            "title": "Hội nghị sơ kết 6 tháng đầu năm 2025",
            "starts_on": "06/07/2025",
            "ends_on": "07/07/2025",
            "place": "Hải Phòng",
            "host": world.memberships["A"].pk,
        },
    )
    conference = Conference.objects.get()
    assert response.status_code == 302
    assert conference.ends_on == datetime.date(2025, 7, 7)
    assert conference.host == world.memberships["A"]


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        pytest.param(
            {
                "kind": "mid_year",
                "title": "Hội nghị sơ kết",
                "starts_on": "07/07/2025",
                "ends_on": "06/07/2025",
            },
            {"ends_on": ["Ngày kết thúc hội nghị sớm hơn ngày bắt đầu."]},
            id="ends-before-it-starts",
        ),
        pytest.param(
            {"kind": "year_end", "title": "Hội nghị tổng kết năm 2025", "starts_on": "20/02/2026"},
            {
                "starts_on": [
                    "Hội nghị của năm thi đua 2025 phải được tổ chức trong khoảng từ 01/01/2025 "
                    "đến 31/01/2026."
                ]
            },
            id="outside-its-year",
        ),
    ],
)
def test_a_conference_with_impossible_dates_is_refused_at_the_form_and_nothing_saved(
    client, world, sent, errors
):
    response = send_conference_form(client, world, sent | {"place": "Hải Phòng"})
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert "conference_dates_order" not in response.content.decode()
    assert not Conference.objects.exists()


def test_a_cluster_without_number_or_name_is_refused_in_vietnamese(client, world):
    client.force_login(world.ministry_user)
    before = Cluster.objects.count()
    response = client.post(
        reverse("clusters:cluster_create"),
        {
            "kind": "cum",
            "number": "",
            "name": "",
            "supervisor_kind": "ministry",
            "supervisor_name": "Bộ Ngoại giao",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Nhập số hoặc tên của Cụm, Khối."]
    assert "cluster_number_or_name" not in response.content.decode()
    assert Cluster.objects.count() == before


def test_an_agency_valid_until_before_it_is_valid_from_is_refused_in_vietnamese(client, world):
    client.force_login(world.ministry_user)
    agency = world.agencies["A"]
    response = client.post(
        reverse("clusters:agency_edit", args=[agency.pk]),
        {
            "name": agency.name,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "valid_from": "01/07/2025",
            "valid_to": "30/06/2025",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Ngày hết hiệu lực sớm hơn ngày bắt đầu có hiệu lực."
    ]
    assert "period_order" not in response.content.decode()
    agency.refresh_from_db()
    assert agency.valid_to is None


def test_a_host_from_another_clusters_year_is_refused(client, world):
    response = send_conference_form(
        client,
        world,
        {
            "kind": "other",
            "title": "Hội nghị",
            "starts_on": "01/10/2025",
            "place": "Hà Nội",
            "host": world.other_membership.pk,
        },
    )
    assert response.status_code == 400
    assert "host" in response.context["form"].errors
    assert not Conference.objects.exists()


def test_a_date_typed_wrong_gets_a_message_on_its_field(client, world):
    response = send_conference_form(
        client,
        world,
        {"kind": "other", "title": "Hội nghị", "starts_on": "31/02/2025", "place": "Hà Nội"},
    )
    assert response.status_code == 400
    assert "starts_on" in response.context["form"].errors


def test_adding_a_member_twice_is_refused_with_a_message(client, world):
    client.force_login(world.secretariat_user)
    before = Membership.objects.count()
    response = client.post(
        reverse("clusters:member_add", args=[world.year.pk]),
        {"agency": world.agencies["C"].pk},
        follow=True,
    )
    assert Membership.objects.count() == before
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_secretariat_adds_a_member(client, world, make_agency):
    client.force_login(world.secretariat_user)
    newcomer = make_agency("Bắc Giang")
    client.post(reverse("clusters:member_add", args=[world.year.pk]), {"agency": newcomer.pk})
    assert world.year.memberships.filter(agency=newcomer).exists()


def test_an_officer_who_is_not_a_member_is_refused(client, world):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:officers_edit", args=[world.year.pk]),
        {"head": world.other_membership.pk},
    )
    assert response.status_code == 400
    head = world.year.officers.get(role=Officer.Role.HEAD)
    assert head.membership == world.memberships["A"]


def test_one_member_cannot_hold_two_offices(client, world):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:officers_edit", args=[world.year.pk]),
        {"head": world.memberships["A"].pk, "deputy_1": world.memberships["A"].pk},
    )
    assert response.status_code == 400
    assert world.year.officers.count() == 2


def test_year_settings_with_a_deadline_before_the_opening_are_refused(client, world):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:year_edit", args=[world.year.pk]),
        {
            "self_assessment_opens": "01/12/2025",
            "self_assessment_deadline": "01/11/2025",
            "vote_threshold": "80",
        },
    )
    world.year.refresh_from_db()
    assert response.status_code == 400
    assert world.year.self_assessment_deadline is None


def test_the_covenant_is_saved_with_numbered_commitments(client, world):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:covenant_edit", args=[world.year.pk]),
        {
            "title": "Giao ước thi đua năm 2025",
            "signed_on": "09/03/2025",
            "place": "Bắc Ninh",
            "commitments": "Thi đua làm tốt công tác đối ngoại\n\nĐẩy mạnh cải cách hành chính\n",
        },
    )
    covenant = Covenant.objects.get(cluster_year=world.year)
    assert response.status_code == 302
    assert [(c.position, c.text) for c in covenant.commitments.all()] == [
        (1, "Thi đua làm tốt công tác đối ngoại"),
        (2, "Đẩy mạnh cải cách hành chính"),
    ]


def test_signatories_one_per_member(client, world):
    services.covenant_save(
        cluster_year=world.year, title="Giao ước", commitments=["Cam kết"], by=None
    )
    client.force_login(world.secretariat_user)
    a, c = world.memberships["A"], world.memberships["C"]
    client.post(
        reverse("clusters:signatories_edit", args=[world.year.pk]),
        {f"name_{a.pk}": "Nguyễn Văn A", f"title_{a.pk}": "Giám đốc", f"name_{c.pk}": "Trần B"},
    )
    signatories = Covenant.objects.get().signatories.order_by("signer_name")
    assert [(s.membership, s.signer_name) for s in signatories] == [
        (a, "Nguyễn Văn A"),
        (c, "Trần B"),
    ]


def test_attendance_records_the_members_present(client, world):
    conference = _conference(world)
    client.force_login(world.secretariat_user)
    b, d = world.memberships["B"], world.memberships["D"]
    response = client.post(
        reverse("clusters:attendance_edit", args=[conference.pk]),
        {f"present_{b.pk}": "on", f"name_{b.pk}": "Lê C", f"present_{d.pk}": "on"},
    )
    assert response.status_code == 302
    assert sorted(a.membership_id for a in conference.attendances.all()) == sorted([b.pk, d.pk])


def test_a_delegate_for_an_absent_member_is_refused(client, world):
    conference = _conference(world)
    client.force_login(world.secretariat_user)
    b = world.memberships["B"]
    response = client.post(
        reverse("clusters:attendance_edit", args=[conference.pk]), {f"name_{b.pk}": "Lê C"}
    )
    assert response.status_code == 400
    assert not conference.attendances.exists()


def test_recording_the_election_creates_next_year_with_its_officers(client, world):
    conference = _conference(world)
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:election_record", args=[conference.pk]),
        {"head": world.agencies["B"].pk, "deputy_1": world.agencies["C"].pk},
    )
    following = ClusterYear.objects.get(cluster=world.cluster, year=2026)
    assert response.status_code == 302
    assert {o.role: o.membership.agency for o in following.officers.all()} == {
        Officer.Role.HEAD: world.agencies["B"],
        Officer.Role.DEPUTY_1: world.agencies["C"],
    }
    assert following.memberships.count() == 4
    assert conference.decisions.filter(kind=Decision.Kind.OFFICERS_ELECTED).exists()


def test_an_election_at_a_mid_year_review_is_refused(client, world):
    conference = _conference(
        world, kind=Conference.Kind.MID_YEAR, starts_on=datetime.date(2025, 7, 6)
    )
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:election_record", args=[conference.pk]),
        {"head": world.agencies["B"].pk},
    )
    assert response.status_code == 400
    assert not ClusterYear.objects.filter(cluster=world.cluster, year=2026).exists()


def test_a_merger_into_an_agency_that_does_not_exist_yet_is_refused(client, world, make_agency):
    later = make_agency("Tỉnh mới", valid_from=datetime.date(2026, 1, 1))
    client.force_login(world.ministry_user)
    response = client.post(
        reverse("clusters:agency_merge"),
        {"sources": [world.agencies["C"].pk], "into": later.pk, "effective": "01/07/2025"},
    )
    assert response.status_code == 400
    world.agencies["C"].refresh_from_db()
    assert world.agencies["C"].successor is None
    assert world.agencies["C"].valid_to is None


def test_a_merger_recorded_in_the_directory_keeps_the_past(client, world, make_agency):
    successor = make_agency("Phú Thọ (mới)", valid_from=datetime.date(2025, 7, 1))
    client.force_login(world.ministry_user)
    response = client.post(
        reverse("clusters:agency_merge"),
        {"sources": [world.agencies["C"].pk], "into": successor.pk, "effective": "01/07/2025"},
    )
    assert response.status_code == 302
    old_seat = world.memberships["C"]
    old_seat.refresh_from_db()
    assert old_seat.left_on == datetime.date(2025, 6, 30)
    assert world.year.memberships.current().filter(agency=successor).exists()
    # The staff of the old agency now work for the successor and still see the year.
    world.member_user.refresh_from_db()
    assert world.member_user.agency == successor
    client.force_login(world.member_user)
    assert client.get(reverse("clusters:year_detail", args=[world.year.pk])).status_code == 200


def test_evidence_that_is_really_an_executable_is_refused(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    conference = _conference(world)
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:attachment_add", args=[conference.pk]),
        {"kind": "minutes", "file": SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00" * 64)},
    )
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    assert list(tmp_path.rglob("*.*")) == []


def test_signed_minutes_are_attached_and_served_only_to_those_who_see_the_year(
    client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    conference = _conference(world)
    client.force_login(world.secretariat_user)
    client.post(
        reverse("clusters:attachment_add", args=[conference.pk]),
        {"kind": "minutes", "file": SimpleUploadedFile("../Biên bản.pdf", b"%PDF-1.4\n%%EOF")},
    )
    attachment = Attachment.objects.get()
    assert "/" not in attachment.original_name
    url = reverse("clusters:attachment_download", args=[attachment.pk])
    client.force_login(world.member_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF"
    assert "sandbox" in response["Content-Security-Policy"]
    client.force_login(world.stranger_user)
    assert client.get(url).status_code == 404


def test_the_interface_is_vietnamese_whatever_the_browser_asks(client, world):
    client.force_login(world.member_user)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Content-Language"] == "vi"
    assert 'lang="vi"' in response.content.decode()


def test_english_is_there_for_whoever_chooses_it(client, world):
    client.force_login(world.member_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("dashboard"))
    assert response["Content-Language"] == "en"
    assert "Log out" in response.content.decode()


def test_the_agency_directory_hides_former_agencies_unless_asked(client, world, make_agency):
    make_agency("Hà Tây", valid_to=datetime.date(2008, 7, 31))
    client.force_login(world.member_user)
    current = client.get(reverse("clusters:agency_list"))
    everything = client.get(reverse("clusters:agency_list"), {"former": "on"})
    assert "Hà Tây" not in current.content.decode()
    assert "Hà Tây" in everything.content.decode()


# Query budgets: the number of queries does not grow with the number of members. ------------


def _fill(world) -> Conference:
    """Every member of the year signs the covenant and attends the year-end conference."""
    memberships = list(world.year.memberships.all())
    covenant = services.covenant_save(
        cluster_year=world.year, title="Giao ước", commitments=["Một", "Hai"], by=None
    )
    services.signatories_set(
        covenant=covenant,
        signatures=[services.Signature(m, f"Người ký {m.pk}") for m in memberships],
        by=None,
    )
    conference = world.year.conferences.first() or _conference(world)
    services.attendance_set(
        conference=conference,
        delegates=[services.Delegate(m, f"Đại biểu {m.pk}") for m in memberships],
        by=None,
    )
    return conference


PAGES = {
    "dashboard": lambda w, c: reverse("dashboard"),
    "cluster_list": lambda w, c: reverse("clusters:cluster_list"),
    "cluster_detail": lambda w, c: reverse("clusters:cluster_detail", args=[w.cluster.pk]),
    "year_detail": lambda w, c: reverse("clusters:year_detail", args=[w.year.pk]),
    "covenant_detail": lambda w, c: reverse("clusters:covenant_detail", args=[w.year.pk]),
    "signatories_edit": lambda w, c: reverse("clusters:signatories_edit", args=[w.year.pk]),
    "conference_detail": lambda w, c: reverse("clusters:conference_detail", args=[c.pk]),
    "attendance_edit": lambda w, c: reverse("clusters:attendance_edit", args=[c.pk]),
    "agency_list": lambda w, c: reverse("clusters:agency_list"),
    "year_audit_log": lambda w, c: reverse("clusters:year_audit_log", args=[w.year.pk]),
    "agency_detail": lambda w, c: reverse("clusters:agency_detail", args=[w.agencies["A"].pk]),
}
# 16 since the year page links the year-end report issued through the register (one lookup).
QUERY_CEILING = 16


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_queries_do_not_grow_with_the_members(client, world, make_agency, page):
    client.force_login(world.secretariat_user)
    url = PAGES[page](world, _fill(world))
    with_four = _count_queries(client, url)
    for index in range(12):
        services.membership_add(
            cluster_year=world.year, agency=make_agency(f"Tỉnh thêm {index}"), by=None
        )
    _fill(world)
    with_sixteen = _count_queries(client, url)
    assert with_sixteen == with_four, f"{with_four} queries with 4 members, {with_sixteen} with 16"
    assert with_four <= QUERY_CEILING


def test_last_years_secretariat_cannot_take_over_next_years_officers(client, world):
    following = services.cluster_year_start_next(cluster_year=world.year, by=None)
    seats = {m.agency_id: m for m in following.memberships.all()}
    services.officers_set(cluster_year=following, head=seats[world.agencies["C"].pk], by=None)
    conference = _conference(world)
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:election_record", args=[conference.pk]),
        {"head": world.agencies["A"].pk},
    )
    assert response.status_code == 403
    assert following.officers.get().membership.agency == world.agencies["C"]


def test_a_member_with_a_self_assessment_is_not_removed(client, world):
    scoring_services.criteria_replace(cluster_year=world.year, rows=CRITERIA, by=None)
    scoring_services.assessment_open(membership=world.memberships["D"], by=None)
    client.force_login(world.secretariat_user)
    url = reverse("clusters:member_remove", args=[world.year.pk, world.memberships["D"].pk])
    response = client.post(url, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert world.year.memberships.filter(pk=world.memberships["D"].pk).exists()


def test_an_attachment_whose_file_is_gone_is_a_404(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    conference = _conference(world)
    attachment = services.attachment_add(
        conference=conference,
        kind="minutes",
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF"),
        by=None,
    )
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(world.member_user)
    assert (
        client.get(reverse("clusters:attachment_download", args=[attachment.pk])).status_code == 404
    )
