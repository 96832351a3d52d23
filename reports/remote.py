"""Personal remote signing through the Cloud Signature Consortium API (CSC v1), the protocol
the Vietnamese remote-signing services speak: the signer's key stays with the provider; the
application sends the document's hash, the signer approves on the provider's side (the
`credentials/authorize` call returns once they have), and the signature comes back to be
embedded in the PDF (PAdES, like the organisation's).

`embed_remote_signature` is a plain function (it runs its own event loop): a background job
can call it. `document_sign_remote` is the service that keeps the result. A signer's request
(`remote_sign_request`) is completed by a task (reports.tasks.remote_sign_complete): the
request does not wait for the signer's approval; the task, acknowledged late and safe to run
twice, adds one signature per request and tells the signer how it went.
"""

from __future__ import annotations

import asyncio
import datetime
import io
from dataclasses import dataclass

import aiohttp
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import csc_signer
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from clusters.models import User
from clusters.notifications import in_default_language, notify
from emulation.errors import DomainError
from emulation.jobs import handing_over

from .models import DocumentSignature, IssuedDocument
from .signing import (
    current_pdf,
    decrypt_password,
    embed_signature_async,
    encrypt_password,
    signature_save,
    validation_context,
)


@dataclass(frozen=True)
class RemoteService:
    """Where and as whom to sign: the provider's base URL (before /csc/v1/), the signer's
    credential there, the OAuth token of their session and, when the provider asks for one,
    their PIN or one-time password."""

    url: str
    credential_id: str
    token: str = ""
    pin: str = ""
    timeout: int = 60


class RemoteSigningFailed(Exception):
    pass


class Approval(csc_signer.CSCAuthorizationManager):
    """Asks the provider to authorise the signature of these hashes; the call returns when the
    signer has approved (the provider's own confirmation, on the signer's phone)."""

    def __init__(self, service: RemoteService, session_info, credential_info, session):
        super().__init__(session_info, credential_info)
        self.service = service
        self.session = session

    async def authorize_signature(self, hash_b64s: list[str]) -> csc_signer.CSCAuthorizationInfo:
        request = self.format_csc_auth_request(hash_b64s=hash_b64s, pin=self.service.pin or None)
        async with self.session.post(
            self.csc_session_info.endpoint_url("credentials/authorize"),
            headers=self.csc_session_info.auth_headers,
            json=request,
            raise_for_status=True,
            timeout=aiohttp.ClientTimeout(total=self.service.timeout),
        ) as response:
            data = await response.json()
        return self.parse_csc_auth_response(data)


async def _sign(
    pdf: bytes, service: RemoteService, at: datetime.datetime, context
) -> tuple[bytes, str]:
    session_info = csc_signer.CSCServiceSessionInfo(
        service_url=service.url.rstrip("/"),
        credential_id=service.credential_id,
        oauth_token=service.token or None,
    )
    async with aiohttp.ClientSession() as session:
        credential = await csc_signer.fetch_certs_in_csc_credential(
            session, session_info, timeout=service.timeout
        )
        signer = csc_signer.CSCSigner(
            session,
            auth_manager=Approval(service, session_info, credential, session),
            sign_timeout=service.timeout,
        )
        name = credential.signing_cert.subject.native.get("common_name", "")
        signed = await embed_signature_async(
            pdf, signer=signer, organisation=name, at=at, context=context
        )
        return signed, name


def embed_remote_signature(
    pdf: bytes, *, service: RemoteService, at: datetime.datetime
) -> tuple[bytes, str]:
    """(the signed PDF, the signer's name in their certificate). Raises RemoteSigningFailed
    with a message a user can read when the provider refuses, times out or answers garbage."""
    context = validation_context(for_signing=True)
    try:
        signed, name = asyncio.run(_sign(pdf, service, at, context))
        _check_made(signed)
        return signed, name
    except (
        aiohttp.ClientError,
        TimeoutError,
        SigningError,
        KeyError,
        ValueError,
        TypeError,
    ) as error:
        raise RemoteSigningFailed(_reason(error)) from error


def _check_made(signed: bytes) -> None:
    """The signature that came back must be one of the document as sent: a provider that
    answers with bytes that are not (garbage, another hash) leaves nothing half-signed."""
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[-1]
    status = validate_pdf_signature(embedded, skip_diff=True)
    if not (status.intact and status.valid):
        raise ValueError("The signature returned does not match the document.")


def _reason(error: BaseException) -> str:
    """What went wrong, from the first network error in the chain (pyHanko wraps them)."""
    cause = error
    while cause is not None:
        if isinstance(cause, TimeoutError):
            return _("The remote-signing service did not answer in time: try again later.")
        if isinstance(cause, aiohttp.ClientResponseError):
            return _("The remote-signing service refused the signature (HTTP %(status)s).") % {
                "status": cause.status
            }
        if isinstance(cause, aiohttp.ClientConnectionError):
            return _("The remote-signing service cannot be reached.")
        if isinstance(cause, PathBuildingError | PathValidationError):
            return _(
                "The signer's certificate does not chain up to an authority the application "
                "trusts (SIGNING_TRUST_ROOTS)."
            )
        cause = cause.__cause__ or cause.__context__
    return _("The remote-signing service gave an answer that cannot be used.")


@transaction.atomic
def document_sign_remote(
    *, document: IssuedDocument, service: RemoteService, by: User | None
) -> DocumentSignature:
    """Add the signer's personal signature, made by their remote-signing provider, to the
    issued `document`. Nothing is kept unless the signature came back whole."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    now = timezone.now()
    try:
        signed, name = embed_remote_signature(current_pdf(document), service=service, at=now)
    except RemoteSigningFailed as error:
        raise DomainError(str(error)) from error
    return signature_save(
        document,
        signed,
        method=DocumentSignature.Method.REMOTE,
        signed_as=name[:255],
        at=now,
        by=by,
    )


# The request and its completion in the background -------------------------------------------


def remote_sign_request(*, document: IssuedDocument, service: RemoteService, by: User) -> None:
    """Hand the signer's request to the workers. The PIN travels encrypted (the key of the
    agencies' certificate passwords); the request's time makes it one: completed twice (a
    worker that died, a task delivered again), it still adds one signature."""
    from .tasks import remote_sign_complete  # the task calls this module

    with handing_over(
        _(
            "The queue of background jobs is not answering, so the request was not sent. "
            "Nothing was signed: try again in a few minutes."
        )
    ):
        remote_sign_complete.delay(
            document_id=document.pk,
            url=service.url,
            credential_id=service.credential_id,
            token=encrypt_password(service.token).decode(),
            pin=encrypt_password(service.pin).decode(),
            user_id=by.pk,
            requested_at=timezone.now().isoformat(),
        )


def remote_sign_complete(
    *,
    document_id: int,
    url: str,
    credential_id: str,
    token: str,
    pin: str,
    user_id: int,
    requested_at: str,
) -> DocumentSignature | None:
    """What the task does: sign, unless this request has already been completed; tell the
    signer the outcome. Returns the signature made, or None."""
    user = User.objects.get(pk=user_id)
    document = IssuedDocument.objects.defer("pdf").get(pk=document_id)
    since = datetime.datetime.fromisoformat(requested_at)
    service = RemoteService(
        url=url,
        credential_id=credential_id,
        token=decrypt_password(token.encode()),
        pin=decrypt_password(pin.encode()),
    )
    with in_default_language():  # what the signer is told, in Vietnamese
        try:
            signature = _sign_once(document=document, service=service, by=user, since=since)
        except DomainError as error:
            notify(
                users=[user],
                subject=_("%(number)s was not signed") % {"number": document.number_symbol},
                body=" ".join(error.messages),
                url=document_url(document),
            )
            return None
        if signature is not None:
            notify(
                users=[user],
                subject=_("Your signature has been added to %(number)s")
                % {"number": document.number_symbol},
                url=document_url(document),
            )
    return signature


@transaction.atomic
def _sign_once(
    *, document: IssuedDocument, service: RemoteService, by: User, since: datetime.datetime
) -> DocumentSignature | None:
    """Sign under the document's lock, unless the signer's signature of this request (made
    since it was asked for) is already there."""
    IssuedDocument.objects.select_for_update().filter(pk=document.pk).first()
    done = DocumentSignature.objects.filter(
        document=document,
        method=DocumentSignature.Method.REMOTE,
        signed_by=by,
        signed_at__gte=since,
    )
    if done.exists():
        return None
    return document_sign_remote(document=document, service=service, by=by)


def document_url(document: IssuedDocument) -> str:
    return reverse("reports:issued_pdf", args=[document.pk])
