"""The document register (sổ văn bản đi): issuing a document gives it the next number of its
issuing body, year and kind, and freezes its PDF.

`document_issue` is the one way to issue: any document (a term report, a dossier, a
movement's plan) is issued by naming its issuing body, year and kind and handing over a
function that renders the PDF once the number is known. Numbers are taken under a row lock
(RegisterCounter, select_for_update) held until the document is saved, so that concurrent
issues never share a number, and a failed render rolls the number back: no number is skipped.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Callable

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Agency, Cluster, ClusterYear, Officer, User
from emulation.errors import DomainError

from . import documents
from .models import DocumentKind, IssuedDocument, RegisterCounter

Capacity = IssuedDocument.Capacity


@dataclasses.dataclass(frozen=True)
class Signer:
    """Who signs, as the signature block prints it: the capacity line (TM. CỤM THI ĐUA SỐ 3,
    KT. CỤM TRƯỞNG), the position they sign as, and their name."""

    name: str
    position: str
    capacity: str = Capacity.OWN
    signing_for: str = ""  # after TM. the collective, after KT. the head's position
    title: str = ""

    @property
    def capacity_line(self) -> str:
        """“TM. CỤM THI ĐUA SỐ 3”, “KT. CỤM TRƯỞNG”, “Q. CỤM TRƯỞNG”."""
        if self.capacity == Capacity.ACTING:
            return f"Q. {self.position}".upper()
        return f"{self.capacity} {self.signing_for}".strip().upper() if self.capacity else ""

    @property
    def position_line(self) -> str:
        """The position signed as, under the capacity line (the acting head's is in it)."""
        return "" if self.capacity == Capacity.ACTING else self.position.upper()


@dataclasses.dataclass(frozen=True)
class Numbering:
    """What a document's renderer is given once its number is taken."""

    number: str  # “05/TTr-CTĐ3”
    issued_on: datetime.date
    signer: Signer


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def symbol_of(kind: str, *, cluster: Cluster | None = None, agency: Agency | None = None) -> str:
    """“TTr-CTĐ3” for a cluster; for an agency, the kind and the initials of its name
    (“KH-SNVPT” for Sở Ngoại vụ Phú Thọ)."""
    if cluster is not None:
        return documents.cluster_symbol(kind, cluster)
    initials = "".join(word[0] for word in agency.name.split() if word[:1].isalpha()).upper()
    return f"{kind}-{initials}"


def _locked_counter(
    *, cluster: Cluster | None, agency: Agency | None, year: int, kind: str
) -> RegisterCounter:
    """The register's counter for the kind, locked until the transaction ends: whoever issues
    a document of this kind for this body and year waits here for the one before."""
    RegisterCounter.objects.get_or_create(cluster=cluster, agency=agency, year=year, kind=kind)
    return RegisterCounter.objects.select_for_update().get(
        cluster=cluster, agency=agency, year=year, kind=kind
    )


@transaction.atomic
def document_issue(
    *,
    kind: str,
    year: int,
    title: str,
    render: Callable[[Numbering], bytes],
    signer: Signer,
    issued_on: datetime.date,
    by: User | None,
    cluster: Cluster | None = None,
    agency: Agency | None = None,
    place: str = "",
    source: tuple[str, int, str] | None = None,
    content_fingerprint: str = "",
) -> IssuedDocument:
    """Issue a document of `kind` for the issuing body (a cluster or an agency) in `year`:
    take its number, render it (`render` gets the number, date and signer and returns the
    PDF), and keep the PDF as issued with its SHA-256. `source` names what it was rendered
    from (a RenderedDocument kind, object id and variant): a later issue of the same source
    replaces this one, and is refused while the content (`content_fingerprint`) is the same."""
    if (cluster is None) == (agency is None):
        raise ValueError("A document is issued by a cluster or by an agency.")
    if kind not in DocumentKind.values:
        raise DomainError(_("Unknown kind of document."))
    if not signer.name.strip() or not signer.position.strip():
        raise DomainError(_("Name the person who signs and the position they sign as."))
    if issued_on.year != year:
        raise DomainError(
            _("A document of the register of %(year)s is dated in %(year)s.") % {"year": year}
        )
    counter = _locked_counter(cluster=cluster, agency=agency, year=year, kind=kind)
    replaces = None
    if source is not None:  # read under the counter's lock: two issues cannot both miss it
        source_kind, source_id, variant = source
        replaces = (
            IssuedDocument.objects.filter(
                source_kind=source_kind, source_id=source_id, source_variant=variant
            )
            .order_by("-issued_at", "-pk")
            .first()
        )
        if replaces is not None and content_fingerprint == replaces.content_fingerprint:
            raise DomainError(
                _(
                    "This document was issued as %(number)s and has not changed since: "
                    "download that one."
                )
                % {"number": replaces.number_symbol}
            )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    number = counter.last_number
    symbol = symbol_of(kind, cluster=cluster, agency=agency)
    pdf = render(Numbering(f"{number:02d}/{symbol}", issued_on, signer))
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("The renderer did not return a PDF.")
    document = IssuedDocument(
        cluster=cluster,
        agency=agency,
        year=year,
        kind=kind,
        number=number,
        symbol=symbol,
        title=title,
        issued_on=issued_on,
        place=place,
        source_kind=source[0] if source else "",
        source_id=source[1] if source else None,
        source_variant=source[2] if source else "",
        content_fingerprint=content_fingerprint,
        signer_name=signer.name,
        signer_title=signer.title,
        signer_position=signer.position,
        capacity=signer.capacity,
        signing_for=signer.signing_for.upper() if signer.capacity else "",
        pdf=pdf,
        sha256=sha256(pdf),
        replaces=replaces,
        issued_by=by,
    )
    document.full_clean(exclude=["pdf", "sha256"])
    with set_actor(by):
        document.save()
    return document


def issue_rendered(
    document: documents.Document,
    *,
    kind: str,
    signer: Signer,
    issued_on: datetime.date,
    by: User | None,
    cluster_year: ClusterYear | None = None,
    agency: Agency | None = None,
) -> IssuedDocument:
    """Issue one of the application's own documents (reports/documents.py): the draft's
    content with the register's number, the date and the named signer. A cluster's document
    takes the next number of the cluster's register of the year (`cluster_year`); an agency's
    own document (`agency`) the next of the agency's register of the year it is dated in. A
    later issue of the same document replaces this one (and is refused while unchanged)."""
    heading = document.context["heading"]
    return document_issue(
        kind=kind,
        year=cluster_year.year if cluster_year else issued_on.year,
        cluster=cluster_year.cluster if cluster_year else None,
        agency=agency,
        title=document.title,
        place=heading["place"],
        render=lambda numbering: documents.write_pdf(documents.html_issued(document, numbering)),
        signer=signer,
        issued_on=issued_on,
        by=by,
        source=(document.kind, document.object_id, document.variant),
        content_fingerprint=documents.fingerprint(documents.html(document)),
    )


def latest_issue(source_kind: str, source_id: int, variant: str = "") -> IssuedDocument | None:
    """The latest issue of one of the application's documents (a RenderedDocument kind and
    its object), if it was issued: what its page links to as the issued document."""
    return (
        IssuedDocument.objects.filter(
            source_kind=source_kind, source_id=source_id, source_variant=variant
        )
        .defer("pdf")
        .order_by("-issued_at", "-pk")
        .first()
    )


@documents.in_document_language
def head_position() -> str:
    return _("Head of the cluster")


@documents.in_document_language
def signers(cluster_year: ClusterYear) -> list[tuple[User, Signer]]:
    """Who may sign for the cluster, with how they would sign: the staff of the head's agency
    (TM. the cluster, as Cụm trưởng) and of the deputies' (KT. Cụm trưởng, as Cụm phó)."""
    cluster_name = documents.issuer(cluster_year.cluster)
    head, deputy = head_position(), _("Deputy head of the cluster")
    how_by_agency = {}
    for officer in cluster_year.officers.select_related("membership").order_by("role"):
        if officer.role == Officer.Role.HEAD:
            how = (Capacity.ON_BEHALF, cluster_name, head)
        else:
            how = (Capacity.FOR_HEAD, head, deputy)
        how_by_agency.setdefault(officer.membership.agency_id, how)
    users = User.objects.filter(agency_id__in=list(how_by_agency), is_active=True).order_by(
        "agency_id", "full_name", "username"
    )
    result = []
    for user in users:
        capacity, signing_for, position = how_by_agency[user.agency_id]
        name = user.full_name or user.get_full_name() or user.username
        signer = Signer(
            name=name,
            title=user.job_title,
            position=position,
            capacity=capacity,
            signing_for=signing_for,
        )
        result.append((user, signer))
    return result
