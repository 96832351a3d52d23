"""checked_upload: the type is read from the content, never from the name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from clusters.uploads import checked_upload

ALL = ("pdf", "image", "office")

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document/>',
        }
    )


def refusal(name: str, content: bytes, allowed=ALL) -> str:
    with pytest.raises(ValidationError) as refused:
        checked_upload(SimpleUploadedFile(name, content), allowed=allowed)
    return refused.value.messages[0]


# Accepted ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "safe_name", "content_type"),
    [
        ("bien-ban.pdf", PDF, "bien-ban.pdf", "application/pdf"),
        ("anh-hoi-nghi.png", PNG, "anh-hoi-nghi.png", "image/png"),
        ("anh.JPEG", JPEG, "anh.jpeg", "image/jpeg"),
        ("anh.jpg", JPEG, "anh.jpg", "image/jpeg"),
        ("bao-cao.docx", docx(), "bao-cao.docx", DOCX),
        (
            "bang-diem.xlsx",
            zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            "bang-diem.xlsx",
            XLSX,
        ),
        (
            "du-thao.odt",
            zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""}),
            "du-thao.odt",
            "application/vnd.oasis.opendocument.text",
        ),
        ("to-trinh.doc", OLE, "to-trinh.doc", "application/msword"),
        ("bang-diem.xls", OLE, "bang-diem.xls", "application/vnd.ms-excel"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else None,
)
def test_a_real_file_is_accepted_with_its_type(name, content, safe_name, content_type):
    checked = checked_upload(SimpleUploadedFile(name, content), allowed=ALL)

    assert checked.name == safe_name
    assert checked.content_type == content_type


def test_the_extension_comes_from_the_content_not_the_name():
    checked = checked_upload(SimpleUploadedFile("anh.jpg", PNG), allowed=ALL)

    assert checked.name == "anh.png"
    assert checked.content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "safe_name"),
    [
        ("../../etc/biên bản họp.pdf", "biên_bản_họp.pdf"),
        ("..\\..\\Windows\\biên bản.pdf", None),
        ("/var/www/../../passwd.pdf", "passwd.pdf"),
        ("???.pdf", "tep.pdf"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
        (".an.pdf", "an.pdf"),
    ],
)
def test_the_name_is_sanitised(name, safe_name):
    checked = checked_upload(SimpleUploadedFile(name, PDF), allowed=("pdf",))

    assert "/" not in checked.name
    assert "\\" not in checked.name
    assert checked.name.endswith(".pdf")
    assert len(checked.name) <= 104
    assert not checked.name.startswith(".")
    if safe_name is not None:
        assert checked.name == safe_name


# Refused -----------------------------------------------------------------------------------


def test_an_executable_renamed_pdf_is_refused():
    assert "hoa-don.pdf" in refusal("hoa-don.pdf", EXE)


def test_an_html_page_named_png_is_refused():
    assert "anh.png" in refusal("anh.png", HTML)


def test_a_zip_that_is_not_an_office_document_is_refused():
    assert "bao-cao.docx" in refusal("bao-cao.docx", zipped({"payload.exe": EXE}))


def test_a_broken_zip_is_refused():
    assert "bao-cao.docx" in refusal("bao-cao.docx", b"PK\x03\x04" + b"\x00" * 40)


def test_a_legacy_office_file_under_another_name_is_refused():
    assert "to-trinh.pdf" in refusal("to-trinh.pdf", OLE)


def test_a_family_that_is_not_allowed_is_refused():
    assert "anh.png" in refusal("anh.png", PNG, allowed=("pdf",))


def test_an_empty_file_is_refused_as_empty():
    with translation.override("en"):
        message = refusal("trong.pdf", b"")

    assert "empty" in message


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    content = PDF + b"0" * (1001 - len(PDF))

    with translation.override("en"):
        message = refusal("lon.pdf", content)

    assert "1001" in message  # the file's size
    assert "1000" in message  # the limit


def test_a_file_at_the_limit_is_accepted(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    content = PDF + b"0" * (1000 - len(PDF))

    assert checked_upload(SimpleUploadedFile("vua.pdf", content), allowed=ALL).name == "vua.pdf"


def test_the_upload_can_be_read_again_after_the_check():
    upload = SimpleUploadedFile("bao-cao.docx", docx())

    checked_upload(upload, allowed=ALL)

    assert upload.read() == docx()
