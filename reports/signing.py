"""Digital signatures (ký số) on issued documents, with pyHanko (PAdES).

An agency may hold a signing certificate (PKCS#12, `AgencyCertificate`); its password is kept
encrypted with a key derived from the SIGNING_KEY setting (SECRET_KEY when unset), never in
clear. Signing appends the signature to the issued PDF (an incremental update: the bytes as
issued stay a prefix of the signed file) with a visible mark at the top right of page 1, in
the bundled Times-compatible serif at 10 pt: the organisation's name and the signing time
(Decree 30/2020/NĐ-CP, Appendix I, on electronic documents). The certificates of the chain are
embedded (PAdES B-LT's validation data), with revocation data when SIGNING_FETCH_REVOCATION
lets pyHanko fetch it, and a timestamp when SIGNING_TSA_URL names a timestamp service.
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import functools
import hashlib
import io
import os
import tempfile
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from auditlog.context import set_actor
from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, pkcs12
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko import stamp
from pyhanko.pdf_utils import text
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko_certvalidator import ValidationContext

from clusters.models import Agency, Officer, User
from emulation.errors import DomainError

from . import documents
from .models import AgencyCertificate, DocumentSignature, IssuedDocument
from .register import sha256

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# A4 is 595 × 842 pt; the mark sits in the top margin, flush with the right margin (15 mm).
MARK_BOX = (343, 792, 553, 834)
FIELD_NAME = "Signature{}"
BLUE = (0, 0, 1)  # the mark of an electronic document's signature is blue


# The password, encrypted ----------------------------------------------------------------


def _fernet() -> Fernet:
    secret = (getattr(settings, "SIGNING_KEY", "") or settings.SECRET_KEY).encode()
    key = hashlib.sha256(b"reports.signing/agency-certificate-password:" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_password(password: str) -> bytes:
    return _fernet().encrypt(password.encode())


def decrypt_password(token: bytes) -> str:
    try:
        return _fernet().decrypt(bytes(token)).decode()
    except InvalidToken:
        raise DomainError(
            _(
                "The certificate's password can no longer be read (the signing key of the "
                "server changed): upload the certificate again."
            )
        ) from None


# The certificate ------------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    key: object
    certificate: x509.Certificate
    chain: list[x509.Certificate]


def load_pkcs12(content: bytes, password: str) -> Loaded:
    """The key, certificate and chain of a PKCS#12 file, or a clear refusal."""
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(
            bytes(content), password.encode() or None
        )
    except ValueError:
        raise DomainError(
            _(
                "The certificate could not be opened: the password is wrong or it is not a "
                "PKCS#12 file."
            )
        ) from None
    chain = list(chain or [])
    if key is None or (certificate is None and not chain):
        raise DomainError(_("The file holds no certificate with its private key."))
    public = _public_bytes(key)
    if certificate is None:  # a key packed beside certificates: one of them must be its own
        certificate = next((c for c in chain if _public_bytes(c) == public), None)
        chain = [c for c in chain if c is not certificate]
    if certificate is None or _public_bytes(certificate) != public:
        raise DomainError(_("The private key in the file does not match its certificate."))
    return Loaded(key, certificate, chain)


def _public_bytes(key_or_certificate) -> bytes:
    return key_or_certificate.public_key().public_bytes(
        Encoding.DER, PublicFormat.SubjectPublicKeyInfo
    )


def check_validity(certificate: x509.Certificate, at: datetime.datetime) -> None:
    if at < certificate.not_valid_before_utc:
        raise DomainError(
            _("The certificate is not valid yet: it is valid from %(date)s.")
            % {"date": certificate.not_valid_before_utc.astimezone(VIETNAM).strftime("%d/%m/%Y")}
        )
    if at > certificate.not_valid_after_utc:
        raise DomainError(
            _("The certificate expired on %(date)s.")
            % {"date": certificate.not_valid_after_utc.astimezone(VIETNAM).strftime("%d/%m/%Y")}
        )


def subject_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


@transaction.atomic
def certificate_install(
    *, agency: Agency, pkcs12_file: bytes, password: str, by: User | None
) -> AgencyCertificate:
    """Keep `agency`'s signing certificate (replacing the one it had), its password
    encrypted. Refused when the password is wrong, the key does not match or it is not valid
    now."""
    loaded = load_pkcs12(pkcs12_file, password)
    check_validity(loaded.certificate, timezone.now())
    certificate = AgencyCertificate.objects.filter(agency=agency).first() or AgencyCertificate(
        agency=agency
    )
    certificate.pkcs12 = bytes(pkcs12_file)
    certificate.encrypted_password = encrypt_password(password)
    certificate.chain_pem = "".join(
        c.public_bytes(Encoding.PEM).decode() for c in [loaded.certificate, *loaded.chain]
    )
    certificate.subject = subject_name(loaded.certificate)[:255]
    certificate.valid_from = loaded.certificate.not_valid_before_utc
    certificate.valid_until = loaded.certificate.not_valid_after_utc
    certificate.uploaded_by = by
    with set_actor(by):
        certificate.save()
    return certificate


# Signing --------------------------------------------------------------------------------


def signing_agency(document: IssuedDocument) -> Agency | None:
    """Whose certificate signs: the agency that issued it, or for a cluster's document the
    agency of the year's head (the cluster has no legal person; its head signs and seals)."""
    if document.agency_id:
        return document.agency
    officer = (
        Officer.objects.filter(
            cluster_year__cluster_id=document.cluster_id,
            cluster_year__year=document.year,
            role=Officer.Role.HEAD,
        )
        .select_related("membership__agency")
        .first()
    )
    return officer.membership.agency if officer else None


def current_pdf(document: IssuedDocument) -> bytes:
    """The document's latest file: the last signed one, else the PDF as issued."""
    last = document.signatures.order_by("-signed_at", "-pk").first()
    return bytes(last.pdf if last else document.pdf)


def signature_save(
    document: IssuedDocument,
    signed: bytes,
    *,
    method: str,
    signed_as: str,
    at: datetime.datetime,
    by: User | None,
) -> DocumentSignature:
    """Keep `signed`, the document's PDF with one more signature, as its latest file."""
    signature = DocumentSignature(
        document=document,
        method=method,
        signed_as=signed_as,
        signed_at=at,
        pdf=signed,
        sha256=sha256(signed),
        signed_by=by,
    )
    with set_actor(by):
        signature.save()
    return signature


def _as_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def trust_roots() -> list[asn1_x509.Certificate]:
    """The roots a signature is checked against: those in the SIGNING_TRUST_ROOTS file (PEM),
    and the self-signed certificates of the chains of the agencies' own certificates."""
    roots = []
    path = getattr(settings, "SIGNING_TRUST_ROOTS", "")
    if path:
        with open(path, "rb") as file:
            roots += [_as_asn1(c) for c in x509.load_pem_x509_certificates(file.read())]
    for chain in AgencyCertificate.objects.values_list("chain_pem", flat=True):
        roots += [
            _as_asn1(certificate)
            for certificate in x509.load_pem_x509_certificates(chain.encode())
            if certificate.issuer == certificate.subject
        ]
    return roots


def validation_context(*, for_signing: bool, extra_roots=()) -> ValidationContext:
    fetch = bool(getattr(settings, "SIGNING_FETCH_REVOCATION", False)) and for_signing
    return ValidationContext(
        trust_roots=[*trust_roots(), *extra_roots],
        allow_fetching=fetch,
        revocation_mode="soft-fail",
    )


def timestamper() -> timestamps.TimeStamper | None:
    url = getattr(settings, "SIGNING_TSA_URL", "")
    return timestamps.HTTPTimeStamper(url) if url else None


@functools.cache
def mark_font() -> str:
    """The bundled serif (Times New Roman's metrics) rescaled to 1000 units per em: pyHanko
    writes the glyph widths in the font's own units, which PDF reads as thousandths of an em
    (the 2048 of the bundled font would double the spacing). Made once per process."""
    font = TTFont(documents.fonts_dir() / "LiberationSerif-Regular.ttf")
    scale_upem(font, 1000)
    path = Path(tempfile.gettempdir()) / f"emulation-mark-font-{os.getpid()}.ttf"
    font.save(path)
    return str(path)


def mark_style() -> stamp.TextStampStyle:
    return stamp.TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=text.TextBoxStyle(
            font=GlyphAccumulatorFactory(mark_font()), font_size=10, text_color=BLUE
        ),
        border_width=1,
        border_color=BLUE,
        background=None,
    )


def mark_text(organisation: str, at: datetime.datetime) -> str:
    """The mark's words: the organisation and the signing time, ISO 8601 in Vietnam's time."""
    moment = at.astimezone(VIETNAM).replace(microsecond=0).isoformat()
    return f"{organisation}\nThời gian ký: {moment}"


def embed_signature(
    pdf: bytes,
    *,
    signer: signers.Signer,
    organisation: str,
    at: datetime.datetime,
    extra_roots=(),
) -> bytes:
    """Sign `pdf` with `signer` (a key on the server), with the visible mark on page 1 and the
    chain's validation data embedded. A plain function: a background job can call it."""
    context = validation_context(for_signing=True, extra_roots=extra_roots)
    return asyncio.run(
        embed_signature_async(pdf, signer=signer, organisation=organisation, at=at, context=context)
    )


async def embed_signature_async(
    pdf: bytes,
    *,
    signer: signers.Signer,
    organisation: str,
    at: datetime.datetime,
    context: ValidationContext,
) -> bytes:
    """The same, for a signer that works in an event loop (a remote one: reports/remote.py),
    with the validation context made beforehand (it reads the database, which an event loop
    may not). The first signature carries the visible mark; later ones are invisible."""
    source = IncrementalPdfFileWriter(io.BytesIO(pdf))
    existing = len(list(fields.enumerate_sig_fields(source.prev)))
    field = FIELD_NAME.format(existing + 1)
    metadata = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=True,
        validation_context=context,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        stamp_style=mark_style(),
        timestamper=timestamper(),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field, on_page=0, box=MARK_BOX if existing == 0 else None
        ),
    )
    try:
        output = await pdf_signer.async_sign_pdf(
            source, appearance_text_params={"text": mark_text(organisation, at)}
        )
    finally:
        await context.aclose()  # the session that fetched the revocation data, if any
    return output.getvalue()


@transaction.atomic
def document_sign_organisation(*, document: IssuedDocument, by: User | None) -> DocumentSignature:
    """Sign the issued `document` with the certificate of the agency that signs for its
    issuer. Nothing is kept unless the signature is made in full."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    agency = signing_agency(document)
    certificate = agency and AgencyCertificate.objects.filter(agency=agency).first()
    if not certificate:
        raise DomainError(
            _("%(agency)s has no signing certificate.")
            % {"agency": agency.name if agency else _("The issuing body")}
        )
    if document.signatures.filter(method=DocumentSignature.Method.ORGANISATION).exists():
        raise DomainError(_("This document already carries the organisation's signature."))
    now = timezone.now()
    loaded = load_pkcs12(certificate.pkcs12, decrypt_password(certificate.encrypted_password))
    check_validity(loaded.certificate, now)
    signer = signers.SimpleSigner.load_pkcs12_data(
        bytes(certificate.pkcs12),
        other_certs=[],
        passphrase=decrypt_password(certificate.encrypted_password).encode() or None,
    )
    try:
        signed = embed_signature(
            current_pdf(document), signer=signer, organisation=agency.name, at=now
        )
    except Exception as error:  # pyHanko's own errors, a timestamp service that failed
        raise DomainError(
            _("The document could not be signed: %(error)s") % {"error": error}
        ) from error
    return signature_save(
        document,
        signed,
        method=DocumentSignature.Method.ORGANISATION,
        signed_as=agency.name,
        at=now,
        by=by,
    )
