"""Cluster years: creating, settings, starting the next year, members and officers."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from clusters import services
from clusters.models import ClusterYear, Membership, Officer


def officers_of(cluster_year):
    return {
        o.role: o.membership.agency.short_name
        for o in cluster_year.officers.select_related("membership__agency")
    }


def settings_of(cluster_year):
    cluster_year.refresh_from_db()
    return {
        name: getattr(cluster_year, name)
        for name in (
            "self_assessment_opens",
            "self_assessment_deadline",
            "review_deadline",
            "vote_threshold",
            "excellent_min",
            "good_min",
            "fair_min",
            "deputies_administer",
        )
    }


# cluster_year_create -----------------------------------------------------------------------


def test_a_year_is_created_with_its_members(make_cluster, make_agency):
    cluster = make_cluster()
    hue, hanoi = make_agency("Huế"), make_agency("Hà Nội")

    cluster_year = services.cluster_year_create(
        cluster=cluster, year=2025, agencies=[hue, hanoi], by=None
    )

    assert {m.agency for m in cluster_year.memberships.all()} == {hue, hanoi}


def test_a_year_that_exists_already_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.cluster_year_create(cluster=world.cluster, year=2025, by=None)

    assert "2025" in refused.value.messages[0]
    assert ClusterYear.objects.filter(cluster=world.cluster).count() == 1


def test_a_new_year_with_a_deadline_before_the_opening_is_refused(make_cluster):
    cluster = make_cluster()

    with pytest.raises(ValidationError) as refused:
        services.cluster_year_create(
            cluster=cluster,
            year=2025,
            by=None,
            self_assessment_opens=datetime.date(2025, 11, 1),
            self_assessment_deadline=datetime.date(2025, 10, 1),
        )

    assert "self_assessment_deadline" in refused.value.message_dict
    assert not cluster.years.exists()


# cluster_year_update -----------------------------------------------------------------------


def test_the_year_settings_are_saved(world):
    services.cluster_year_update(
        cluster_year=world.year,
        by=world.secretariat_user,
        self_assessment_opens=datetime.date(2025, 11, 1),
        self_assessment_deadline=datetime.date(2025, 11, 30),
        review_deadline=datetime.date(2025, 12, 10),
        excellent_min=Decimal("90"),
        good_min=Decimal("80"),
        fair_min=Decimal("65"),
    )

    saved = settings_of(world.year)
    assert saved["self_assessment_deadline"] == datetime.date(2025, 11, 30)
    assert saved["review_deadline"] == datetime.date(2025, 12, 10)
    assert saved["fair_min"] == Decimal("65")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param(
            {
                "self_assessment_opens": datetime.date(2025, 11, 1),
                "self_assessment_deadline": datetime.date(2025, 10, 31),
            },
            "self_assessment_deadline",
            id="deadline before the opening",
        ),
        pytest.param(
            {
                "self_assessment_deadline": datetime.date(2025, 11, 30),
                "review_deadline": datetime.date(2025, 11, 29),
            },
            "review_deadline",
            id="review deadline before the self-assessment deadline",
        ),
        pytest.param(
            {"excellent_min": Decimal("80"), "good_min": Decimal("90"), "fair_min": None},
            "good_min",
            id="good above excellent",
        ),
        pytest.param(
            {"excellent_min": None, "good_min": Decimal("70"), "fair_min": Decimal("75")},
            "good_min",
            id="fair above good",
        ),
        pytest.param(
            {"excellent_min": Decimal("80"), "good_min": Decimal("80"), "fair_min": None},
            "good_min",
            id="two equal thresholds",
        ),
        pytest.param({"vote_threshold": Decimal("40")}, "vote_threshold", id="vote below half"),
    ],
)
def test_inconsistent_year_settings_are_refused_and_the_year_is_unchanged(world, changes, field):
    services.cluster_year_update(
        cluster_year=world.year,
        by=None,
        self_assessment_opens=datetime.date(2025, 10, 1),
        self_assessment_deadline=datetime.date(2025, 12, 1),
        review_deadline=datetime.date(2025, 12, 20),
        excellent_min=Decimal("95"),
        good_min=Decimal("85"),
        fair_min=Decimal("70"),
    )
    before = settings_of(world.year)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.cluster_year_update(cluster_year=world.year, by=None, **changes)

    assert field in refused.value.message_dict
    assert refused.value.message_dict[field][0]
    assert settings_of(world.year) == before


# cluster_year_start_next -------------------------------------------------------------------


def test_the_next_year_starts_with_the_current_members_and_the_settings(world):
    services.cluster_year_update(
        cluster_year=world.year,
        by=None,
        deputies_administer=True,
        vote_threshold=Decimal("66.67"),
        excellent_min=Decimal("90"),
        good_min=Decimal("80"),
        fair_min=Decimal("70"),
        self_assessment_deadline=datetime.date(2025, 11, 30),
    )

    following = services.cluster_year_start_next(cluster_year=world.year, by=None)

    assert following.cluster == world.cluster
    assert following.year == 2026
    assert {m.agency.short_name for m in following.memberships.all()} == {
        "Hải Phòng",
        "Thái Nguyên",
        "Phú Thọ",
        "Hà Nội",
    }
    assert following.deputies_administer is True
    assert following.vote_threshold == Decimal("66.67")
    assert (following.excellent_min, following.good_min, following.fair_min) == (
        Decimal("90"),
        Decimal("80"),
        Decimal("70"),
    )
    assert following.self_assessment_deadline is None  # dates belong to their year
    assert not following.officers.exists()  # elected at the year-end conference


@pytest.mark.parametrize(
    ("merged", "successor", "effective", "seated"),
    [
        pytest.param(
            "AB",
            "Hải Phòng (mới)",
            datetime.date(2026, 1, 1),
            {"Hải Phòng (mới)", "Phú Thọ", "Hà Nội"},
            id="the-successor-of-agencies-merged-at-new-year-is-seated",
        ),
        pytest.param(
            "CD",
            "Hà Nội (mới)",
            datetime.date(2025, 7, 1),
            {"Hải Phòng", "Thái Nguyên", "Hà Nội (mới)"},
            id="members-that-left-during-the-year-are-left-out",
        ),
    ],
)
def test_the_next_year_follows_the_mergers_of_its_members(
    world, make_agency, merged, successor, effective, seated
):
    sources = [world.agencies[letter] for letter in merged]
    into = make_agency(successor, valid_from=effective)
    services.agency_merge(sources=sources, into=into, effective=effective, by=None)

    following = services.cluster_year_start_next(cluster_year=world.year, by=None)

    assert {m.agency.short_name for m in following.memberships.all()} == seated


def test_starting_the_next_year_twice_returns_the_same_year(world):
    first = services.cluster_year_start_next(cluster_year=world.year, by=None)
    services.membership_remove(
        membership=first.memberships.get(agency=world.agencies["D"]), by=None
    )

    second = services.cluster_year_start_next(cluster_year=world.year, by=None)

    assert second.pk == first.pk
    assert world.cluster.years.count() == 2
    assert second.memberships.count() == 3  # left as the secretariat edited it


# membership_add / membership_remove --------------------------------------------------------


def test_a_member_added_twice_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.membership_add(cluster_year=world.year, agency=world.agencies["C"], by=None)

    assert "Phú Thọ" in refused.value.messages[0]
    assert world.year.memberships.filter(agency=world.agencies["C"]).count() == 1


def test_an_agency_that_did_not_exist_yet_in_the_year_is_refused(world, make_agency):
    new = make_agency("Lào Cai (mới)", valid_from=datetime.date(2026, 1, 1))

    with pytest.raises(ValidationError) as refused:
        services.membership_add(cluster_year=world.year, agency=new, by=None)

    assert "Lào Cai (mới)" in refused.value.messages[0]
    assert "2025" in refused.value.messages[0]
    assert not Membership.objects.filter(agency=new).exists()


def test_an_agency_that_no_longer_existed_in_the_year_is_refused(world, make_agency):
    gone = make_agency("Hà Tây", valid_to=datetime.date(2008, 7, 31))

    with pytest.raises(ValidationError) as refused:
        services.membership_add(cluster_year=world.year, agency=gone, by=None)

    assert "Hà Tây" in refused.value.messages[0]
    assert not Membership.objects.filter(agency=gone).exists()


def test_an_agency_that_existed_part_of_the_year_can_be_added(world, make_agency):
    merged = make_agency("Quảng Ngãi (mới)", valid_from=datetime.date(2025, 7, 1))

    membership = services.membership_add(cluster_year=world.year, agency=merged, by=None)

    assert membership.cluster_year == world.year


def test_a_member_with_nothing_recorded_can_be_removed(world):
    services.membership_remove(membership=world.memberships["D"], by=None)

    assert not world.year.memberships.filter(agency=world.agencies["D"]).exists()


def test_a_member_holding_an_office_cannot_be_removed(world):
    with pytest.raises(ValidationError) as refused:
        services.membership_remove(membership=world.memberships["A"], by=None)

    assert "Hải Phòng" in refused.value.messages[0]
    assert world.year.memberships.filter(agency=world.agencies["A"]).exists()


def test_a_member_that_attended_a_conference_cannot_be_removed(world, make_conference):
    conference = make_conference(world.year)
    services.attendance_set(
        conference=conference, delegates=[services.Delegate(world.memberships["D"])], by=None
    )

    with pytest.raises(ValidationError) as refused:
        services.membership_remove(membership=world.memberships["D"], by=None)

    assert "Hà Nội" in refused.value.messages[0]
    assert world.year.memberships.filter(agency=world.agencies["D"]).exists()


# officers_set ------------------------------------------------------------------------------


def test_officers_are_replaced(world):
    m = world.memberships

    services.officers_set(
        cluster_year=world.year, head=m["C"], deputy_1=m["D"], deputy_2=m["A"], by=None
    )

    assert officers_of(world.year) == {
        Officer.Role.HEAD: "Phú Thọ",
        Officer.Role.DEPUTY_1: "Hà Nội",
        Officer.Role.DEPUTY_2: "Hải Phòng",
    }


def test_an_officer_who_is_not_a_member_of_the_year_is_refused(world):
    before = officers_of(world.year)

    with pytest.raises(ValidationError) as refused:
        services.officers_set(
            cluster_year=world.year,
            head=world.memberships["A"],
            deputy_1=world.other_membership,
            by=None,
        )

    assert "Quảng Trị" in refused.value.message_dict[Officer.Role.DEPUTY_1][0]
    assert officers_of(world.year) == before


def test_one_member_holding_two_offices_is_refused(world):
    before = officers_of(world.year)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.officers_set(
            cluster_year=world.year,
            head=world.memberships["C"],
            deputy_1=world.memberships["C"],
            by=None,
        )

    assert "two offices" in refused.value.messages[0]
    assert officers_of(world.year) == before


def test_a_second_deputy_without_a_first_is_refused(world):
    before = officers_of(world.year)

    with pytest.raises(ValidationError) as refused:
        services.officers_set(
            cluster_year=world.year,
            head=world.memberships["C"],
            deputy_2=world.memberships["D"],
            by=None,
        )

    assert "deputy_1" in refused.value.message_dict
    assert officers_of(world.year) == before


def test_a_new_year_with_an_officer_who_is_not_a_member_is_refused_and_not_created(
    make_cluster, make_agency
):
    cluster = make_cluster()
    hue, hanoi = make_agency("Huế"), make_agency("Hà Nội")

    with pytest.raises(ValidationError) as refused:
        services.cluster_year_create(
            cluster=cluster, year=2025, agencies=[hue], head=hue, deputy_1=hanoi, by=None
        )

    assert "Hà Nội" in refused.value.message_dict["deputy_1"][0]
    assert not cluster.years.exists()
    assert not Membership.objects.filter(agency=hue).exists()


def test_a_new_year_with_deputies_but_no_head_is_refused_and_not_created(make_cluster, make_agency):
    cluster = make_cluster()
    hue = make_agency("Huế")

    with pytest.raises(ValidationError) as refused:
        services.cluster_year_create(
            cluster=cluster, year=2025, agencies=[hue], deputy_1=hue, by=None
        )

    assert "head" in refused.value.message_dict
    assert not cluster.years.exists()
