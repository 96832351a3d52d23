"""Checks on uploaded files: the type is read from the content, never from the name."""

from __future__ import annotations

import os
from dataclasses import dataclass

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from emulation.errors import DomainError
from emulation.office_files import EVIDENCE_LIMITS, BeyondLimits, zip_office_type

# What each family of files looks like from its first bytes.
SIGNATURES = {
    "pdf": [(b"%PDF-", "application/pdf", ".pdf")],
    "image": [
        (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
        (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
        (b"GIF87a", "image/gif", ".gif"),
        (b"GIF89a", "image/gif", ".gif"),
    ],
    "office": [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", None)],
}
OLE_EXTENSIONS = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str


def sniff(upload, allowed: tuple[str, ...]) -> tuple[str, str | None] | None:
    """(content type, extension) when the content is one of the allowed families. A zip is
    recognised from its directory, within bounds (OfficeFileError when it is refused)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for family in allowed:
        for magic, content_type, extension in SIGNATURES.get(family, []):
            if head.startswith(magic):
                return content_type, extension
    if "office" in allowed and head.startswith(b"PK\x03\x04"):
        return zip_office_type(upload, EVIDENCE_LIMITS)
    return None


def file_response(record) -> FileResponse:
    """An uploaded file as a download: PDFs and images open in the browser, anything else is
    saved; never run as a page (sandboxed, no type sniffing). A missing file is a 404."""
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = record.content_type == "application/pdf" or record.content_type.startswith("image/")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=record.original_name,
        content_type=record.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def save_with_file(
    record, upload, checked: CheckedUpload, *, by, original_name: str | None = None
) -> None:
    """Store the upload in `record.file` (a StoredFile) under its safe name, with what the
    record keeps of it (the name shown, by default the safe one; type; size; who uploaded it),
    then the record; if the record is refused, the file is removed again, so no orphan stays
    on disk."""
    record.original_name = checked.name if original_name is None else original_name
    record.content_type = checked.content_type
    record.size = upload.size
    record.uploaded_by = by
    record.file.save(checked.name, upload, save=False)
    try:
        record.full_clean()
        with set_actor(by):
            record.save()
    except Exception:
        record.file.storage.delete(record.file.name)
        raise


def checked_upload(upload, *, allowed: tuple[str, ...]) -> CheckedUpload:
    """Refuse files that are too large or not what they claim; return a safe name and type."""
    if upload.size == 0:
        raise DomainError(_("The file is empty."))
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            }
        )
    try:
        found = sniff(upload, allowed)
    except BeyondLimits as error:
        raise DomainError(f"“{upload.name}”: {error}") from None
    if found is None:
        raise DomainError(
            _("“%(name)s” is not a PDF, an image or an office document.") % {"name": upload.name}
        )
    content_type, extension = found
    stem, given_extension = os.path.splitext(os.path.basename(upload.name))
    given_extension = given_extension.lower()
    if extension is None:  # legacy Office: trust the name only among the Office types
        if given_extension not in OLE_EXTENSIONS:
            raise DomainError(
                _("“%(name)s” is not a PDF, an image or an office document.")
                % {"name": upload.name}
            )
        extension, content_type = given_extension, OLE_EXTENSIONS[given_extension]
    if extension == ".jpg" and given_extension == ".jpeg":
        extension = ".jpeg"
    try:
        stem = get_valid_filename(stem).lstrip(".")[:100]
    except SuspiciousFileOperation:
        stem = ""
    stem = stem or "tep"
    return CheckedUpload(name=f"{stem}{extension}", content_type=content_type)
