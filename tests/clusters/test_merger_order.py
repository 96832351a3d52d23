"""The 2025 mergers give the same years whichever was recorded first: the merger or the year.

Cụm thi đua số 3 and số II with their real members and the real mergers of 01/07/2025
(emulation.site.demo.directory.MERGERS_2025); each order is played inside a savepoint that is
rolled back, and the years it leaves are compared, agency by agency (name and validity, not
database ids).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from clusters import services
from clusters.models import Agency, Cluster, ClusterYear, Membership
from emulation.site.demo import clusters as demo_clusters
from emulation.site.demo import directory as demo

CUM_II_MEMBERS = [
    "Hải Phòng",
    "Thái Nguyên",
    "Phú Thọ",
    "Hà Nội",
    "Tuyên Quang",
    "Bắc Giang",
    "Bắc Ninh",
    "Hòa Bình",
    "Yên Bái",
    "Vĩnh Phúc",
    "Thái Bình",
]
# 2025 officers chosen so that the mergers move them: Bắc Giang (head) and Bắc Ninh (first
# deputy) both become Bắc Ninh; Phú Thọ (second deputy) becomes the new Phú Thọ.
CUM_II_OFFICERS = {"head": "Bắc Giang", "deputy_1": "Bắc Ninh", "deputy_2": "Phú Thọ"}
CUM_3_OFFICERS = {"head": "Thanh Hóa", "deputy_1": "Quảng Bình", "deputy_2": None}
YEARS = {
    "3": (demo_clusters.CUM_3_MEMBERS_2025, CUM_3_OFFICERS),
    "II": (CUM_II_MEMBERS, CUM_II_OFFICERS),
}


@pytest.fixture
def agencies(db) -> dict[str, Agency]:
    keys = {key for _day, into, sources in demo.MERGERS_2025 for key in (into, *sources)}
    keys |= set(demo_clusters.CUM_3_MEMBERS_2025) | set(CUM_II_MEMBERS)
    made = {}
    for key in sorted(keys):
        fields = {k: v for k, v in demo.AGENCIES[key].items() if k != "province"}
        made[key] = services.agency_create(by=None, **fields)
    return made


@pytest.fixture
def clusters(db) -> dict[str, Cluster]:
    return {
        number: services.cluster_create(
            by=None,
            kind=Cluster.Kind.CLUSTER,
            number=number,
            supervisor_kind=Cluster.Supervisor.MINISTRY,
            supervisor_name="Bộ Ngoại giao",
        )
        for number in YEARS
    }


def _merge_all(agencies) -> None:
    for effective, into, sources in demo.MERGERS_2025:
        services.agency_merge(
            sources=[agencies[key] for key in sources],
            into=agencies[into],
            effective=effective,
            by=None,
        )


def _create_2025(clusters, agencies) -> None:
    for number, (members, officers) in YEARS.items():
        services.cluster_year_create(
            cluster=clusters[number],
            year=2025,
            agencies=[agencies[key] for key in members],
            by=None,
            **{role: agencies[key] if key else None for role, key in officers.items()},
        )


def _snapshot() -> dict:
    """Every year: {(agency, its validity): (joined, left, office)}."""
    years = {}
    for cluster_year in ClusterYear.objects.select_related("cluster"):
        rows = {}
        for membership in cluster_year.memberships.select_related("agency"):
            office = membership.offices.values_list("role", flat=True).first()
            agency = membership.agency
            key = (agency.name, agency.valid_from, agency.valid_to)
            rows[key] = (membership.joined_on, membership.left_on, office)
        years[(cluster_year.cluster.number, cluster_year.year)] = rows
    return years


def _played(play, agencies) -> dict:
    for agency in agencies.values():  # a rolled-back play may have changed them in memory
        agency.refresh_from_db()
    with transaction.atomic():
        play()
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


def test_the_real_2025_mergers_give_the_same_years_in_either_order(clusters, agencies):
    def years_then_mergers():
        _create_2025(clusters, agencies)
        _merge_all(agencies)
        for cluster_year in ClusterYear.objects.filter(year=2025):
            services.cluster_year_start_next(cluster_year=cluster_year, by=None)

    def mergers_then_years():
        _merge_all(agencies)
        _create_2025(clusters, agencies)
        for cluster_year in ClusterYear.objects.filter(year=2025):
            services.cluster_year_start_next(cluster_year=cluster_year, by=None)

    first, second = _played(years_then_mergers, agencies), _played(mergers_then_years, agencies)

    assert first == second
    cum_3 = first[("3", 2025)]
    current = {name for (name, _f, _t), (_j, left, _o) in cum_3.items() if left is None}
    assert len(current) == 7
    day_before, merger_day = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)
    # The old Quảng Trị left on the merger's eve; the new one joined on the day, and the first
    # deputy's office went with Quảng Bình into it.
    assert cum_3[("Sở Ngoại vụ tỉnh Quảng Trị", None, day_before)] == (None, day_before, None)
    assert cum_3[("Sở Ngoại vụ tỉnh Quảng Trị", merger_day, None)] == (
        merger_day,
        None,
        "deputy_1",
    )
    cum_ii = first[("II", 2025)]
    # Bắc Giang (head) and Bắc Ninh (first deputy) become Bắc Ninh: it takes the higher office.
    assert cum_ii[("Sở Ngoại vụ tỉnh Bắc Ninh", merger_day, None)] == (merger_day, None, "head")
    assert cum_ii[("Sở Ngoại vụ tỉnh Phú Thọ", merger_day, None)][2] == "deputy_2"
    # 11 members; Bắc Giang and Bắc Ninh become one, and so do Vĩnh Phúc, Hòa Bình and Phú Thọ.
    assert len([row for row in cum_ii.values() if row[1] is None]) == 8
    # The next year starts with the successors only.
    assert all(left is None for _j, left, _o in first[("II", 2026)].values())
    assert len(first[("II", 2026)]) == 8


def test_a_later_year_made_before_the_merger_matches_one_started_after_it(clusters, agencies):
    def years_then_mergers():
        services.cluster_year_create(
            cluster=clusters["3"],
            year=2026,
            agencies=[agencies[key] for key in demo_clusters.CUM_3_MEMBERS_2025],
            by=None,
        )
        _merge_all(agencies)

    def mergers_then_years():
        _merge_all(agencies)
        previous = services.cluster_year_create(
            cluster=clusters["3"],
            year=2025,
            agencies=[agencies[key] for key in demo_clusters.CUM_3_MEMBERS_2025],
            by=None,
        )
        services.cluster_year_start_next(cluster_year=previous, by=None)

    first = _played(years_then_mergers, agencies)[("3", 2026)]
    second = _played(mergers_then_years, agencies)[("3", 2026)]

    assert first == second
    assert len(first) == 7


def test_a_merger_that_would_loop_is_refused_and_nothing_changes(agencies):
    quang_binh, quang_tri = agencies["Quảng Bình"], agencies["Quảng Trị"]
    services.agency_merge(
        sources=[quang_binh], into=quang_tri, effective=datetime.date(2025, 7, 1), by=None
    )

    with pytest.raises(ValidationError) as refused:
        services.agency_merge(
            sources=[quang_tri], into=quang_binh, effective=datetime.date(2025, 3, 1), by=None
        )

    assert "chuỗi cơ quan kế thừa sẽ quay vòng" in refused.value.messages[0]
    quang_tri.refresh_from_db()
    assert quang_tri.successor is None
    assert quang_tri.valid_to is None


def test_a_merger_dated_before_the_merged_agency_began_is_refused(agencies):
    new_quang_tri = agencies["Quảng Trị/2025"]
    other = agencies["Hà Tĩnh"]

    with pytest.raises(ValidationError) as refused:
        services.agency_merge(
            sources=[new_quang_tri], into=other, effective=datetime.date(2025, 5, 1), by=None
        )

    assert (
        "chỉ có từ ngày 01/07/2025: không thể sáp nhập từ ngày 01/05/2025"
        in (refused.value.messages[0])
    )
    new_quang_tri.refresh_from_db()
    assert new_quang_tri.successor is None
    assert not Membership.objects.exists()


def _successors_start_on(agencies, effective) -> None:
    """The records made for the mergers start on the day they take effect."""
    for _day, into, _sources in demo.MERGERS_2025:
        services.agency_update(agency=agencies[into], by=None, valid_from=effective)


def _merge_all_on(agencies, effective) -> None:
    for _day, into, sources in demo.MERGERS_2025:
        services.agency_merge(
            sources=[agencies[key] for key in sources],
            into=agencies[into],
            effective=effective,
            by=None,
        )


def _correct_all(agencies, effective) -> None:
    for _day, _into, sources in demo.MERGERS_2025:
        merged = agencies[sources[0]]
        merged.refresh_from_db()
        services.agency_merger_redate(agency=merged, effective=effective, by=None)


@pytest.mark.parametrize(
    "corrected",
    [datetime.date(2025, 8, 1), datetime.date(2025, 3, 1), datetime.date(2025, 1, 1)],
    ids=["later-in-the-year", "earlier-in-the-year", "from-the-year-s-first-day"],
)
def test_a_corrected_merger_date_gives_the_years_recording_it_on_that_date_gives(
    clusters, agencies, corrected
):
    def start_2026():
        for cluster_year in ClusterYear.objects.filter(year=2025):
            services.cluster_year_start_next(cluster_year=cluster_year, by=None)

    def years_then_mergers_then_correction():
        _create_2025(clusters, agencies)
        _merge_all(agencies)
        start_2026()
        _correct_all(agencies, corrected)

    def mergers_then_years_then_correction():
        _merge_all(agencies)
        _create_2025(clusters, agencies)
        start_2026()
        _correct_all(agencies, corrected)

    def recorded_on_the_corrected_date():  # the year first: a merger on 01/01 leaves no seat
        _successors_start_on(agencies, corrected)
        _create_2025(clusters, agencies)
        _merge_all_on(agencies, corrected)
        start_2026()

    first = _played(years_then_mergers_then_correction, agencies)
    second = _played(mergers_then_years_then_correction, agencies)
    expected = _played(recorded_on_the_corrected_date, agencies)

    assert first == expected
    assert second == expected
    cum_3 = expected[("3", 2025)]
    assert len([row for row in cum_3.values() if row[1] is None]) == 7
    if corrected.day != 1 or corrected.month != 1:
        day_before = corrected - datetime.timedelta(days=1)
        assert cum_3[("Sở Ngoại vụ tỉnh Quảng Trị", None, day_before)] == (None, day_before, None)
        assert cum_3[("Sở Ngoại vụ tỉnh Quảng Trị", corrected, None)][:2] == (corrected, None)
    else:  # the successors hold the seats from the year's start
        assert cum_3[("Sở Ngoại vụ tỉnh Quảng Trị", corrected, None)] == (None, None, "deputy_1")
        assert ("Sở Ngoại vụ tỉnh Quảng Bình", None, datetime.date(2024, 12, 31)) not in cum_3


def test_a_merger_moved_later_past_the_year_that_gave_away_its_seat_is_refused(clusters, agencies):
    _create_2025(clusters, agencies)
    _merge_all(agencies)
    quang_binh = agencies["Quảng Bình"]
    quang_binh.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.agency_merger_redate(
            agency=quang_binh, effective=datetime.date(2026, 3, 1), by=None
        )

    assert "chỉ có thể dời muộn hơn" in refused.value.messages[0]
    quang_binh.refresh_from_db()
    assert quang_binh.valid_to == datetime.date(2025, 6, 30)
    assert Membership.objects.filter(agency=quang_binh, left_on=quang_binh.valid_to).exists()


def test_a_merger_corrected_to_before_the_merged_agency_began_is_refused(agencies):
    old_quang_tri = agencies["Quảng Trị"]
    services.agency_update(agency=old_quang_tri, by=None, valid_from=datetime.date(2020, 1, 1))
    _merge_all(agencies)
    old_quang_tri.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.agency_merger_redate(
            agency=old_quang_tri, effective=datetime.date(2019, 7, 1), by=None
        )

    assert "01/01/2020" in refused.value.messages[0]
    old_quang_tri.refresh_from_db()
    assert old_quang_tri.valid_to == datetime.date(2025, 6, 30)
    assert agencies["Quảng Trị/2025"].valid_from == datetime.date(2025, 7, 1)


def test_a_merger_s_dates_are_not_edited_as_the_agency_s_record(agencies):
    _merge_all(agencies)
    quang_binh, new_quang_tri = agencies["Quảng Bình"], agencies["Quảng Trị/2025"]
    quang_binh.refresh_from_db()
    new_quang_tri.refresh_from_db()

    with pytest.raises(ValidationError) as ended:
        services.agency_update(agency=quang_binh, by=None, valid_to=datetime.date(2025, 7, 31))
    with pytest.raises(ValidationError) as began:
        services.agency_update(agency=new_quang_tri, by=None, valid_from=datetime.date(2025, 8, 1))

    assert "Sửa ngày sáp nhập" in ended.value.messages[0]
    assert "Sửa ngày sáp nhập" in began.value.messages[0]
    quang_binh.refresh_from_db()
    assert quang_binh.valid_to == datetime.date(2025, 6, 30)
