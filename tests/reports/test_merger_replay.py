"""A past year's documents stay byte for byte what they were when a merger is recorded later.

The world's year (2025) is final and published, with its covenant and year-end minutes; then
A and B (the head and the first deputy) merge from 01/07/2026 into a new record of A's very
name, and the 2026 year exists. Every document of 2025 — term report, covenant, minutes (their
HTML, which the PDF is made from and cached by) and the scores workbook — is unchanged.
"""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from clusters import services
from reports import documents, spreadsheets
from scoring.models import Assessment

MERGER_DAY = datetime.date(2026, 7, 1)


def _documents(world, covenant, conference) -> dict[str, object]:
    ranking = documents.term_ranking(world.year, Assessment.Period.YEAR)
    workbook, _title = spreadsheets.scores_workbook(ranking)
    sheets = load_workbook(io.BytesIO(workbook))
    return {
        "term_report": documents.html(
            documents.term_report(world.year, Assessment.Period.YEAR, ranking)
        ),
        "covenant": documents.html(documents.covenant(covenant)),
        "minutes": documents.html(documents.minutes(conference)),
        "scores": {
            sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in sheets.worksheets
        },
    }


def test_a_later_merger_leaves_the_past_year_s_documents_as_they_were(
    world, published, covenant, conference, make_agency
):
    before = _documents(world, covenant, conference)
    following = services.cluster_year_start_next(cluster_year=world.year, by=None)
    a, b = world.agencies["A"], world.agencies["B"]
    successor = make_agency(a.short_name, name=a.name, valid_from=MERGER_DAY)

    services.agency_merge(sources=[a, b], into=successor, effective=MERGER_DAY, by=None)

    after = _documents(world, covenant, conference)
    for name in before:
        assert after[name] == before[name], name
    # The merger did happen: 2026 names the two records of A's name apart.
    labels = {m.agency.label_in_year(2026) for m in following.memberships.select_related("agency")}
    assert f"{a.name} (đến 30/06/2026)" in labels
    assert f"{a.name} (từ 01/07/2026)" in labels


def test_a_merger_inside_a_published_year_asks_first_and_says_what_changes(
    client, world, published, make_agency
):
    a, b = world.agencies["A"], world.agencies["B"]
    successor = make_agency("Hải Phòng mới", valid_from=datetime.date(2025, 7, 1))
    url = reverse("clusters:agency_merge")
    data = {"sources": [a.pk, b.pk], "into": successor.pk, "effective": "01/07/2025"}
    client.force_login(world.ministry_user)

    refused = client.post(url, data)

    assert refused.status_code == 400  # the form again, with the question
    page = refused.content.decode()
    assert "đã công bố xếp hạng" in page
    assert f"2025, {world.cluster.title}" in page
    assert "30/06/2025" in page
    a.refresh_from_db()
    assert a.successor is None
    assert not world.year.memberships.filter(left_on__isnull=False).exists()

    recorded = client.post(url, {**data, "confirm": "on"})

    assert recorded.status_code == 302
    a.refresh_from_db()
    assert a.successor == successor
    assert world.year.memberships.get(agency=successor).joined_on == datetime.date(2025, 7, 1)


def test_a_merger_that_changes_no_published_year_needs_no_confirmation(world, make_agency):
    a = world.agencies["A"]
    successor = make_agency("Hải Phòng mới", valid_from=datetime.date(2025, 7, 1))

    services.agency_merge(sources=[a], into=successor, effective=datetime.date(2025, 7, 1), by=None)

    a.refresh_from_db()
    assert a.successor == successor
