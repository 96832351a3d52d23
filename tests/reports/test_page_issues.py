"""The covenant and the minutes issued from their pages through the register: the next GƯ or
BB number of the cluster's register, the signer chosen, the PDF frozen; their pages link the
issued document; a changed document is issued again under a new number."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from emulation.errors import DomainError
from reports import documents, register
from reports.models import DocumentKind, IssuedDocument
from tests.fixtures.reports import nomination_with_files, pdf_text

D = datetime.date


def _signer(world):
    [signer] = [s for user, s in register.signers(world.year) if user == world.secretariat_user]
    return signer


def _form(world, day="20/12/2025"):
    return {"signer": str(world.secretariat_user.pk), "capacity": "TM.", "issued_on": day}


def test_the_covenant_is_issued_from_its_page_with_a_gu_number(client, world, covenant):
    world.secretariat_user.full_name = "Nguyễn Văn An"
    world.secretariat_user.save()
    client.force_login(world.secretariat_user)
    page_url = reverse("clusters:covenant_detail", args=[world.year.pk])
    issue_url = reverse("reports:covenant_issue", args=[world.year.pk])
    assert issue_url in client.get(page_url).content.decode()
    assert "data-confirm" in client.get(issue_url).content.decode()
    response = client.post(issue_url, _form(world, "05/03/2025"))
    assert response.status_code == 302 and response.url == page_url
    issued = IssuedDocument.objects.get()
    assert (issued.cluster, issued.kind, issued.number_symbol) == (
        world.cluster,
        DocumentKind.COVENANT,
        "01/GƯ-CTĐII",
    )
    assert issued.signer_name == "Nguyễn Văn An" and issued.issued_by == world.secretariat_user
    text = pdf_text(bytes(issued.pdf))
    assert "Số: 01/GƯ-CTĐII" in text and "DỰ THẢO" not in text
    assert "ngày 05 tháng 3 năm 2025" in text
    assert "TM. CỤM THI ĐUA SỐ II" in text and "Nguyễn Văn An" in text
    page = client.get(page_url).content.decode()
    assert reverse("reports:issued_pdf", args=[issued.pk]) in page and "01/GƯ-CTĐII" in page


def test_a_changed_covenant_takes_the_next_number_and_replaces_the_first(world, covenant):
    def issue_covenant(day: int):
        return register.issue_rendered(
            documents.covenant(covenant),
            cluster_year=world.year,
            kind=DocumentKind.COVENANT,
            signer=_signer(world),
            issued_on=D(2025, 3, day),
            by=None,
        )

    first = issue_covenant(5)
    frozen = bytes(IssuedDocument.objects.get(pk=first.pk).pdf)
    with pytest.raises(DomainError):  # unchanged: the issued one is the one to download
        issue_covenant(6)
    covenant.preamble = "Căn cứ Luật Thi đua, khen thưởng năm 2022."
    covenant.save()
    again = issue_covenant(6)
    assert again.number_symbol == "02/GƯ-CTĐII" and again.replaces == first
    assert bytes(IssuedDocument.objects.get(pk=first.pk).pdf) == frozen  # the first unchanged
    assert register.latest_issue(documents.Kind.COVENANT, covenant.pk) == again


def test_the_minutes_are_issued_from_the_conference_page_with_a_bb_number(
    client, world, conference, make_conference
):
    world.secretariat_user.full_name = "Trần Thị Bình"
    world.secretariat_user.save()
    client.force_login(world.secretariat_user)
    page_url = conference.get_absolute_url()
    issue_url = reverse("reports:minutes_issue", args=[conference.pk])
    assert issue_url in client.get(page_url).content.decode()
    draft = pdf_text(client.get(reverse("reports:minutes_pdf", args=[conference.pk])).content)
    assert "DỰ THẢO" in draft
    response = client.post(issue_url, _form(world))
    assert response.status_code == 302 and response.url == page_url
    issued = IssuedDocument.objects.get()
    assert (issued.kind, issued.number_symbol) == (DocumentKind.MINUTES, "01/BB-CTĐII")
    text = pdf_text(bytes(issued.pdf))
    assert "Số: 01/BB-CTĐII" in text and "DỰ THẢO" not in text
    assert "CHỦ TRÌ" in text and "Trần Thị Bình" in text
    page = client.get(page_url).content.decode()
    assert reverse("reports:issued_pdf", args=[issued.pk]) in page and "01/BB-CTĐII" in page
    # A second conference's minutes take the next number of the same register.
    other = make_conference(world.year, title="Hội nghị sơ kết")
    client.post(reverse("reports:minutes_issue", args=[other.pk]), _form(world))
    assert IssuedDocument.objects.latest("pk").number_symbol == "02/BB-CTĐII"


def test_a_bad_date_issues_no_minutes_and_says_why(client, world, conference):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("reports:minutes_issue", args=[conference.pk]), _form(world, "02/01/2026")
    )
    assert response.status_code == 400 and "2025" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_members_see_the_issued_documents_but_not_the_issue_buttons(
    client, world, covenant, conference
):
    client.force_login(world.member_user)
    covenant_page = client.get(reverse("clusters:covenant_detail", args=[world.year.pk]))
    assert reverse("reports:covenant_issue", args=[world.year.pk]) not in (
        covenant_page.content.decode()
    )
    conference_page = client.get(conference.get_absolute_url()).content.decode()
    assert reverse("reports:minutes_issue", args=[conference.pk]) not in conference_page
    assert client.get(reverse("reports:minutes_issue", args=[conference.pk])).status_code == 403


def test_the_year_page_issues_the_year_end_report_and_links_the_issued_one(client, world, final):
    client.force_login(world.secretariat_user)
    issue_url = reverse("reports:term_report_issue", args=[world.year.pk]) + "?period=year"
    page = client.get(world.year.get_absolute_url()).content.decode()
    assert issue_url in page.replace("&amp;", "&")
    response = client.post(issue_url, _form(world))
    assert response.status_code == 302
    issued = IssuedDocument.objects.get()
    assert issued.number_symbol == "01/BC-CTĐII"
    page = client.get(world.year.get_absolute_url()).content.decode()
    assert reverse("reports:issued_pdf", args=[issued.pk]) in page
    client.force_login(world.member_user)
    assert issue_url not in client.get(world.year.get_absolute_url()).content.decode()


def test_the_nomination_page_offers_its_proposal_letter_to_the_secretariat(client, year_end):
    nomination, _evidence = nomination_with_files(year_end)
    client.force_login(year_end.secretariat_user)
    page = client.get(reverse("scoring:nomination", args=[nomination.pk])).content.decode()
    assert reverse("reports:dossier_issue", args=[nomination.pk]) in page
