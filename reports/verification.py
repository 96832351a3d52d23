"""Checking a PDF someone holds: is it a document the application issued, unchanged since,
and is each of its signatures valid (pyHanko's validation)?

Read-only: nothing is written, whatever the upload.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from emulation.errors import DomainError

from .models import DocumentSignature, IssuedDocument
from .register import sha256
from .signing import validation_context

MAX_BYTES_DEFAULT = 20 * 1024 * 1024


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    signed_at: datetime.datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature is right
    trusted: bool  # the certificate chains up to a root the application trusts
    whole_file: bool  # nothing was added after it but more signatures or validation data
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file


@dataclass
class Verdict:
    sha256: str
    document: IssuedDocument | None  # the register's entry it matches, byte for byte
    signed_version: DocumentSignature | None
    signatures: list[SignatureCheck] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.document is not None


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", MAX_BYTES_DEFAULT))


def verify(content: bytes) -> Verdict:
    """What the application can say about `content`; a DomainError with a message a
    user can read when it is not a PDF it can read."""
    if len(content) > max_bytes():
        raise DomainError(
            _("The file is too large (at most %(size)s MB).")
            % {"size": max_bytes() // (1024 * 1024)}
        )
    if not content.lstrip()[:5] == b"%PDF-":
        raise DomainError(_("This file is not a PDF."))
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        encrypted = reader.encrypted
        signatures = [] if encrypted else list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise DomainError(_("This PDF could not be read: it is damaged.")) from error
    if encrypted:
        raise DomainError(_("This PDF is encrypted: upload the document as it was issued."))
    digest = sha256(content)
    signed_version = (
        DocumentSignature.objects.filter(sha256=digest).select_related("document").first()
    )
    document = (
        signed_version.document
        if signed_version
        else IssuedDocument.objects.filter(sha256=digest).first()
    )
    verdict = Verdict(sha256=digest, document=document, signed_version=signed_version)
    context = validation_context(for_signing=False)
    for embedded in signatures:
        verdict.signatures.append(_check(embedded, context))
    return verdict


def _check(embedded, context) -> SignatureCheck:
    name = embedded.field_name
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception as error:  # a malformed signature: report it, do not fail the page
        return SignatureCheck(
            field=name,
            signer="",
            signed_at=None,
            intact=False,
            valid=False,
            trusted=False,
            whole_file=False,
            problem=str(error),
        )
    certificate = status.signing_cert
    return SignatureCheck(
        field=name,
        signer=_common_name(certificate),
        signed_at=status.signer_reported_dt,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        whole_file=_unchanged_after(status),
    )


def _common_name(certificate) -> str:
    if certificate is None:
        return ""
    return certificate.subject.native.get("common_name") or certificate.subject.human_friendly


def _unchanged_after(status) -> bool:
    """Only signatures and validation data may follow a signature (pyHanko's difference
    analysis of the later revisions); anything else changed what was signed."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.docmdp_ok is not False
        and status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
    )
