"""An agency's own register (sổ văn bản đi): the documents it issues in its name (its plans),
by year, with the register's filters and workbook; its staff and the ministry read it; a
document the agency issued is signed with its certificate from there."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import register, signing
from reports.models import DocumentKind, DocumentSignature
from tests.fixtures.reports import blank_pdf
from tests.reports import pki

PASSWORD = "mat-khau-so-ngoai-vu"


def _issue(agency, *, title="Kế hoạch phát động phong trào thi đua", year=None, **fields):
    year = year or timezone.localdate().year
    return register.document_issue(
        kind=fields.pop("kind", DocumentKind.PLAN),
        year=year,
        agency=agency,
        title=title,
        render=blank_pdf,
        signer=register.Signer(name=fields.pop("signer", "Lê Văn Ngãi"), position="Giám đốc"),
        issued_on=datetime.date(year, 1, 5),
        by=None,
    )


def test_the_agencys_staff_read_its_register_with_filters(client, world):
    agency = world.agencies["C"]
    plan = _issue(agency)
    report = _issue(agency, title="Báo cáo kết quả", kind=DocumentKind.REPORT, signer="Hà Văn Tư")
    _issue(world.agencies["D"], title="Kế hoạch của đơn vị khác")
    client.force_login(world.member_user)
    url = reverse("reports:agency_register", args=[agency.pk])
    page = client.get(url).content.decode()
    assert plan.number_symbol in page and report.number_symbol in page
    assert "Kế hoạch của đơn vị khác" not in page
    assert url in client.get(agency.get_absolute_url()).content.decode()
    filtered = client.get(url, {"kind": DocumentKind.REPORT}).content.decode()
    assert report.number_symbol in filtered and plan.number_symbol not in filtered
    by_signer = client.get(url, {"q": "Hà Văn"}).content.decode()
    assert report.number_symbol in by_signer and plan.number_symbol not in by_signer


def test_the_register_is_kept_per_year(client, world):
    agency = world.agencies["C"]
    this_year = timezone.localdate().year
    old = _issue(agency, title="Kế hoạch năm trước", year=this_year - 1)
    new = _issue(agency)
    client.force_login(world.member_user)
    url = reverse("reports:agency_register", args=[agency.pk])
    page = client.get(url).content.decode()
    assert new.number_symbol in page and "Kế hoạch năm trước" not in page
    last_year = client.get(url, {"year": this_year - 1}).content.decode()
    assert old.number_symbol in last_year and "Kế hoạch năm trước" in last_year
    assert client.get(url, {"year": "1990"}).status_code == 404
    assert client.get(url, {"year": "abc"}).status_code == 404


def test_the_agencys_register_as_a_workbook(client, world):
    agency = world.agencies["C"]
    plan = _issue(agency)
    _issue(agency, title="Báo cáo kết quả", kind=DocumentKind.REPORT)
    client.force_login(world.member_user)
    response = client.get(
        reverse("reports:agency_register_export", args=[agency.pk]), {"kind": DocumentKind.PLAN}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == agency.name
    rows = [row for row in sheet.iter_rows(min_row=6, values_only=True) if row[0]]
    assert [row[0] for row in rows] == [plan.number_symbol]
    assert rows[0][7] == plan.sha256


def test_another_agencys_staff_cannot_read_it_and_the_ministry_can(client, world):
    agency = world.agencies["C"]
    _issue(agency)
    url = reverse("reports:agency_register", args=[agency.pk])
    client.force_login(world.other_member_user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:agency_register_export", args=[agency.pk])).status_code == (
        404
    )
    client.force_login(world.ministry_user)
    page = client.get(url).content.decode()
    assert "Kế hoạch phát động" in page
    assert "/sign/" not in page  # the ministry reads the register, it does not sign


def test_a_document_the_agency_issued_is_signed_with_its_certificate(client, world, tmp_path):
    agency = world.agencies["C"]
    arch = pki.architecture(tmp_path)
    signing.certificate_install(
        agency=agency,
        pkcs12_file=pki.pkcs12(arch, "signer", PASSWORD),
        password=PASSWORD,
        by=world.member_user,
    )
    document = _issue(agency)
    client.force_login(world.member_user)
    register_url = reverse("reports:agency_register", args=[agency.pk])
    assert (
        reverse("reports:issued_sign", args=[document.pk])
        in client.get(register_url).content.decode()
    )
    page = client.get(reverse("reports:issued_sign", args=[document.pk]))
    assert page.status_code == 200
    response = client.post(reverse("reports:issued_sign_confirm", args=[document.pk]))
    assert response.status_code == 302
    assert response.url == f"{register_url}?year={document.year}"
    signature = DocumentSignature.objects.get()
    assert signature.document == document and signature.signed_as == agency.name
    assert client.get(response.url).status_code == 200
    # Another agency's staff may not sign it.
    client.force_login(world.other_member_user)
    assert (
        client.post(reverse("reports:issued_sign_confirm", args=[document.pk])).status_code == 404
    )


def test_the_page_has_no_issue_section_for_an_agency(client, world):
    client.force_login(world.member_user)
    page = client.get(reverse("reports:agency_register", args=[world.agencies["C"].pk]))
    assert page.status_code == 200
    assert "term-report/issue" not in page.content.decode()
