"""Digital signatures on issued documents (pyHanko, PAdES) with a test PKI made by
certomancer: the certificate's bad inputs, the signature checked by pyHanko and by Poppler's
pdfsig, an altered byte detected, and the public verification page."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from reports import register_views, signing, verification
from reports.models import AgencyCertificate, DocumentSignature
from tests.fixtures.reports import blank_pdf, issue
from tests.reports import pki

pytestmark = pytest.mark.usefixtures("english_messages")

PASSWORD = "mat-khau-chung-thu-2025"
PDFSIG = shutil.which("pdfsig")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture
def arch(tmp_path):
    return pki.architecture(tmp_path)


@pytest.fixture
def installed(world, arch):
    """Agency A, head of the world's year, holds the test signer's certificate."""
    return signing.certificate_install(
        agency=world.agencies["A"],
        pkcs12_file=pki.pkcs12(arch, "signer", PASSWORD),
        password=PASSWORD,
        by=world.secretariat_user,
    )


@pytest.fixture
def signed(world, installed):
    document = issue(world.cluster)
    return signing.document_sign_organisation(document=document, by=world.secretariat_user)


def _install(world, content, password=PASSWORD):
    return signing.certificate_install(
        agency=world.agencies["A"], pkcs12_file=content, password=password, by=None
    )


# The certificate ----------------------------------------------------------------------------


def test_a_wrong_password_is_refused_and_nothing_kept(world, arch):
    with pytest.raises(ValidationError, match="password is wrong"):
        _install(world, pki.pkcs12(arch, "signer", PASSWORD), password="sai-mat-khau")
    assert not AgencyCertificate.objects.exists()


def test_a_file_that_is_not_a_certificate_is_refused(world):
    with pytest.raises(ValidationError, match="not a PKCS#12 file"):
        _install(world, b"%PDF-1.7 not a certificate")


@pytest.mark.parametrize(
    ("label", "message"),
    [("signer-expired", "expired on"), ("signer-not-yet", "not valid yet")],
)
def test_a_certificate_outside_its_validity_is_refused(world, arch, label, message):
    with pytest.raises(ValidationError, match=message):
        _install(world, pki.pkcs12(arch, label, PASSWORD))
    assert not AgencyCertificate.objects.exists()


def test_a_key_that_does_not_match_the_certificate_is_refused(world, arch, tmp_path):
    with pytest.raises(ValidationError, match="does not match"):
        _install(world, pki.mismatched_pkcs12(arch, tmp_path, PASSWORD))
    assert not AgencyCertificate.objects.exists()


def test_the_password_is_kept_encrypted(world, installed):
    stored = bytes(AgencyCertificate.objects.get().encrypted_password)
    assert PASSWORD.encode() not in stored
    assert signing.decrypt_password(stored) == PASSWORD
    assert installed.subject == "Sở Ngoại vụ Hải Phòng (CHỈ DÙNG THỬ)"


def test_a_changed_signing_key_refuses_to_sign_and_signs_nothing(world, installed, settings):
    document = issue(world.cluster)
    settings.SIGNING_KEY = "another-key-than-the-one-that-encrypted-it"
    with pytest.raises(ValidationError, match="upload the certificate again"):
        signing.document_sign_organisation(document=document, by=None)
    assert not DocumentSignature.objects.exists()


# Signing -------------------------------------------------------------------------------------


def test_the_signed_pdf_appends_to_the_issued_one(world, signed):
    document = signed.document
    document.refresh_from_db()
    assert bytes(signed.pdf).startswith(bytes(document.pdf))
    assert signed.sha256 == verification.sha256(bytes(signed.pdf))
    assert document.sha256 == verification.sha256(blank_pdf())  # the issued PDF unchanged
    assert signed.signed_as == world.agencies["A"].name


def test_pyhanko_validates_the_signature_and_finds_the_document(world, signed):
    verdict = verification.verify(bytes(signed.pdf))
    assert verdict.document == signed.document
    [check] = verdict.signatures
    assert check.ok, check
    assert "Sở Ngoại vụ Hải Phòng (CHỈ DÙNG THỬ)" in check.signer
    assert check.signed_at is not None


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_mark_is_top_right_of_page_one_with_the_name_and_time(world, signed):
    reader = PdfReader(io.BytesIO(bytes(signed.pdf)))
    [widget] = [a.get_object() for a in reader.pages[0]["/Annots"]]
    left, bottom, right, top = (float(v) for v in widget["/Rect"])
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert left > width / 2 and top > height - 60 and right <= width
    text = _appearance_text(signed.pdf)
    assert "Sở Ngoại vụ Hải Phòng" in text and "Thời gian ký: " in text and "+07:00" in text


def test_the_validation_data_is_embedded(world, signed):
    reader = PdfReader(io.BytesIO(bytes(signed.pdf)))
    dss = reader.trailer["/Root"]["/DSS"]
    assert len(dss["/Certs"]) >= 2  # the signer's and the authority's


def test_a_document_is_signed_by_the_organisation_once(world, signed):
    with pytest.raises(ValidationError, match="already carries"):
        signing.document_sign_organisation(document=signed.document, by=None)
    assert DocumentSignature.objects.count() == 1


def test_without_a_certificate_nothing_is_signed(world):
    document = issue(world.cluster)
    with pytest.raises(ValidationError, match="no signing certificate"):
        signing.document_sign_organisation(document=document, by=None)


def _altered(content: bytes) -> bytes:
    """One byte changed inside the signed range: a letter of the page's content."""
    position = content.index(b"/MediaBox") + 1
    return content[:position] + b"N" + content[position + 1 :]


def test_an_altered_byte_is_detected(world, signed):
    verdict = verification.verify(_altered(bytes(signed.pdf)))
    assert verdict.document is None
    [check] = verdict.signatures
    assert not check.ok
    assert not check.intact


def _pdfsig(path) -> str:
    return subprocess.run([PDFSIG, str(path)], capture_output=True, text=True).stdout  # noqa: S603


def _appearance_text(pdf) -> str:
    """The text Poppler reads on page 1, the signature's mark included."""
    return subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-l", "1", "-", "-"], input=bytes(pdf), capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.skipif(PDFSIG is None, reason="pdfsig (poppler-utils) is not installed")
def test_pdfsig_agrees(world, signed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(bytes(signed.pdf))
    report = _pdfsig(path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Sở Ngoại vụ Hải Phòng (CHỈ DÙNG THỬ)" in report
    path.write_bytes(_altered(bytes(signed.pdf)))
    report = _pdfsig(path)
    assert "Signature Validation: Signature is Valid." not in report
    assert "Signature Validation:" in report


# Verification --------------------------------------------------------------------------------


def test_an_issued_unsigned_document_is_recognised(world):
    document = issue(world.cluster)
    verdict = verification.verify(blank_pdf())
    assert verdict.document == document and verdict.signatures == []


def test_a_pdf_never_issued_here_is_not_recognised(world):
    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    output = io.BytesIO()
    writer.write(output)
    assert verification.verify(output.getvalue()).document is None


def test_what_is_not_a_pdf_is_refused(world):
    with pytest.raises(ValidationError, match="not a PDF"):
        verification.verify(b"PK\x03\x04 a zip file")


def test_an_encrypted_pdf_is_refused(world):
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    writer.encrypt("mat-khau")
    output = io.BytesIO()
    writer.write(output)
    with pytest.raises(ValidationError, match="encrypted"):
        verification.verify(output.getvalue())


def test_a_huge_file_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="too large"):
        verification.verify(b"%PDF-1.7\n" + b"0" * 1024 * 1024)


def _upload(content: bytes):
    return {"pdf": SimpleUploadedFile("van-ban.pdf", content, content_type="application/pdf")}


def test_anyone_verifies_a_signed_document_without_an_account(client, world, signed):
    cache.clear()
    assert client.get(reverse("reports:verify")).status_code == 200
    response = client.post(reverse("reports:verify"), _upload(bytes(signed.pdf)))
    page = response.content.decode()
    assert response.status_code == 200
    assert signed.document.number_symbol in page
    assert "Sở Ngoại vụ Hải Phòng (CHỈ DÙNG THỬ)" in page


def test_the_verification_page_says_what_is_wrong_with_a_file(client, world):
    cache.clear()
    response = client.post(reverse("reports:verify"), _upload(b"just text"))
    assert response.status_code == 400
    assert "not a PDF" in response.content.decode() or "PDF" in response.content.decode()


def test_verification_is_rate_limited(client, world, monkeypatch):
    cache.clear()
    monkeypatch.setattr(register_views, "VERIFY_LIMIT", 2)
    statuses = [
        client.post(reverse("reports:verify"), _upload(blank_pdf())).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


# Pages ---------------------------------------------------------------------------------------


def test_the_secretariat_signs_from_the_register(client, world, installed):
    document = issue(world.cluster)
    client.force_login(world.secretariat_user)
    page = client.get(reverse("reports:issued_sign", args=[document.pk]))
    assert installed.subject in page.content.decode()
    response = client.post(reverse("reports:issued_sign_confirm", args=[document.pk]))
    assert response.status_code == 302
    assert document.signatures.count() == 1
    download = client.get(reverse("reports:issued_pdf", args=[document.pk]))
    assert download.content == bytes(document.signatures.get().pdf)
    as_issued = client.get(reverse("reports:issued_pdf", args=[document.pk]), {"as_issued": 1})
    assert as_issued.content == blank_pdf()


def test_a_member_cannot_sign(client, world, installed):
    document = issue(world.cluster)
    client.force_login(world.member_user)
    assert (
        client.post(reverse("reports:issued_sign_confirm", args=[document.pk])).status_code == 403
    )
    assert not document.signatures.exists()


def test_the_agencys_staff_upload_its_certificate(client, world, arch):
    client.force_login(world.secretariat_user)
    url = reverse("reports:certificate_edit", args=[world.agencies["A"].pk])
    response = client.post(
        url,
        {
            "pkcs12_file": SimpleUploadedFile("cert.p12", pki.pkcs12(arch, "signer", PASSWORD)),
            "password": "sai",
        },
    )
    assert response.status_code == 400
    assert not AgencyCertificate.objects.exists()
    response = client.post(
        url,
        {
            "pkcs12_file": SimpleUploadedFile("cert.p12", pki.pkcs12(arch, "signer", PASSWORD)),
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert AgencyCertificate.objects.get().agency == world.agencies["A"]
    client.force_login(world.member_user)
    assert client.get(url).status_code == 403


# Bad input at signing time and on the verification page ------------------------------------


@pytest.mark.parametrize(
    ("shift", "message"),
    [(datetime.timedelta(days=3 * 365), "expired on"), (-datetime.timedelta(days=2), "not valid")],
)
def test_a_certificate_outside_its_validity_when_signing_signs_nothing(
    world, installed, shift, message
):
    """Valid when installed, expired (or not valid yet) when the document is signed: refused,
    and the register's entry is as it was issued."""
    document = issue(world.cluster)
    later = timezone.now() + shift
    with (
        mock.patch("reports.signing.timezone.now", return_value=later),
        pytest.raises(ValidationError, match=message),
    ):
        signing.document_sign_organisation(document=document, by=None)
    assert not DocumentSignature.objects.exists()
    document.refresh_from_db()
    assert bytes(document.pdf) == blank_pdf() and document.sha256 == verification.sha256(
        blank_pdf()
    )


def test_a_wrong_password_on_the_upload_page_keeps_the_certificate_in_place(client, world, arch):
    client.force_login(world.secretariat_user)
    url = reverse("reports:certificate_edit", args=[world.agencies["A"].pk])
    upload = SimpleUploadedFile("cert.p12", pki.pkcs12(arch, "signer", PASSWORD))
    response = client.post(url, {"pkcs12_file": upload, "password": "sai"})
    assert response.status_code == 400
    assert "mật khẩu" in response.content.decode().lower()  # said in Vietnamese
    assert not AgencyCertificate.objects.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"PK\x03\x04 not a pdf", "không phải PDF"),
        ("encrypted", "mã hóa"),
        ("huge", "quá lớn"),
    ],
)
def test_the_verification_page_says_what_is_wrong_in_vietnamese(
    client, world, settings, content, words
):
    cache.clear()
    if content == "encrypted":
        writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
        writer.encrypt("mat-khau")
        output = io.BytesIO()
        writer.write(output)
        content = output.getvalue()
    elif content == "huge":
        settings.UPLOAD_MAX_BYTES = 1024 * 1024
        content = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1)
    response = client.post(reverse("reports:verify"), _upload(content))
    assert response.status_code == 400
    assert words in response.content.decode()


def test_the_verification_page_says_an_altered_document_is_not_valid(client, world, signed):
    cache.clear()
    response = client.post(reverse("reports:verify"), _upload(_altered(bytes(signed.pdf))))
    page = response.content.decode()
    assert response.status_code == 200
    assert signed.document.number_symbol not in page  # not recognised as the issued one
