"""Successors act for their predecessors' past (Cụm thi đua số II, DOMAIN.md's table).

2017: Cụm trưởng Hải Phòng; Cụm phó Thái Nguyên, Phú Thọ. 2018: Cụm trưởng Thái Nguyên; Cụm phó
Phú Thọ, Bắc Ninh. On 01/07/2025 Thái Nguyên and Bắc Kạn become the new Thái Nguyên, Bắc Giang
and Bắc Ninh the new Bắc Ninh, and their staff move there. The staff of the new agencies then
hold, in 2017 and 2018, the roles their predecessors had: the 2018 secretariat, the 2017 and
2018 deputy reviewers, the 2018 member (its own assessments, each named for the agency it is).
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from clusters import services as cluster_services
from scoring import services
from tests.fixtures.scoring import CRITERIA

MERGER_DAY = datetime.date(2025, 7, 1)
MEMBERS = ["Hải Phòng", "Thái Nguyên", "Phú Thọ", "Bắc Giang", "Bắc Ninh", "Hà Nội"]


@pytest.fixture
def cum_ii(make_agency, make_cluster, make_year, make_user):
    agencies = {name: make_agency(name) for name in [*MEMBERS, "Bắc Kạn"]}
    cluster = make_cluster(number="II")
    members = [agencies[name] for name in MEMBERS]
    years = {
        2017: make_year(
            cluster,
            2017,
            members=members,
            head=agencies["Hải Phòng"],
            deputy_1=agencies["Thái Nguyên"],
            deputy_2=agencies["Phú Thọ"],
        ),
        2018: make_year(
            cluster,
            2018,
            members=members,
            head=agencies["Thái Nguyên"],
            deputy_1=agencies["Phú Thọ"],
            deputy_2=agencies["Bắc Ninh"],
        ),
    }
    assessments = {}
    for year, cluster_year in years.items():
        services.criteria_replace(cluster_year=cluster_year, rows=CRITERIA, by=None)
        for membership in cluster_year.memberships.select_related("agency"):
            assessments[year, membership.agency.short_name] = services.assessment_open(
                membership=membership, by=None
            )
    staff = {name: make_user(agencies[name]) for name in ("Thái Nguyên", "Bắc Giang", "Bắc Ninh")}
    new = {
        "Thái Nguyên": make_agency(
            "Thái Nguyên", name="Sở Ngoại vụ tỉnh Thái Nguyên (mới)", valid_from=MERGER_DAY
        ),
        "Bắc Ninh": make_agency(
            "Bắc Ninh", name="Sở Ngoại vụ tỉnh Bắc Ninh (mới)", valid_from=MERGER_DAY
        ),
    }
    cluster_services.agency_merge(
        sources=[agencies["Thái Nguyên"], agencies["Bắc Kạn"]],
        into=new["Thái Nguyên"],
        effective=MERGER_DAY,
        by=None,
    )
    cluster_services.agency_merge(
        sources=[agencies["Bắc Giang"], agencies["Bắc Ninh"]],
        into=new["Bắc Ninh"],
        effective=MERGER_DAY,
        by=None,
    )
    for user in staff.values():
        user.refresh_from_db()
    return years, assessments, staff, new


def _status(client, user, url, method="get") -> int:
    client.force_login(user)
    return getattr(client, method)(url).status_code


@pytest.mark.parametrize(
    ("url_name", "year", "expected"),
    [
        # 2018: Thái Nguyên headed the cluster; its successor's staff run that year's pages.
        ("scoring:ranking", 2018, 200),
        ("reports:term_report_edit", 2018, 200),
        ("clusters:year_edit", 2018, 200),
        ("scoring:criterion_add", 2018, 200),
        # 2017: Thái Nguyên was the first deputy, in a year that does not let deputies help run
        # it: neither the unpublished ranking nor the settings (issue #14).
        ("scoring:ranking", 2017, 403),
        ("clusters:year_edit", 2017, 403),
    ],
)
def test_the_new_thai_nguyen_holds_the_old_one_s_offices(client, cum_ii, url_name, year, expected):
    years, _assessments, staff, _new = cum_ii
    user = staff["Thái Nguyên"]  # moved to the new Thái Nguyên by the merger

    assert user.agency.valid_from == MERGER_DAY
    assert _status(client, user, reverse(url_name, args=[years[year].pk])) == expected


def test_the_2017_deputy_s_successor_reviews_the_head_and_not_itself(client, cum_ii):
    _years, assessments, staff, _new = cum_ii
    user = staff["Thái Nguyên"]

    head = assessments[2017, "Hải Phòng"]
    own = assessments[2017, "Thái Nguyên"]
    assert _status(client, user, reverse("scoring:assessment_review", args=[head.pk])) == 200
    assert _status(client, user, reverse("scoring:assessment_review", args=[own.pk])) == 403


def test_the_2018_deputy_s_successor_reviews_the_head(client, cum_ii):
    _years, assessments, staff, _new = cum_ii
    user = staff["Bắc Ninh"]
    head = assessments[2018, "Thái Nguyên"]

    assert _status(client, user, reverse("scoring:assessment", args=[head.pk])) == 200
    assert _status(client, user, reverse("scoring:assessment_review", args=[head.pk])) == 200


def test_a_plain_member_s_successor_sees_its_own_assessment_only(client, cum_ii):
    _years, assessments, staff, _new = cum_ii
    user = staff["Bắc Giang"]  # now staff of the new Bắc Ninh, like Bắc Ninh's own staff

    assert (
        _status(
            client, user, reverse("scoring:assessment", args=[assessments[2018, "Bắc Giang"].pk])
        )
        == 200
    )
    assert (
        _status(client, user, reverse("scoring:assessment", args=[assessments[2018, "Hà Nội"].pk]))
        == 404
    )
    # Bắc Ninh was the 2018 deputy, not the head's reviewer in 2017: Hải Phòng's stays hidden.
    assert (
        _status(
            client, user, reverse("scoring:assessment", args=[assessments[2017, "Hải Phòng"].pk])
        )
        == 404
    )


def test_the_list_names_which_agency_each_own_row_is(client, cum_ii):
    years, _assessments, staff, _new = cum_ii
    client.force_login(staff["Bắc Ninh"])

    page = client.get(reverse("scoring:assessment_list", args=[years[2018].pk])).content.decode()

    assert page.count("đơn vị tiền thân của bạn") == 2  # Bắc Giang's and Bắc Ninh's rows
    assert "Sở Ngoại vụ Bắc Giang" in page
    assert "Sở Ngoại vụ Hà Nội" not in page


def test_starting_a_self_assessment_opens_the_one_chosen(client, cum_ii, make_year):
    years, assessments, staff, new = cum_ii
    # A year in which the user acts for two agencies with nothing started yet: 2024, before
    # the merger, Bắc Giang and Bắc Ninh both members.
    cluster_year = make_year(
        years[2018].cluster,
        2024,
        members=[assessments[2018, name].membership.agency for name in ("Bắc Giang", "Bắc Ninh")],
    )
    services.criteria_replace(cluster_year=cluster_year, rows=CRITERIA, by=None)
    bac_giang = cluster_year.memberships.get(agency__short_name="Bắc Giang")
    client.force_login(staff["Bắc Ninh"])

    response = client.post(
        reverse("scoring:assessment_start", args=[cluster_year.pk]),
        {"membership": bac_giang.pk},
    )

    assert response.status_code == 302
    assert bac_giang.assessments.count() == 1
    assert not cluster_year.memberships.get(agency__short_name="Bắc Ninh").assessments.exists()


def test_the_2018_secretariat_s_successor_is_among_those_who_run_2018(cum_ii):
    from clusters.access import secretariat_agencies

    years, _assessments, staff, new = cum_ii

    agencies = set(secretariat_agencies(years[2018]))

    assert new["Thái Nguyên"] in agencies
    assert staff["Thái Nguyên"].agency in agencies
    assert new["Bắc Ninh"] not in agencies  # a deputy, and 2018's deputies do not administer
