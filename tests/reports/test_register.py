"""The document register: numbers in order per issuing body, year and kind, never given twice
or skipped; issued documents frozen; drafts marked and unnumbered; the register's page, its
filters and its workbook."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from reports import documents, register
from reports.models import DocumentKind, IssuedDocument, RegisterCounter, TermReport
from reports.register import Signer
from tests.fixtures.reports import SIGNER, blank_pdf, issue, pdf_text

pytestmark = pytest.mark.usefixtures("english_messages")

DAY = datetime.date(2025, 12, 20)


def test_numbers_follow_each_other_per_kind_and_issuing_body(world):
    numbers = [issue(world.cluster).number_symbol for _ in range(3)]
    assert numbers == ["01/BC-CTĐII", "02/BC-CTĐII", "03/BC-CTĐII"]
    assert issue(world.cluster, DocumentKind.PROPOSAL).number_symbol == "01/TTr-CTĐII"
    assert issue(world.other_cluster).number_symbol == "01/BC-CTĐ3"
    assert issue(world.cluster, year=2026).number_symbol == "01/BC-CTĐII"


def test_an_agency_has_its_own_register(world):
    agency = world.agencies["C"]
    document = register.document_issue(
        kind=DocumentKind.PLAN,
        year=2025,
        agency=agency,
        title="Kế hoạch phát động phong trào thi đua",
        render=blank_pdf,
        signer=Signer(name="Lê Văn Ngãi", position="Giám đốc"),
        issued_on=DAY,
        by=None,
    )
    assert document.number_symbol == "01/KH-SNVPT"  # Sở Ngoại vụ Phú Thọ
    assert document.issuer == agency
    assert issue(world.cluster, DocumentKind.PLAN).number == 1


def test_a_failed_render_gives_no_number_away(world):
    issue(world.cluster)

    def broken(numbering):
        raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError):
        issue(world.cluster, render=broken)
    assert RegisterCounter.objects.get(cluster=world.cluster, kind="BC").last_number == 1
    assert issue(world.cluster).number == 2  # no gap


def test_the_renderer_is_given_the_number_date_and_signer(world):
    seen = []
    issue(world.cluster, render=lambda numbering: seen.append(numbering) or blank_pdf())
    assert seen == [register.Numbering("01/BC-CTĐII", DAY, SIGNER)]


def test_an_issued_document_keeps_its_pdf_and_its_hash(world):
    document = issue(world.cluster)
    document.refresh_from_db()
    assert bytes(document.pdf) == blank_pdf()
    assert document.sha256 == register.sha256(blank_pdf())
    assert document.capacity_line == "TM. CỤM THI ĐUA SỐ II"


def test_a_date_outside_the_registers_year_is_refused(world):
    with pytest.raises(ValidationError, match="2025"):
        issue(world.cluster, issued_on=datetime.date(2026, 1, 2))
    assert not IssuedDocument.objects.exists()
    assert not RegisterCounter.objects.filter(last_number__gt=0).exists()


# The application's own documents ----------------------------------------------------------


def _term_report(world):
    ranking = documents.term_ranking(world.year, "year")
    return documents.term_report(world.year, "year", ranking)


def _issue_term_report(world, signer=SIGNER):
    return register.issue_rendered(
        _term_report(world),
        cluster_year=world.year,
        kind=DocumentKind.REPORT,
        signer=signer,
        issued_on=DAY,
        by=world.secretariat_user,
    )


def test_a_draft_is_marked_and_has_no_number(world, final):
    text = pdf_text(documents.pdf(_term_report(world)))
    assert "DỰ THẢO" in text
    assert "Số: /BC-CTĐII" in text


def test_the_issued_document_prints_its_number_date_and_signer(world, final):
    document = _issue_term_report(world)
    text = pdf_text(bytes(document.pdf))
    assert "DỰ THẢO" not in text
    assert "Số: 01/BC-CTĐII" in text
    assert "ngày 20 tháng 12 năm 2025" in text
    assert "TM. CỤM THI ĐUA SỐ II CỤM TRƯỞNG" in text
    assert "Nguyễn Văn Định" in text


def test_a_deputy_signs_for_the_head_and_an_acting_head_as_such(world, final):
    deputy = Signer(
        name="Trần Thị Thừa",
        position="Cụm phó",
        capacity=IssuedDocument.Capacity.FOR_HEAD,
        signing_for="Cụm trưởng",
    )
    text = pdf_text(bytes(_issue_term_report(world, deputy).pdf))
    assert "KT. CỤM TRƯỞNG CỤM PHÓ Trần Thị Thừa" in text
    TermReport.objects.update_or_create(
        cluster_year=world.year, period="year", defaults={"results": "Thêm một đoạn."}
    )
    acting = Signer(name="Lê Văn Ngãi", position="Cụm trưởng", capacity="Q.")
    text = pdf_text(bytes(_issue_term_report(world, acting).pdf))
    assert "Q. CỤM TRƯỞNG Lê Văn Ngãi" in text


def test_an_issued_document_is_frozen_and_a_change_is_issued_anew(world, final):
    first = _issue_term_report(world)
    frozen = bytes(first.pdf)
    with pytest.raises(ValidationError, match="01/BC-CTĐII"):
        _issue_term_report(world)  # nothing changed: the same document
    TermReport.objects.update_or_create(
        cluster_year=world.year, period="year", defaults={"results": "Kết quả đã sửa."}
    )
    second = _issue_term_report(world)
    first.refresh_from_db()
    assert bytes(first.pdf) == frozen
    assert first.sha256 == register.sha256(frozen)
    assert "Kết quả đã sửa." not in pdf_text(frozen)
    assert "Kết quả đã sửa." in pdf_text(bytes(second.pdf))
    assert second.number_symbol == "02/BC-CTĐII"
    assert second.replaces == first


# Pages ---------------------------------------------------------------------------------------


def test_the_secretariat_issues_the_term_report_through_its_page(client, world, final):
    world.secretariat_user.full_name = "Nguyễn Văn Định"
    world.secretariat_user.job_title = "Giám đốc"
    world.secretariat_user.save()
    client.force_login(world.secretariat_user)
    url = reverse("reports:term_report_issue", args=[world.year.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Nguyễn Văn Định" in page.content.decode()
    response = client.post(
        url, {"signer": world.secretariat_user.pk, "capacity": "", "issued_on": "20/12/2025"}
    )
    assert response.status_code == 302
    document = IssuedDocument.objects.get()
    assert (document.signer_name, document.capacity_line, document.signer_position) == (
        "Nguyễn Văn Định",
        "TM. CỤM THI ĐUA SỐ II",
        "Cụm trưởng",
    )
    assert "Nguyễn Văn Định" in pdf_text(bytes(document.pdf))


def test_someone_outside_the_secretariat_cannot_be_named_signer(client, world, final):
    client.force_login(world.secretariat_user)
    url = reverse("reports:term_report_issue", args=[world.year.pk])
    response = client.post(
        url, {"signer": world.member_user.pk, "capacity": "", "issued_on": "20/12/2025"}
    )
    assert response.status_code == 400
    assert not IssuedDocument.objects.exists()


def test_a_member_cannot_issue(client, world, final):
    client.force_login(world.member_user)
    url = reverse("reports:term_report_issue", args=[world.year.pk])
    assert client.get(url).status_code == 403


def test_the_register_lists_filters_and_exports(client, world, django_assert_max_num_queries):
    for _ in range(3):
        issue(world.cluster, title="Báo cáo tổng kết")
    issue(world.cluster, DocumentKind.PROPOSAL, title="Tờ trình đề nghị Cờ thi đua")
    issue(world.other_cluster, title="Báo cáo của cụm khác")
    client.force_login(world.member_user)
    url = reverse("reports:register", args=[world.year.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "01/TTr-CTĐII" in page and "03/BC-CTĐII" in page
    assert "cụm khác" not in page
    filtered = client.get(url, {"kind": "TTr"}).content.decode()
    assert "01/TTr-CTĐII" in filtered and "03/BC-CTĐII" not in filtered
    export = client.get(reverse("reports:register_export", args=[world.year.pk]), {"kind": "BC"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [row for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert [row[0] for row in rows] == ["01/BC-CTĐII", "02/BC-CTĐII", "03/BC-CTĐII"]
    assert rows[0][1].date() == DAY
    assert rows[0][2] == "Báo cáo"
    assert rows[0][7] == register.sha256(blank_pdf())


def test_the_register_of_a_year_the_user_does_not_see_is_not_found(client, world):
    client.force_login(world.stranger_user)
    assert client.get(reverse("reports:register", args=[world.year.pk])).status_code == 404


def test_an_issued_pdf_is_downloaded_as_issued(client, world):
    document = issue(world.cluster)
    client.force_login(world.member_user)
    response = client.get(reverse("reports:issued_pdf", args=[document.pk]))
    assert response.content == blank_pdf()
    client.force_login(world.stranger_user)
    assert client.get(reverse("reports:issued_pdf", args=[document.pk])).status_code == 404
