"""Agencies named so that they cannot be confused, after the 2025 mergers (clusters.agency_names).

Kon Tum and Quảng Ngãi become the new Quảng Ngãi, Quảng Bình and Quảng Trị the new Quảng Trị,
on 01/07/2025: two records named “Sở Ngoại vụ tỉnh Quảng Ngãi”, two “… Quảng Trị”.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters import services
from clusters.forms import (
    AgencyMergeForm,
    ClusterYearCreateForm,
    ConferenceForm,
    MemberAddForm,
    OfficersForm,
)
from clusters.member_changes import year_changes
from clusters.models import Agency, Conference, Officer

D = datetime.date(2025, 7, 1)
OLD_QN = "Sở Ngoại vụ tỉnh Quảng Ngãi (đến 30/06/2025)"
NEW_QN = "Sở Ngoại vụ tỉnh Quảng Ngãi (từ 01/07/2025)"


@pytest.fixture
def merged(make_agency, make_cluster, make_year):
    def department(short_name, **fields):
        return make_agency(short_name, name=f"Sở Ngoại vụ tỉnh {short_name}", **fields)

    old = {name: department(name) for name in ("Quảng Ngãi", "Kon Tum", "Quảng Bình", "Quảng Trị")}
    hue = department("Huế")
    new = {name: department(name, valid_from=D) for name in ("Quảng Ngãi", "Quảng Trị")}
    cluster = make_cluster(number="3")
    years = {
        year: make_year(
            cluster,
            year,
            members=[old["Quảng Ngãi"], old["Quảng Bình"], old["Quảng Trị"], hue],
            head=old["Quảng Bình"],
            deputy_1=old["Quảng Ngãi"],
        )
        for year in (2024, 2025)
    }
    services.agency_merge(
        sources=[old["Kon Tum"], old["Quảng Ngãi"]], into=new["Quảng Ngãi"], effective=D, by=None
    )
    services.agency_merge(
        sources=[old["Quảng Bình"], old["Quảng Trị"]], into=new["Quảng Trị"], effective=D, by=None
    )
    for agency in [*old.values(), *new.values()]:
        agency.refresh_from_db()
    return old, new, hue, years


def test_two_records_of_one_name_carry_their_validity(merged):
    old, new, hue, _years = merged

    assert str(old["Quảng Ngãi"]) == OLD_QN
    assert str(new["Quảng Ngãi"]) == NEW_QN
    # A merged agency of another name says what it is now; one alone with its name is plain.
    assert (
        str(old["Quảng Bình"]) == "Sở Ngoại vụ tỉnh Quảng Bình (nay là Sở Ngoại vụ tỉnh Quảng Trị)"
    )
    assert str(old["Kon Tum"]) == "Sở Ngoại vụ tỉnh Kon Tum (nay là Sở Ngoại vụ tỉnh Quảng Ngãi)"
    assert str(hue) == "Sở Ngoại vụ tỉnh Huế"


def test_the_labelled_queryset_names_them_alike_without_a_query_each(
    merged, django_assert_num_queries
):
    agencies = list(Agency.objects.labelled().order_by("short_name", "valid_from"))

    with django_assert_num_queries(0):
        labels = [str(agency) for agency in agencies]

    assert labels.count(OLD_QN) == labels.count(NEW_QN) == 1
    assert len(set(labels)) == len(labels)


def test_pickers_offer_the_agencies_of_the_date_that_matters_with_their_labels(merged):
    old, new, _hue, years = merged

    # Adding a member to 2026: only agencies that exist in 2026.
    cluster_2026 = services.cluster_year_start_next(cluster_year=years[2025], by=None)
    choices = [
        label for _value, label in MemberAddForm(cluster_year=cluster_2026).fields["agency"].choices
    ]
    assert "Sở Ngoại vụ tỉnh Kon Tum (nay là Sở Ngoại vụ tỉnh Quảng Ngãi)" not in choices
    assert OLD_QN not in choices
    # The merge form: only agencies not merged yet, none of them twice under one name.
    merge = AgencyMergeForm()
    sources = [label for _value, label in merge.fields["sources"].choices]
    assert NEW_QN in sources
    assert OLD_QN not in sources
    assert len(set(sources)) == len(sources)

    # A new year's form offers the records that exist during its year, each told apart.
    def offered(year):
        form = ClusterYearCreateForm(initial={"year": year})
        return [label for _value, label in form.fields["agencies"].choices]

    assert OLD_QN in offered(2025) and NEW_QN in offered(2025)
    assert OLD_QN not in offered(2026) and NEW_QN in offered(2026)
    assert OLD_QN in offered(2024) and NEW_QN not in offered(2024)
    # A sent form follows the year typed: a predecessor picked for 2026 is refused.
    old_qn = Agency.objects.get(name="Sở Ngoại vụ tỉnh Quảng Ngãi", valid_to__isnull=False)
    sent = ClusterYearCreateForm(data={"year": "2026", "agencies": [old_qn.pk], "head": old_qn.pk})
    assert not sent.is_valid()
    assert "agencies" in sent.errors and "head" in sent.errors


def test_the_officers_picker_of_the_merger_year_tells_the_two_rows_apart(merged):
    _old, _new, _hue, years = merged

    labels = [
        label for _value, label in OfficersForm(cluster_year=years[2025]).fields["head"].choices
    ]

    assert OLD_QN in labels and NEW_QN in labels


def test_the_year_page_names_both_rows_and_says_what_changed(client, merged, superuser):
    _old, _new, _hue, years = merged
    client.force_login(superuser)

    page = client.get(reverse("clusters:year_detail", args=[years[2025].pk])).content.decode()

    assert OLD_QN in page and NEW_QN in page
    assert "Đã sáp nhập vào Sở Ngoại vụ tỉnh Quảng Ngãi (từ 01/07/2025)" in page
    assert (
        "Đến cuối năm 2025: 3 đơn vị; từ 01/07/2025 Sở Ngoại vụ tỉnh Quảng Bình và Sở Ngoại vụ "
        "tỉnh Quảng Trị (đến 30/06/2025) hợp nhất vào Sở Ngoại vụ tỉnh Quảng Trị (từ 01/07/2025), "
        "Sở Ngoại vụ tỉnh Quảng Ngãi (đến 30/06/2025) hợp nhất vào Sở Ngoại vụ tỉnh Quảng Ngãi "
        "(từ 01/07/2025)."
    ) in page


def test_a_year_no_merger_touched_names_its_members_as_before(client, merged, superuser):
    _old, _new, _hue, years = merged
    client.force_login(superuser)

    page = client.get(reverse("clusters:year_detail", args=[years[2024].pk])).content.decode()

    assert "(đến 30/06/2025)" not in page
    assert "Đến cuối năm" not in page
    assert year_changes(years[2024].memberships.select_related("agency"), 2024).events == []


def test_the_admin_lists_the_labels(admin_client, merged):
    page = admin_client.get(reverse("admin:clusters_agency_changelist")).content.decode()

    assert OLD_QN in page and NEW_QN in page


def test_the_admin_s_member_pickers_tell_the_two_rows_apart(admin_client, merged):
    _old, _new, _hue, years = merged

    page = admin_client.get(
        reverse("admin:clusters_clusteryear_change", args=[years[2025].pk])
    ).content.decode()

    assert f"{OLD_QN} · Cụm thi đua số 3, năm 2025" in page
    assert f"{NEW_QN} · Cụm thi đua số 3, năm 2025" in page


def test_officers_are_listed_in_protocol_order(make_agency, make_cluster, make_year):
    a, b, c = make_agency("Thanh Hóa"), make_agency("Nghệ An"), make_agency("Hà Tĩnh")
    cluster_year = make_year(
        make_cluster(), 2025, members=[a, b, c], head=c, deputy_1=b, deputy_2=a
    )

    roles = [officer.role for officer in cluster_year.officers.all()]

    assert roles == [Officer.Role.HEAD, Officer.Role.DEPUTY_1, Officer.Role.DEPUTY_2]


def test_the_attendance_form_lists_the_members_on_the_conference_s_date(
    client, merged, superuser, make_conference
):
    _old, _new, _hue, years = merged
    before = make_conference(years[2025], starts_on=datetime.date(2025, 3, 1))
    after = make_conference(years[2025], starts_on=datetime.date(2025, 12, 15))
    client.force_login(superuser)

    march = client.get(reverse("clusters:attendance_edit", args=[before.pk])).content.decode()
    december = client.get(reverse("clusters:attendance_edit", args=[after.pk])).content.decode()

    assert OLD_QN in march and NEW_QN not in march
    assert NEW_QN in december and OLD_QN not in december
    assert december.count('type="checkbox"') == 3  # Huế, the new Quảng Ngãi and Quảng Trị


def test_the_host_picker_offers_the_members_on_the_conference_s_date(merged, make_conference):
    _old, _new, _hue, years = merged
    december = make_conference(years[2025], starts_on=datetime.date(2025, 12, 15))

    hosts = [
        label
        for _value, label in ConferenceForm(instance=december, cluster_year=years[2025])
        .fields["host"]
        .choices
    ]

    assert NEW_QN in hosts and OLD_QN not in hosts
    assert len(hosts) == 4  # the empty choice, Huế, the new Quảng Ngãi and Quảng Trị


def test_a_host_that_was_not_a_member_on_the_conference_s_date_is_refused(merged):
    old, _new, _hue, years = merged
    old_member = years[2025].memberships.get(agency=old["Quảng Ngãi"])
    conference = Conference(
        cluster_year=years[2025],
        kind=Conference.Kind.YEAR_END,
        title="Hội nghị tổng kết 2025",
        starts_on=datetime.date(2025, 12, 15),
        place="Huế",
        host=old_member,
    )

    with pytest.raises(ValidationError) as refused:
        services.conference_save(conference=conference, by=None)

    assert refused.value.message_dict["host"] == [
        f"{OLD_QN} không phải là thành viên vào ngày 15/12/2025, ngày khai mạc hội nghị."
    ]
    assert not Conference.objects.exists()


def test_the_term_report_of_the_merger_year_counts_the_members_at_its_end(merged):
    from reports import documents
    from scoring.models import Assessment

    _old, _new, _hue, years = merged
    year = Assessment.Period.YEAR
    ranking = documents.term_ranking(years[2025], year)

    html = documents.html(documents.term_report(years[2025], year, ranking))

    assert "Đến cuối năm 2025, Cụm có 3 đơn vị; từ 01/07/2025 Sở Ngoại vụ tỉnh Quảng Bình" in html
    assert html.count(OLD_QN) == html.count(NEW_QN) == 2  # in the line and in the table
