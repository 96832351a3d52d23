"""agency_merge: “A and B become C from D” (the 2025 mergers of provinces)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from clusters import access, services
from clusters.models import Agency, Membership, Officer

D = datetime.date(2025, 7, 1)
DAY_BEFORE = datetime.date(2025, 6, 30)


@pytest.fixture
def merger(make_agency, make_cluster, make_year):
    """Quảng Bình (A) and Quảng Trị (B) in a cluster with Huế (H), years 2024 to 2026;
    Quảng Trị (new, C) is the agency they become from 01/07/2025."""
    a = make_agency("Quảng Bình")
    b = make_agency("Quảng Trị")
    h = make_agency("Huế")
    c = make_agency("Quảng Trị (mới)", valid_from=D)
    cluster = make_cluster(number="3")
    years = {
        2024: make_year(cluster, 2024, members=[a, b, h], head=a, deputy_1=b),
        2025: make_year(cluster, 2025, members=[a, b, h], head=b, deputy_1=h),
        2026: make_year(cluster, 2026, members=[a, b, h], head=a, deputy_1=b, deputy_2=h),
    }
    return a, b, c, h, years


def seats(cluster_year):
    """{short name: (joined_on, left_on)} for every member of the year."""
    return {
        m.agency.short_name: (m.joined_on, m.left_on)
        for m in cluster_year.memberships.select_related("agency")
    }


def offices(cluster_year):
    return {
        o.role: o.membership.agency.short_name
        for o in cluster_year.officers.select_related("membership__agency")
    }


def test_merged_agencies_end_the_day_before_and_name_their_successor(merger):
    a, b, c, _h, _years = merger

    services.agency_merge(sources=[a, b], into=c, effective=D, by=None)

    for agency in (a, b):
        agency.refresh_from_db()
        assert agency.valid_to == DAY_BEFORE
        assert agency.successor == c
    c.refresh_from_db()
    assert c.valid_to is None
    assert c.successor is None


def test_past_years_keep_the_merged_agencies_as_they_were(merger):
    a, b, c, _h, years = merger

    services.agency_merge(sources=[a, b], into=c, effective=D, by=None)

    assert seats(years[2024]) == {
        "Quảng Bình": (None, None),
        "Quảng Trị": (None, None),
        "Huế": (None, None),
    }
    assert offices(years[2024]) == {
        Officer.Role.HEAD: "Quảng Bình",
        Officer.Role.DEPUTY_1: "Quảng Trị",
    }


def test_in_the_year_of_the_merger_the_merged_agencies_leave_and_the_successor_joins(merger):
    a, b, c, h, years = merger

    services.agency_merge(sources=[a, b], into=c, effective=D, by=None)

    assert seats(years[2025]) == {
        "Quảng Bình": (None, DAY_BEFORE),
        "Quảng Trị": (None, DAY_BEFORE),
        "Huế": (None, None),
        "Quảng Trị (mới)": (D, None),
    }
    assert {m.agency for m in years[2025].memberships.current()} == {c, h}
    left = Membership.objects.get(cluster_year=years[2025], agency=a)
    assert "Quảng Trị (mới)" in left.note
    # B was the head: C takes the office for the rest of the year.
    assert offices(years[2025]) == {
        Officer.Role.HEAD: "Quảng Trị (mới)",
        Officer.Role.DEPUTY_1: "Huế",
    }


def test_in_a_later_year_the_successor_takes_the_seat_and_the_first_office(merger):
    a, b, c, h, years = merger

    services.agency_merge(sources=[a, b], into=c, effective=D, by=None)

    assert {m.agency for m in years[2026].memberships.current()} == {c, h}
    assert seats(years[2026])["Quảng Trị (mới)"] == (None, None)
    # C takes A's office (head); Huế keeps its own.
    held = offices(years[2026])
    assert held[Officer.Role.HEAD] == "Quảng Trị (mới)"
    assert held[Officer.Role.DEPUTY_2] == "Huế"


def test_in_a_later_year_a_successor_that_holds_an_office_keeps_its_own(merger):
    a, _b, _c, h, years = merger
    # Huế is deputy_2 in 2026; Quảng Bình (the head) merges into Huế.
    services.agency_merge(sources=[a], into=h, effective=D, by=None)

    assert {m.agency.short_name for m in years[2026].memberships.current()} == {
        "Quảng Trị",
        "Huế",
    }
    held = offices(years[2026])
    assert held[Officer.Role.DEPUTY_2] == "Huế"
    assert list(held.values()).count("Huế") == 1


def test_the_merged_agencies_staff_become_the_successors_staff_and_keep_their_past_years(
    merger, make_user
):
    a, b, c, _h, years = merger
    staff_a, staff_b = make_user(a), make_user(b)

    services.agency_merge(sources=[a, b], into=c, effective=D, by=None)

    for user in (staff_a, staff_b):
        user.refresh_from_db()
        assert user.agency == c
        assert set(access.visible_years(user)) == set(years.values())


def test_the_records_of_the_merged_agencies_stay_with_them(merger, make_conference):
    a, b, c, _h, years = merger
    hosted = make_conference(years[2026], host=years[2026].memberships.get(agency=a))
    past = make_conference(years[2024], host=years[2024].memberships.get(agency=b))

    services.agency_merge(sources=[a, b], into=c, effective=D, by=None)

    hosted.refresh_from_db()
    past.refresh_from_db()
    assert hosted.host.agency == a
    assert past.host.agency == b
    assert hosted.host.left_on == DAY_BEFORE
    assert past.host.left_on is None


def test_merging_into_an_agency_that_does_not_exist_yet_is_refused_and_nothing_changes(
    merger, make_agency
):
    a, b, _c, _h, years = merger
    later = make_agency("Quảng Trị (sau)", valid_from=datetime.date(2025, 8, 1))

    with pytest.raises(ValidationError) as refused:
        services.agency_merge(sources=[a, b], into=later, effective=D, by=None)

    assert refused.value.messages[0] == (
        f"{later.name} không tồn tại vào ngày 01/07/2025: không thể tiếp nhận sáp nhập."
    )
    for agency in (a, b):
        agency.refresh_from_db()
        assert agency.valid_to is None
        assert agency.successor is None
    assert not Membership.objects.filter(agency=later).exists()
    assert seats(years[2025])["Quảng Bình"] == (None, None)
    assert set(seats(years[2026])) == {"Quảng Bình", "Quảng Trị", "Huế"}


def test_a_refused_merger_leaves_no_agency_half_merged(merger, make_agency):
    a, b, c, _h, _years = merger
    elsewhere = make_agency("Quảng Ngãi")
    services.agency_merge(sources=[b], into=elsewhere, effective=D, by=None)

    # A passes the checks and is written first; B then fails: A must be rolled back.
    with pytest.raises(ValidationError) as refused:
        services.agency_merge(sources=[a, b], into=c, effective=D, by=None)

    assert "Quảng Ngãi" in refused.value.messages[0]
    a.refresh_from_db()
    assert a.valid_to is None
    assert a.successor is None


def test_merging_an_agency_into_itself_is_refused(merger):
    a, b, _c, _h, _years = merger

    with pytest.raises(ValidationError):
        services.agency_merge(sources=[a, b], into=a, effective=D, by=None)

    assert not Agency.objects.filter(successor__isnull=False).exists()


def test_merging_an_agency_already_merged_is_refused(merger, make_agency):
    a, _b, c, _h, _years = merger
    services.agency_merge(sources=[a], into=c, effective=D, by=None)
    other = make_agency("Đà Nẵng")

    with pytest.raises(ValidationError) as refused:
        services.agency_merge(sources=[a], into=other, effective=datetime.date(2025, 9, 1), by=None)

    assert refused.value.messages[0].startswith(f"{a.name} (nay là ")
    assert refused.value.messages[0].endswith(f"đã được sáp nhập vào {c.name}.")
    a.refresh_from_db()
    assert a.successor == c
    assert a.valid_to == DAY_BEFORE


def test_merging_with_no_agency_is_refused(merger):
    _a, _b, c, _h, _years = merger

    with pytest.raises(ValidationError):
        services.agency_merge(sources=[], into=c, effective=D, by=None)
