"""Accounts in the application: invitations, staff, sign-in of a deactivated account,
password reset, one's own settings; every change in the change log."""

from __future__ import annotations

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from clusters import services as cluster_services
from clusters.accounts import services as accounts
from clusters.models import Invitation, User
from tests.conftest import PASSWORD

NEW_PASSWORD = "Hoa-sen-no-2025"


@pytest.fixture
def admin_of_c(world, make_user):
    return make_user(world.agencies["C"], is_agency_admin=True, full_name="Trần Thị Quản Trị")


def _link(message) -> str:
    return re.search(r"https?://\S+(/accounts/invitation/\S+/)", message.body).group(1)


def _invite(client, agency, **data):
    data = {"full_name": "Nguyễn Văn Mới", "email": "moi@phutho.gov.vn", **data}
    return client.post(reverse("accounts:invitation_create", args=[agency.pk]), data)


def test_an_agency_administrator_invites_and_the_person_chooses_a_password(
    client, world, admin_of_c, django_capture_on_commit_callbacks
):
    client.force_login(admin_of_c)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, world.agencies["C"], job_title="Chuyên viên")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["moi@phutho.gov.vn"]
    assert "Sở Ngoại vụ Phú Thọ" in message.body
    assert "72" not in message.subject and "một lần" in message.body  # in Vietnamese
    link = _link(message)
    client.logout()

    page = client.get(link)
    assert page.status_code == 200
    assert "moi@phutho.gov.vn" in page.text
    response = client.post(
        link, {"username": "nvmoi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    person = User.objects.get(username="nvmoi")
    assert (person.agency, person.email, person.job_title) == (
        world.agencies["C"],
        "moi@phutho.gov.vn",
        "Chuyên viên",
    )
    assert person.check_password(NEW_PASSWORD)
    assert client.get(reverse("dashboard")).wsgi_request.user == person
    created = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
    assert created.actor == admin_of_c  # who, whom, when

    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "đã được dùng" in again.text
    refused = LogEntry.objects.get_for_object(Invitation.objects.get()).filter(
        action=LogEntry.Action.ACCESS
    )
    assert refused.count() == 1
    assert User.objects.filter(email="moi@phutho.gov.vn").count() == 1


def test_an_expired_link_changes_nothing(client, world, admin_of_c):
    invitation = accounts.invitation_send(
        agency=world.agencies["C"], email="cu@phutho.gov.vn", full_name="Người Cũ", by=admin_of_c
    )
    invitation.token_digest = accounts.token_digest("het-han")
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save(update_fields=["token_digest", "expires_at"])
    url = reverse("accounts:invitation_accept", args=["het-han"])
    response = client.post(
        url, {"username": "x", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert "hết hạn" in response.text
    assert not User.objects.filter(email="cu@phutho.gov.vn").exists()
    assert client.get(reverse("accounts:invitation_accept", args=["khong-co"])).status_code == 404


def test_an_invitation_is_valid_72_hours(world, admin_of_c):
    before = timezone.now()
    invitation = accounts.invitation_send(
        agency=world.agencies["C"], email="a@b.vn", full_name="A", by=admin_of_c
    )
    assert invitation.expires_at - before >= datetime.timedelta(hours=72)
    assert invitation.expires_at - before < datetime.timedelta(hours=72, minutes=1)


def test_an_address_already_used_is_refused(client, world, admin_of_c):
    world.other_member_user.email = "daco@hanoi.gov.vn"
    world.other_member_user.save()
    client.force_login(admin_of_c)
    response = _invite(client, world.agencies["C"], email="DaCo@hanoi.gov.vn")
    assert response.status_code == 400
    assert "đã được dùng cho một tài khoản khác" in response.text
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_new_invitation_replaces_the_pending_one(world, admin_of_c):
    first = accounts.invitation_send(
        agency=world.agencies["C"], email="x@y.vn", full_name="X", by=admin_of_c
    )
    accounts.invitation_send(
        agency=world.agencies["C"], email="x@y.vn", full_name="X", by=admin_of_c
    )
    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert Invitation.objects.pending(timezone.now()).count() == 1


def test_an_administrator_cannot_touch_another_agencys_staff(client, world, admin_of_c):
    client.force_login(admin_of_c)
    other = world.other_member_user  # D's staff
    own_agency_url = reverse("accounts:staff_deactivate", args=[world.agencies["C"].pk, other.pk])
    other_agency_url = reverse("accounts:staff_deactivate", args=[world.agencies["D"].pk, other.pk])
    assert client.post(own_agency_url).status_code == 404
    assert client.post(other_agency_url).status_code == 403
    assert (
        client.get(reverse("accounts:staff_list", args=[world.agencies["D"].pk])).status_code == 403
    )
    other.refresh_from_db()
    assert other.is_active


def test_deactivate_then_sign_in_then_reactivate(client, world, admin_of_c):
    person = world.member_user
    client.force_login(admin_of_c)
    url = reverse("accounts:staff_deactivate", args=[world.agencies["C"].pk, person.pk])
    client.post(url)
    person.refresh_from_db()
    assert not person.is_active
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == admin_of_c and entry.changes_dict["is_active"] == ["True", "False"]

    client.logout()
    with translation.override("vi"):
        response = client.post(
            reverse("login"), {"username": person.username, "password": PASSWORD}
        )
    assert response.status_code == 200
    assert "Tài khoản này đã bị vô hiệu hóa" in response.text
    assert LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.ACCESS).exists()

    client.force_login(admin_of_c)
    client.post(reverse("accounts:staff_reactivate", args=[world.agencies["C"].pk, person.pk]))
    person.refresh_from_db()
    assert person.is_active
    client.logout()
    response = client.post(reverse("login"), {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302


def test_no_one_deactivates_their_own_account(client, world, admin_of_c):
    client.force_login(admin_of_c)
    client.post(reverse("accounts:staff_deactivate", args=[world.agencies["C"].pk, admin_of_c.pk]))
    admin_of_c.refresh_from_db()
    assert admin_of_c.is_active


def test_the_staff_list_shows_the_last_sign_in(client, world, admin_of_c):
    world.member_user.last_login = timezone.make_aware(datetime.datetime(2025, 3, 4, 9, 30))  # noqa: DTZ001
    world.member_user.save()
    client.force_login(admin_of_c)
    page = client.get(reverse("accounts:staff_list", args=[world.agencies["C"].pk]))
    assert "09:30 04/03/2025" in page.text
    assert "Vô hiệu hóa" in page.text
    client.force_login(world.other_member_user)  # a colleague of C would read it; D does not
    assert (
        client.get(reverse("accounts:staff_list", args=[world.agencies["C"].pk])).status_code == 403
    )
    colleague = world.member_user
    client.force_login(colleague)
    page = client.get(reverse("accounts:staff_list", args=[world.agencies["C"].pk]))
    assert "Trần Thị Quản Trị" in page.text
    assert "Vô hiệu hóa" not in page.text  # only the administrators act


def test_the_ministry_manages_the_heads_agencies_accounts_only(client, world):
    client.force_login(world.ministry_user)
    head = world.agencies["A"]
    assert client.get(reverse("accounts:staff_list", args=[head.pk])).status_code == 200
    assert (
        client.get(reverse("accounts:staff_list", args=[world.agencies["C"].pk])).status_code == 403
    )
    client.post(
        reverse("accounts:staff_admin", args=[head.pk, world.secretariat_user.pk]), {"admin": "1"}
    )
    world.secretariat_user.refresh_from_db()
    assert world.secretariat_user.is_agency_admin


def test_the_secretariat_invites_a_contact_for_a_member_without_account(
    client, world, make_agency, django_capture_on_commit_callbacks
):
    newcomer = make_agency("Quảng Ngãi")
    cluster_services.membership_add(cluster_year=world.year, agency=newcomer, by=None)
    client.force_login(world.secretariat_user)
    detail = client.get(reverse("clusters:agency_detail", args=[newcomer.pk]))
    assert reverse("accounts:invitation_create", args=[newcomer.pk]) in detail.text
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, newcomer, email="lienhe@quangngai.gov.vn")
    assert response.status_code == 302
    assert mail.outbox[0].to == ["lienhe@quangngai.gov.vn"]
    form = client.get(reverse("accounts:invitation_create", args=[newcomer.pk]))
    assert "as_agency_admin" not in form.text  # the secretariat names no administrator
    # Once the member has an account, its own administrators take over.
    User.objects.create_user(username="qn", agency=newcomer)
    assert client.get(reverse("accounts:invitation_create", args=[newcomer.pk])).status_code == 403
    # An agency outside the secretariat's years is never its to invite for.
    assert (
        client.get(reverse("accounts:invitation_create", args=[world.agencies["E"].pk])).status_code
        == 403
    )


def test_password_reset_by_email(client, world, django_capture_on_commit_callbacks):
    person = world.member_user
    person.email = "member@phutho.gov.vn"
    person.save()
    response = client.post(reverse("password_reset"), {"email": "member@phutho.gov.vn"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "mật khẩu" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_each_person_chooses_how_notifications_reach_them(client, world):
    client.force_login(world.member_user)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Lê Văn Thành", "job_title": "Chuyên viên", "notification_mail": "digest"},
    )
    assert response.status_code == 302
    world.member_user.refresh_from_db()
    assert world.member_user.notification_mail == User.Mail.DIGEST
    assert world.member_user.full_name == "Lê Văn Thành"


def test_the_staff_list_costs_the_same_for_many_people(
    client, world, admin_of_c, make_user, django_assert_max_num_queries
):
    client.force_login(admin_of_c)
    url = reverse("accounts:staff_list", args=[world.agencies["C"].pk])
    client.get(url)
    for index in range(15):
        make_user(world.agencies["C"], full_name=f"Cán bộ {index}")
        accounts.invitation_send(
            agency=world.agencies["C"], email=f"moi{index}@phutho.gov.vn", full_name="M", by=None
        )
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.text.count("Cán bộ ") >= 15


def test_no_one_is_invited_to_an_agency_that_merged_away(client, world, superuser, make_agency):
    old = make_agency("Bắc Giang")
    new = make_agency("Bắc Ninh mới", valid_from=datetime.date(2025, 7, 1))
    cluster_services.agency_merge(
        sources=[old], into=new, effective=datetime.date(2025, 7, 1), by=None
    )
    old.refresh_from_db()
    client.force_login(superuser)

    page = client.get(old.get_absolute_url()).content.decode()
    form = client.get(reverse("accounts:invitation_create", args=[old.pk]))
    with pytest.raises(ValidationError) as refused:
        accounts.invitation_send(agency=old, email="a@example.vn", full_name="A", by=superuser)

    assert reverse("accounts:invitation_create", args=[old.pk]) not in page
    assert form.status_code == 403
    assert refused.value.messages == [
        f"{old.label} không còn tồn tại: hãy mời người này vào {new.label}."
    ]
    assert not Invitation.objects.exists()
