"""Archive bundles: the nomination dossier with its evidence in one PDF, and a cluster year's
archive (.zip) with a manifest of hashes.

The dossier bundle: a numbered table of contents, the dossier's own pages, then each evidence
file it rests on (the nomination's files, then the unit's scoring evidence of the year): a PDF
is appended page by page, an image is placed on a page of its own, anything else (office
files) is listed in the contents by name and SHA-256. Each part is a bookmark.

The year's archive: every issued document (as issued, and signed where it was), the register
and the scoring table as workbooks, and every file uploaded in the year (conference
attachments, scoring evidence, nomination files), with MANIFEST.csv listing each entry's path,
size and SHA-256. Both are plain functions: a background job can call them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from clusters.models import Attachment, ClusterYear, StoredFile
from emulation.downloads import ascii_name
from scoring.models import Assessment, Evidence, Nomination, NominationFile

from . import documents
from .models import IssuedDocument
from .register_workbook import register_workbook
from .signing import current_pdf
from .spreadsheets import scores_workbook

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@dataclass
class Part:
    """One entry of the table of contents."""

    title: str
    sha256: str
    pages: int = 0  # 0: listed, not appended
    first_page: int = 0
    note: str = ""


def _read(stored: StoredFile) -> bytes:
    with stored.file.open("rb") as file:
        return file.read()


def _pdf_pages(content: bytes) -> PdfReader | None:
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            return None
        len(reader.pages)  # parses the page tree
        return reader
    except (PdfReadError, ValueError, KeyError, TypeError):
        return None


def _image_page(content: bytes) -> PdfReader | None:
    """The image on an A4 page of its own (Pillow writes it as a one-page PDF)."""
    try:
        image = Image.open(io.BytesIO(content))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    image = image.convert("RGB")
    output = io.BytesIO()
    # 150 dpi, at most A4 less the margins (about 180 × 257 mm)
    scale = min(1.0, 1063 / image.width, 1518 / image.height)
    if scale < 1:
        image = image.resize((int(image.width * scale), int(image.height * scale)))
    image.save(output, "PDF", resolution=150)
    return PdfReader(io.BytesIO(output.getvalue()))


def dossier_evidence(nomination: Nomination) -> list[StoredFile]:
    files = list(NominationFile.objects.filter(nomination=nomination).order_by("pk"))
    files += list(
        Evidence.objects.filter(
            score__assessment__membership_id=nomination.membership_id,
            score__assessment__period=Assessment.Period.YEAR,
        ).order_by("score__criterion__position", "pk")
    )
    return files


@documents.in_document_language
def dossier_bundle(nomination: Nomination) -> tuple[bytes, list[Part]]:
    """(the PDF, its table of contents)."""
    dossier = documents.pdf(documents.dossier(nomination))
    own = PdfReader(io.BytesIO(dossier))
    parts = [Part("Hồ sơ đề nghị khen thưởng", hashlib.sha256(dossier).hexdigest(), len(own.pages))]
    readers = [own]
    for stored in dossier_evidence(nomination):
        content = _read(stored)
        digest = hashlib.sha256(content).hexdigest()
        reader = None
        if stored.content_type == "application/pdf" or content.startswith(b"%PDF-"):
            reader = _pdf_pages(content)
            note = "" if reader else "không ghép được (PDF mã hóa hoặc hỏng)"
        elif stored.content_type in IMAGE_TYPES:
            reader = _image_page(content)
            note = "" if reader else "không đọc được ảnh"
        else:
            note = "tệp văn phòng, không ghép: đối chiếu bằng mã SHA-256"
        parts.append(
            Part(stored.original_name, digest, len(reader.pages) if reader else 0, note=note)
        )
        readers.append(reader)
    contents = _contents(nomination, parts, offset=1)
    offset = len(PdfReader(io.BytesIO(contents)).pages)
    if offset != 1:  # a long table of contents: number again after its real length
        contents = _contents(nomination, parts, offset=offset)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(contents)), import_outline=False)
    writer.add_outline_item("Mục lục", 0)
    for part, reader in zip(parts, readers, strict=True):
        if reader is None:
            continue
        writer.add_outline_item(part.title, len(writer.pages))
        writer.append(reader, import_outline=False)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), parts


def _contents(nomination: Nomination, parts: list[Part], *, offset: int) -> bytes:
    page = offset + 1
    for part in parts:
        part.first_page = page if part.pages else 0
        page += part.pages
    source = render_to_string(
        "reports/pdf/contents.html",
        {
            "title": f"Mục lục hồ sơ: {nomination}",
            "nomination": nomination,
            "parts": parts,
            "fonts_url": documents.fonts_dir().as_uri() + "/",
            "font_family": documents.FONT_FAMILY,
        },
    )
    return documents.write_pdf(source)


# The year's archive -------------------------------------------------------------------------


def _entry(archive: zipfile.ZipFile, manifest: list, path: str, content: bytes) -> None:
    archive.writestr(path, content)
    manifest.append((path, len(content), hashlib.sha256(content).hexdigest()))


def _stored_path(folder: str, stored: StoredFile) -> str:
    name = stored.original_name.rsplit("/", 1)[-1] or "tep"
    return f"{folder}/{stored.pk:05d}-{name}"


def year_archive(cluster_year: ClusterYear) -> tuple[bytes, list[tuple[str, int, str]]]:
    """(the .zip bytes, its manifest: path, size, SHA-256 of each entry but the manifest)."""
    manifest: list[tuple[str, int, str]] = []
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        issued = IssuedDocument.objects.of_issuer(cluster=cluster_year.cluster).filter(
            year=cluster_year.year
        )
        for document in issued.prefetch_related("signatures").order_by("kind", "number"):
            stem = f"van-ban/{ascii_name(document.number_symbol.replace('/', '-'))}"
            _entry(archive, manifest, f"{stem}.pdf", bytes(document.pdf))
            if document.signatures.all():
                _entry(archive, manifest, f"{stem}-da-ky-so.pdf", current_pdf(document))
        workbook, _title = register_workbook(
            cluster_year.cluster.title, cluster_year.year, issued.prefetch_related("signatures")
        )
        _entry(archive, manifest, "so-van-ban-di.xlsx", workbook)
        ranking = documents.term_ranking(cluster_year, "year")
        workbook, _title = scores_workbook(ranking)
        _entry(archive, manifest, "bang-diem.xlsx", workbook)
        files = [
            ("hoi-nghi", Attachment.objects.filter(conference__cluster_year=cluster_year)),
            (
                "minh-chung",
                Evidence.objects.filter(score__assessment__membership__cluster_year=cluster_year),
            ),
            (
                "ho-so-khen-thuong",
                NominationFile.objects.filter(nomination__membership__cluster_year=cluster_year),
            ),
        ]
        for folder, queryset in files:
            for stored in queryset.order_by("pk"):
                _entry(archive, manifest, _stored_path(folder, stored), _read(stored))
        listing = io.StringIO()
        writer = csv.writer(listing)
        writer.writerow(["duong_dan", "kich_thuoc_byte", "sha256"])
        writer.writerows(manifest)
        writer.writerow([f"# {cluster_year} · {timezone.localtime():%d/%m/%Y %H:%M}", "", ""])
        archive.writestr("MANIFEST.csv", listing.getvalue().encode("utf-8"))
    return output.getvalue(), manifest
