"""The documents of the demo (reports.demo): Cụm 3's 2022 dossier issued, numbered and signed
with a test certificate named as one, made at seed time; seeding again adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from reports import verification
from reports.models import AgencyCertificate, DocumentSignature, IssuedDocument
from tests.fixtures.reports import pdf_text


@pytest.mark.django_db
def test_the_demo_issues_and_signs_cum_3s_2022_dossier():
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    document = IssuedDocument.objects.get()
    assert document.number_symbol == "01/TTr-CTĐ3"
    assert document.cluster.number == "3" and document.year == 2022
    assert "Đà Nẵng" in document.title
    text = pdf_text(bytes(document.pdf))
    assert "Số: 01/TTr-CTĐ3" in text and "DỰ THẢO" not in text
    assert "TM. CỤM THI ĐUA SỐ 3 CỤM TRƯỞNG" in text

    certificate = AgencyCertificate.objects.get()
    assert "CHỈ DÙNG THỬ" in certificate.subject
    assert certificate.agency.short_name == "Quảng Nam"
    signature = DocumentSignature.objects.get()
    verdict = verification.verify(bytes(signature.pdf))
    assert verdict.document == document
    [check] = verdict.signatures
    assert check.ok and "CHỈ DÙNG THỬ" in check.signer

    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    assert IssuedDocument.objects.count() == 1 and DocumentSignature.objects.count() == 1
