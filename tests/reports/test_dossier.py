"""The vote and the nominations in the documents: the minutes print the results of a closed
vote (never of an open one), the term report the nominations and their outcome, and the
nomination dossier its four parts."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import documents
from scoring import services
from scoring.models import Ballot
from tests.fixtures.reports import pdf_text
from tests.fixtures.scoring import FLAG, MERIT, ballot_closed, ballot_proposing


def minutes_text(w) -> str:
    w.year_end.refresh_from_db()
    return pdf_text(documents.pdf(documents.minutes(w.year_end)))


def test_the_minutes_print_the_results_of_the_closed_vote(year_end):
    ballot_closed(year_end)
    text = minutes_text(year_end)
    assert FLAG in text and MERIT in text
    assert "Phú Thọ" in text and "Hà Nội" in text


def test_the_minutes_print_nothing_of_a_vote_still_open(year_end):
    ballot = ballot_proposing(year_end, Ballot.Method.ONLINE)
    services.ballot_open(ballot=ballot, by=None)
    services.ballot_cast(
        ballot=ballot,
        membership=year_end.memberships["A"],
        choices={year_end.flag_c.pk: "for", year_end.merit_d.pk: "against"},
        by=None,
    )
    text = minutes_text(year_end)
    assert FLAG not in text and MERIT not in text


def _approved(w):
    ballot_closed(w)
    nomination = services.nomination_create(proposal=w.flag_c, by=None)
    services.nomination_update(
        nomination=nomination, achievement_report="Thành tích nổi bật của Phú Thọ.", by=None
    )
    services.nomination_file_add(
        nomination=nomination,
        upload=SimpleUploadedFile("bao-cao-thanh-tich.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=None,
    )
    services.nomination_submit(nomination=nomination, comment="", by=None)
    return services.nomination_approve(
        nomination=nomination,
        number="15/QĐ-BNG",
        date=datetime.date(2026, 2, 1),
        signer="Thứ trưởng",
        by=None,
    )


def test_the_term_report_prints_the_nominations_and_their_outcome(year_end):
    _approved(year_end)
    ranking = documents.term_ranking(year_end.year, "year")
    text = pdf_text(documents.pdf(documents.term_report(year_end.year, "year", ranking)))
    assert FLAG in text and "15/QĐ-BNG" in text and "01/02/2026" in text


def test_the_dossier_has_the_letter_report_minutes_and_ranking(client, year_end):
    nomination = _approved(year_end)
    client.force_login(year_end.secretariat_user)
    response = client.get(reverse("reports:dossier_pdf", args=[nomination.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Sở Ngoại vụ Phú Thọ" in text  # the letter and the report
    assert "Thành tích nổi bật của Phú Thọ." in text  # the achievement report
    assert "bao-cao-thanh-tich.pdf" in text  # the uploaded report, listed
    assert "Hội nghị tổng kết năm 2025" in text  # the minutes of the vote
    assert MERIT in text  # every result of the vote, as the minutes have them
    for name in ("Hải Phòng", "Thái Nguyên", "Hà Nội"):  # the ranking
        assert name in text


def test_the_documents_and_pages_name_a_member_that_merged_as_its_year_does(
    client, year_end, make_agency
):
    from clusters import services as cluster_services

    nomination = _approved(year_end)
    phu_tho = year_end.agencies["C"]
    successor = make_agency(
        phu_tho.short_name, name=phu_tho.name, valid_from=datetime.date(2025, 12, 1)
    )
    cluster_services.agency_merge(
        sources=[phu_tho], into=successor, effective=successor.valid_from, by=None, confirmed=True
    )
    labelled = f"{phu_tho.name} (đến 30/11/2025)"
    ranking = documents.term_ranking(year_end.year, "year")
    client.force_login(year_end.ministry_user)

    nomination = type(nomination).objects.get(pk=nomination.pk)  # as a request loads it
    dossier = documents.html(documents.dossier(nomination))
    report = documents.html(documents.term_report(year_end.year, "year", ranking))
    minutes = documents.html(documents.minutes(year_end.year_end))
    listed = client.get(reverse("scoring:nomination_list")).content.decode()

    assert dossier.count(labelled) == 5  # recipients, letter, subtitle, vote results, ranking
    assert f"<td>{labelled}</td>" in report  # the nominations table
    assert f"<td>{labelled}</td>" in minutes  # the vote results
    assert labelled in listed
