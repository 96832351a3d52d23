"""Archive bundles: the dossier with its evidence (a PDF appended, an office file listed by
hash) after a numbered table of contents, and the year's archive with a manifest of hashes."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

from PIL import Image
from pypdf import PdfReader

from reports import bundle, documents, signing
from tests.fixtures.reports import issue, nomination_with_files, pdf_text
from tests.reports import pki


def test_the_dossier_bundle_appends_the_evidence_after_a_table_of_contents(year_end):
    nomination, evidence = nomination_with_files(year_end)
    content, parts = bundle.dossier_bundle(nomination)
    dossier_pages = len(PdfReader(io.BytesIO(documents.pdf(documents.dossier(nomination)))).pages)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1 + dossier_pages + 2  # contents, dossier, the evidence PDF
    # the dossier, the two files of the nomination, then the unit's scoring evidence (the
    # world's is a stub PDF that cannot be read: listed, not appended)
    assert [part.title for part in parts][1:] == [
        "bang-chung.pdf",
        "bao-cao.docx",
        "minh-chung.pdf",
    ]
    assert [part.pages for part in parts] == [dossier_pages, 2, 0, 0]
    assert [part.first_page for part in parts] == [2, 2 + dossier_pages, 0, 0]
    assert "không ghép được" in parts[3].note
    assert parts[1].sha256 == hashlib.sha256(evidence).hexdigest()
    contents = pdf_text(content[: len(content)]).split("TỜ TRÌNH")[0]
    assert "MỤC LỤC HỒ SƠ" in contents
    assert "bang-chung.pdf" in contents and "bao-cao.docx" in contents
    assert parts[2].sha256[:20] in contents.replace(" ", "")
    assert [item.title for item in reader.outline] == ["Mục lục", parts[0].title, "bang-chung.pdf"]


def test_an_image_is_placed_on_a_page_of_its_own():
    output = io.BytesIO()
    Image.new("RGB", (3000, 2000), "white").save(output, "PNG")
    reader = bundle._image_page(output.getvalue())
    assert len(reader.pages) == 1
    assert bundle._image_page(b"not an image") is None


def test_the_years_archive_lists_every_entry_with_its_hash(year_end, tmp_path):
    nomination, evidence = nomination_with_files(year_end)
    document = issue(year_end.cluster)
    content, manifest = bundle.year_archive(year_end.year)
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    listed = {path for path, _size, _digest in manifest}
    assert names == listed | {"MANIFEST.csv"}
    for path, size, digest in manifest:
        data = archive.read(path)
        assert (len(data), hashlib.sha256(data).hexdigest()) == (size, digest)
    assert "van-ban/01-bc-ctdii.pdf" in names
    assert archive.read("van-ban/01-bc-ctdii.pdf") == bytes(document.pdf)
    assert {"so-van-ban-di.xlsx", "bang-diem.xlsx"} <= names
    assert any(
        name.startswith("ho-so-khen-thuong/") and name.endswith("bang-chung.pdf") for name in names
    )
    rows = list(csv.reader(io.StringIO(archive.read("MANIFEST.csv").decode())))
    assert rows[0] == ["duong_dan", "kich_thuoc_byte", "sha256"]
    assert len(rows) == len(manifest) + 2  # header and the closing line


def test_a_signed_document_is_archived_as_issued_and_as_signed(year_end, tmp_path):
    signing.certificate_install(
        agency=year_end.agencies["A"],
        pkcs12_file=pki.pkcs12(pki.architecture(tmp_path), "signer", "mat-khau"),
        password="mat-khau",
        by=None,
    )
    document = issue(year_end.cluster)
    signature = signing.document_sign_organisation(document=document, by=None)
    archive = zipfile.ZipFile(io.BytesIO(bundle.year_archive(year_end.year)[0]))
    assert archive.read("van-ban/01-bc-ctdii.pdf") == bytes(document.pdf)
    assert archive.read("van-ban/01-bc-ctdii-da-ky-so.pdf") == bytes(signature.pdf)
