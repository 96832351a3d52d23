"""The downloads and the term report's form: who gets what, and what the files are called."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

import pytest
from django.urls import reverse

from reports.models import TermReport
from tests.fixtures.reports import pdf_text


def url(name: str, pk: int, period: str | None = None) -> str:
    path = reverse(f"reports:{name}", args=[pk])
    return f"{path}?period={period}" if period else path


@pytest.mark.parametrize("name", ["term_report_pdf", "scores_export"])
def test_members_see_the_scores_only_once_the_ranking_is_published(client, world, final, name):
    client.force_login(world.member_user)
    assert client.get(url(name, world.year.pk)).status_code == 403
    client.force_login(world.ministry_user)
    assert client.get(url(name, world.year.pk)).status_code == 200  # final: the ministry sees it


@pytest.mark.parametrize("name", ["term_report_pdf", "scores_export"])
def test_a_published_ranking_opens_the_scores_to_the_members(client, world, published, name):
    client.force_login(world.member_user)
    assert client.get(url(name, world.year.pk)).status_code == 200


def test_the_term_report_is_a_pdf_named_in_vietnamese_with_an_ascii_fallback(
    client, world, published
):
    client.force_login(world.member_user)
    response = client.get(url("term_report_pdf", world.year.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    ascii_name = disposition.split('filename="')[1].split('"')[0]
    assert ascii_name.isascii()
    assert ascii_name.endswith(".pdf")
    assert "cum-thi-dua-so-ii" in ascii_name
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded).endswith("Cụm thi đua số II.pdf")


def test_a_period_the_cluster_does_not_score_is_not_found(client, world, final):
    client.force_login(world.secretariat_user)
    assert client.get(url("term_report_pdf", world.year.pk, "mid_year")).status_code == 404
    assert client.get(url("term_report_edit", world.year.pk, "mid_year")).status_code == 404
    assert client.get(url("term_report_pdf", world.year.pk, "quarter")).status_code == 404


def test_the_secretariat_writes_the_report_and_the_pdf_prints_it(client, world, final):
    client.force_login(world.secretariat_user)
    response = client.post(
        url("term_report_edit", world.year.pk),
        {
            "number": "15/BC-CTĐII",
            "place": "Hải Phòng",
            "issued_on": "16/12/2025",
            "results": "Hoàn thành toàn diện các nhiệm vụ",
            "limitations": "",
            "tasks": "Tổ chức hội nghị sơ kết tại Thừa Thiên Huế",
        },
    )
    assert response.status_code == 302
    report = TermReport.objects.get(cluster_year=world.year, period="year")
    assert report.updated_by == world.secretariat_user
    assert report.issued_on == datetime.date(2025, 12, 16)
    text = pdf_text(client.get(url("term_report_pdf", world.year.pk)).content)
    assert "15/BC-CTĐII" in text
    assert "Hải Phòng, ngày 16 tháng 12 năm 2025" in text
    assert "Tổ chức hội nghị sơ kết tại Thừa Thiên Huế" in text


def test_an_invalid_report_form_is_shown_again(client, world):
    client.force_login(world.secretariat_user)
    response = client.post(url("term_report_edit", world.year.pk), {"issued_on": "31/02/2025"})
    assert response.status_code == 400
    assert not TermReport.objects.exists()


def test_a_year_without_a_covenant_has_no_covenant_pdf(client, world):
    client.force_login(world.secretariat_user)
    assert client.get(url("covenant_pdf", world.year.pk)).status_code == 404


def test_the_pages_link_to_their_documents(client, world, covenant, conference):
    client.force_login(world.secretariat_user)
    year_page = client.get(reverse("clusters:year_detail", args=[world.year.pk])).content.decode()
    assert url("term_report_pdf", world.year.pk) in year_page
    assert url("scores_export", world.year.pk) in year_page
    assert url("term_report_edit", world.year.pk) in year_page
    covenant_page = client.get(reverse("clusters:covenant_detail", args=[world.year.pk]))
    assert url("covenant_pdf", world.year.pk) in covenant_page.content.decode()
    conference_page = client.get(conference.get_absolute_url())
    assert url("minutes_pdf", conference.pk) in conference_page.content.decode()
