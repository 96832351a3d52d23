"""Who may see and change what: roles follow from the agencies' places in each year."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from clusters import access, services
from clusters.accounts.backends import UserBackend
from clusters.models import Attachment
from tests.permissions import ROLES

OK, FORBIDDEN, NOT_FOUND = "ok", 403, 404


def user_for(world, role):
    if role == "anonymous":
        return AnonymousUser()
    return getattr(world, "superuser" if role == "superuser" else f"{role}_user")


def outcome(fetch):
    """What a view would answer: the object ("ok"), 403 or 404."""
    try:
        fetch()
    except PermissionDenied:
        return FORBIDDEN
    except Http404:
        return NOT_FOUND
    return OK


# The world's year 2025 of Cụm II: (read, write) by role.
YEAR_MATRIX = {
    "anonymous": (NOT_FOUND, NOT_FOUND),
    "member": (OK, FORBIDDEN),
    "other_member": (OK, FORBIDDEN),
    "secretariat": (OK, OK),
    "deputy": (OK, FORBIDDEN),
    "ministry": (OK, FORBIDDEN),
    "stranger": (NOT_FOUND, NOT_FOUND),
    "superuser": (OK, OK),
}


def test_the_matrix_covers_every_role():
    assert set(YEAR_MATRIX) == set(ROLES)


# visible_years / administered_years / can_administer_year ----------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", set()),
        ("member", {"year"}),
        ("other_member", {"year"}),
        ("secretariat", {"year"}),
        ("deputy", {"year"}),
        ("ministry", {"year", "other_year"}),
        ("stranger", {"other_year"}),
        ("superuser", {"year", "other_year"}),
    ],
)
def test_visible_years_by_role(world, role, expected):
    years = {getattr(world, name) for name in expected}

    assert set(access.visible_years(user_for(world, role))) == years


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", set()),
        ("member", set()),
        ("other_member", set()),
        ("secretariat", {"year"}),
        ("deputy", set()),
        ("ministry", set()),
        ("stranger", set()),
        ("superuser", {"year", "other_year"}),
    ],
)
def test_administered_years_by_role(world, role, expected):
    user = user_for(world, role)
    years = {getattr(world, name) for name in expected}

    assert set(access.administered_years(user)) == years
    assert access.can_administer_year(user, world.year) == (world.year in years)


def test_the_deputys_staff_administer_the_year_only_when_the_deputies_help_run_it(world):
    assert not access.can_administer_year(world.deputy_user, world.year)

    services.cluster_year_update(cluster_year=world.year, by=None, deputies_administer=True)

    assert access.can_administer_year(world.deputy_user, world.year)
    assert access.get_year_for_user(world.deputy_user, world.year.pk, write=True) == world.year
    # The setting opens the year to the deputies, not to every member.
    assert not access.can_administer_year(world.member_user, world.year)


def test_a_second_deputys_staff_administer_the_year_when_the_deputies_help_run_it(world):
    m = world.memberships
    services.officers_set(
        cluster_year=world.year, head=m["A"], deputy_1=m["B"], deputy_2=m["C"], by=None
    )
    services.cluster_year_update(cluster_year=world.year, by=None, deputies_administer=True)

    assert access.can_administer_year(world.member_user, world.year)
    assert not access.can_administer_year(world.other_member_user, world.year)


def test_roles_belong_to_one_year_only(world):
    following = services.cluster_year_start_next(cluster_year=world.year, by=None)
    m = {x.agency_id: x for x in following.memberships.all()}
    services.officers_set(
        cluster_year=following, head=m[world.agencies["D"].pk], by=world.superuser
    )

    assert access.can_administer_year(world.other_member_user, following)
    assert not access.can_administer_year(world.other_member_user, world.year)
    assert not access.can_administer_year(world.secretariat_user, following)
    assert (
        outcome(lambda: access.get_year_for_user(world.secretariat_user, following.pk, write=True))
        == FORBIDDEN
    )


def test_the_staff_of_a_merged_member_still_see_its_year(world, make_agency):
    merged = make_agency("Hà Nội (mới)", valid_from=datetime.date(2025, 7, 1))
    services.agency_merge(
        sources=[world.agencies["D"]], into=merged, effective=datetime.date(2025, 7, 1), by=None
    )
    world.other_member_user.refresh_from_db()

    assert world.other_member_user.agency == merged
    assert access.get_year_for_user(world.other_member_user, world.year.pk) == world.year
    assert (
        outcome(lambda: access.get_year_for_user(world.other_member_user, world.other_year.pk))
        == NOT_FOUND
    )


def test_the_signed_in_user_comes_with_agency_and_roles_read_in_one_query(
    world, make_agency, django_assert_num_queries
):
    """What each page asks of the signed-in user (the agency's name in the menu, is_ministry,
    lineage_ids) is read with the user; a successor's earlier agencies are still followed."""
    backend = UserBackend()
    for user, ministry in [(world.member_user, False), (world.ministry_user, True)]:
        with django_assert_num_queries(1):
            signed_in = backend.get_user(user.pk)
            assert getattr(signed_in.agency, "short_name", None) == getattr(
                user.agency, "short_name", None
            )
            assert access.lineage_ids(signed_in) == [user.agency_id]
            assert access.is_ministry(signed_in) == ministry

    merged = make_agency("Hà Nội (mới)", valid_from=datetime.date(2025, 7, 1))
    before = world.other_member_user.agency
    services.agency_merge(sources=[before], into=merged, effective=merged.valid_from, by=None)
    successor = backend.get_user(world.other_member_user.pk)
    assert sorted(access.lineage_ids(successor)) == sorted([merged.pk, before.pk])

    world.member_user.is_active = False
    world.member_user.save()
    assert backend.get_user(world.member_user.pk) is None


# get_year_for_user -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_get_year_for_user_by_role(world, role):
    user = user_for(world, role)
    read, write = YEAR_MATRIX[role]

    assert outcome(lambda: access.get_year_for_user(user, world.year.pk)) == read
    assert outcome(lambda: access.get_year_for_user(user, world.year.pk, write=True)) == write


@pytest.mark.parametrize("role", ROLES)
def test_the_year_says_whether_the_user_runs_it_as_can_administer_year_does(world, role):
    user = user_for(world, role)
    # The next year is run by D's staff: the secretariat of this year sees it but runs it not.
    following = services.cluster_year_start_next(cluster_year=world.year, by=None)
    m = {x.agency_id: x for x in following.memberships.all()}
    services.officers_set(
        cluster_year=following, head=m[world.agencies["D"].pk], by=world.superuser
    )
    for cluster_year in access.visible_years(user):
        found = access.get_year_for_user(user, cluster_year.pk)
        assert found.runs == access.can_administer_year(user, cluster_year), cluster_year


def test_get_year_for_user_returns_the_year(world):
    assert access.get_year_for_user(world.member_user, str(world.year.pk)) == world.year


@pytest.mark.parametrize("pk", ["abc", "", None, "1.5", "1 OR 1=1", "99999999999999999999999"])
def test_a_bad_or_unknown_pk_is_not_found(world, pk):
    with pytest.raises(Http404):
        access.get_year_for_user(world.superuser, pk)
    with pytest.raises(Http404):
        access.get_conference_for_user(world.superuser, pk)
    with pytest.raises(Http404):
        access.get_agency_for_user(world.superuser, pk)
    with pytest.raises(Http404):
        access.get_cluster_for_user(world.superuser, pk)


# get_cluster_for_user ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("anonymous", NOT_FOUND, NOT_FOUND),
        ("member", OK, FORBIDDEN),
        ("secretariat", OK, FORBIDDEN),
        ("deputy", OK, FORBIDDEN),
        ("ministry", OK, OK),
        ("stranger", NOT_FOUND, NOT_FOUND),
        ("superuser", OK, OK),
    ],
)
def test_get_cluster_for_user_by_role(world, role, read, write):
    user = user_for(world, role)

    assert outcome(lambda: access.get_cluster_for_user(user, world.cluster.pk)) == read
    assert outcome(lambda: access.get_cluster_for_user(user, world.cluster.pk, write=True)) == (
        write
    )


# get_conference_for_user -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_get_conference_for_user_follows_its_year(world, make_conference, role):
    user = user_for(world, role)
    conference = make_conference(world.year)
    read, write = YEAR_MATRIX[role]

    assert outcome(lambda: access.get_conference_for_user(user, conference.pk)) == read
    assert outcome(lambda: access.get_conference_for_user(user, conference.pk, write=True)) == (
        write
    )


def test_a_conference_of_another_cluster_is_not_found_for_members(world, make_conference):
    conference = make_conference(world.other_year)

    assert outcome(lambda: access.get_conference_for_user(world.member_user, conference.pk)) == (
        NOT_FOUND
    )
    assert (
        outcome(
            lambda: access.get_conference_for_user(
                world.secretariat_user, conference.pk, write=True
            )
        )
        == NOT_FOUND
    )
    assert access.get_conference_for_user(world.stranger_user, conference.pk) == conference


# get_attachment_for_user -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", NOT_FOUND),
        ("member", OK),
        ("ministry", OK),
        ("stranger", NOT_FOUND),
        ("superuser", OK),
    ],
)
def test_get_attachment_for_user_follows_its_year(
    world, make_conference, settings, tmp_path, role, expected
):
    settings.MEDIA_ROOT = tmp_path
    attachment = services.attachment_add(
        conference=make_conference(world.year),
        kind=Attachment.Kind.MINUTES,
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=world.secretariat_user,
    )

    assert outcome(
        lambda: access.get_attachment_for_user(user_for(world, role), attachment.pk)
    ) == (expected)


# get_agency_for_user -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("anonymous", NOT_FOUND, NOT_FOUND),
        ("member", OK, FORBIDDEN),
        ("other_member", OK, FORBIDDEN),
        ("secretariat", OK, FORBIDDEN),
        ("deputy", OK, FORBIDDEN),
        ("ministry", OK, OK),
        ("stranger", OK, FORBIDDEN),
        ("superuser", OK, OK),
    ],
)
def test_get_agency_for_user_by_role(world, role, read, write):
    user = user_for(world, role)
    agency = world.agencies["C"]

    assert outcome(lambda: access.get_agency_for_user(user, agency.pk)) == read
    assert outcome(lambda: access.get_agency_for_user(user, agency.pk, write=True)) == write


def test_an_unknown_agency_is_not_found(world):
    unknown = max(agency.pk for agency in world.agencies.values()) + 1000

    with pytest.raises(Http404):
        access.get_agency_for_user(world.superuser, unknown)
