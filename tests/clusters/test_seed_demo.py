"""`manage.py seed_demo`: idempotent, and the 2025 mergers move 2025 only."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from clusters.access import MINISTRY_GROUP
from clusters.models import (
    Cluster,
    ClusterYear,
    Commitment,
    Conference,
    Covenant,
    Invitation,
    Membership,
    Officer,
    User,
)
from emulation.site.demo.accounts import ADMIN, INVITED
from emulation.site.demo.directory import DEMO_LOGINS, DEMO_PASSWORD, DEMO_USERS

CUM_3_MEMBERS_2025 = {
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Trị",
    "Huế",
    "Đà Nẵng",
    "Quảng Ngãi",
}


def _seed() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Cluster, ClusterYear, Membership, Conference, User, Commitment, Officer)
    }


def _year(number: str, year: int) -> ClusterYear:
    return ClusterYear.objects.get(
        cluster__kind=Cluster.Kind.CLUSTER,
        cluster__supervisor_name="Bộ Ngoại giao",
        cluster__number=number,
        year=year,
    )


def _short_names(cluster_year: ClusterYear, *, current: bool = False) -> set[str]:
    memberships = cluster_year.memberships.all()
    if current:
        memberships = memberships.current()
    return set(memberships.values_list("agency__short_name", flat=True))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The demo's evidence files (scoring.demo) go to a temporary folder, not to media/."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def seeded(db) -> str:
    return _seed()


@pytest.mark.django_db
def test_second_run_adds_nothing(seeded):
    before = _counts()
    assert before["Cluster"] == 3
    assert before["User"] > len(DEMO_LOGINS)  # the members' logins besides the fixed cast

    output = _seed()

    assert _counts() == before
    assert "already loaded" in output
    for username, _role in DEMO_LOGINS:
        assert username in output


@pytest.mark.django_db
def test_every_member_of_the_current_years_has_a_login_printed_by_cluster(seeded):
    for cluster in Cluster.objects.all():
        latest = cluster.years.order_by("-year").first()
        for membership in latest.memberships.current().select_related("agency"):
            login = membership.agency.staff.filter(is_active=True).first()
            assert login is not None, membership.agency
            assert login.check_password(DEMO_PASSWORD)
            assert f"{login.username} " in seeded
        with translation.override("en"):
            assert f"Members of {latest}:" in seeded
    assert "cum3.quangngai" in seeded
    admin = User.objects.get(username=ADMIN["username"])
    assert admin.is_agency_admin and admin.agency.short_name == "Thanh Hóa"
    (pending,) = Invitation.objects.filter(accepted_at=None, cancelled_at=None)
    assert (pending.email, pending.agency, pending.invited_by) == (
        INVITED["email"],
        admin.agency,
        admin,
    )


@pytest.mark.django_db
def test_demo_users_sign_in_with_their_roles(seeded):
    for username, _role in DEMO_LOGINS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert User.objects.get(username="quantri").is_superuser
    ministry = Group.objects.get(name=MINISTRY_GROUP)
    assert list(ministry.user_set.values_list("username", flat=True)) == ["bo.thidua"]
    assert User.objects.get(username="cum3.truong").agency.short_name == "Thanh Hóa"


@pytest.mark.django_db
def test_cum_3_in_2025_has_the_members_after_the_mergers(seeded):
    cluster_year = _year("3", 2025)

    assert _short_names(cluster_year, current=True) == CUM_3_MEMBERS_2025
    quang_binh = cluster_year.memberships.get(agency__short_name="Quảng Bình")
    assert quang_binh.left_on == datetime.date(2025, 6, 30)
    assert quang_binh.agency.successor.short_name == "Quảng Trị"
    successor = cluster_year.memberships.get(agency=quang_binh.agency.successor)
    assert successor.joined_on == datetime.date(2025, 7, 1)
    assert cluster_year.officers.get(role=Officer.Role.HEAD).membership.agency.short_name == (
        "Thanh Hóa"
    )


@pytest.mark.django_db
def test_the_mergers_leave_past_years_alone(seeded):
    cluster_year = _year("3", 2022)

    assert {"Quảng Bình", "Quảng Nam", "Thừa Thiên Huế"} <= _short_names(cluster_year)
    assert len(_short_names(cluster_year, current=True)) == 9
    assert not cluster_year.memberships.filter(left_on__isnull=False).exists()


@pytest.mark.django_db
def test_cum_3_2023_has_the_officers_elected_in_2022(seeded):
    officers = {
        officer.role: officer.membership.agency.short_name
        for officer in _year("3", 2023).officers.select_related("membership__agency")
    }

    assert officers == {Officer.Role.HEAD: "Quảng Bình", Officer.Role.DEPUTY_1: "Quảng Ngãi"}


@pytest.mark.django_db
def test_cum_ii_2018_covenant_is_signed_by_all_eleven(seeded):
    covenant = Covenant.objects.get(cluster_year=_year("II", 2018))

    assert covenant.signed_on == datetime.date(2018, 3, 9)
    assert covenant.commitments.count() == 6
    assert list(covenant.commitments.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert covenant.signatories.count() == 11
    assert _year("II", 2018).memberships.count() == 11


@pytest.mark.django_db
def test_cum_ii_is_carried_into_2025_across_its_real_mergers(seeded):
    cluster_year = _year("II", 2025)

    assert _short_names(cluster_year, current=True) == {
        "Hải Phòng",
        "Hà Nội",
        "Thái Nguyên",
        "Tuyên Quang",
        "Bắc Ninh",
        "Phú Thọ",
        "Hưng Yên",
        "Lào Cai",
    }
    merger_day = datetime.date(2025, 7, 1)
    joined = cluster_year.memberships.filter(joined_on=merger_day)
    assert {m.agency.valid_from for m in joined.select_related("agency")} == {merger_day}
    assert joined.count() == 8 - 2  # all but Hải Phòng and Hà Nội, whom no merger touched
    left = cluster_year.memberships.filter(left_on=datetime.date(2025, 6, 30))
    assert left.count() == 9
    # 2018 is left as it was: its 11 members, Thái Nguyên at the head.
    assert len(_short_names(_year("II", 2018), current=True)) == 11


@pytest.mark.django_db
def test_cum_ii_s_2018_secretariat_moved_to_the_new_thai_nguyen_still_runs_2018(seeded):
    from clusters.access import can_administer_year

    user = User.objects.get(username="cum2.truong")

    assert user.agency.valid_from == datetime.date(2025, 7, 1)
    assert can_administer_year(user, _year("II", 2018))
    assert not can_administer_year(user, _year("II", 2017))


def test_the_secretariats_are_called_thuong_truc_as_the_pages_call_them():
    secretariats = [user for user in DEMO_USERS if user["username"].endswith((".truong", ".khoi"))]
    assert len(secretariats) == 3
    for user in DEMO_USERS:
        assert "giúp việc" not in (user["role"] + user["job_title"]).lower()
    for user in secretariats:
        assert user["role"].startswith(("Thường trực Cụm", "Thường trực Khối"))
