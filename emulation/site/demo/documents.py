"""The demo's official documents: the 2022 nomination dossier of Cụm thi đua số 3 (Đà Nẵng,
the ministry's flag) issued through the register, numbered and signed with a test certificate
of the head's agency (Sở Ngoại vụ Quảng Nam), made when the demo is seeded and named
“CHỈ DÙNG THỬ”. Its password is random and kept only encrypted; no key is in the repository.

Loaded by `manage.py seed_demo` after the scoring demo; does nothing when the dossier is
already issued.
"""

from __future__ import annotations

import datetime

from clusters.models import ClusterYear, Officer, User
from reports import demo_certificates, documents, register, signing
from reports.models import DocumentKind, IssuedDocument
from scoring.models import Nomination

DOSSIER_DAY = datetime.date(2022, 12, 20)
# The head of Cụm 3 in 2022 has no demo user: the signer is named for the demo only.
SIGNER_2022 = register.Signer(
    name="Nguyễn Văn Minh (minh họa)",
    title="Giám đốc Sở Ngoại vụ Quảng Nam",
    position="Cụm trưởng",
    capacity=IssuedDocument.Capacity.ON_BEHALF,
    signing_for="Cụm thi đua số 3",
)


def seed_documents(*, by: User) -> IssuedDocument | None:
    year = ClusterYear.objects.with_cluster().filter(cluster__number="3", year=2022).first()
    if year is None:
        return None
    nomination = (
        Nomination.objects.filter(
            membership__cluster_year=year, membership__agency__short_name="Đà Nẵng"
        )
        .select_related("membership__cluster_year__cluster", "proposal__ballot__conference")
        .first()
    )
    if nomination is None:
        return None
    issued = IssuedDocument.objects.filter(
        source_kind=documents.Kind.DOSSIER, source_id=nomination.pk
    ).first()
    if issued is not None:
        return issued
    head = year.officers.select_related("membership__agency").get(role=Officer.Role.HEAD)
    agency = head.membership.agency
    password = demo_certificates.new_password()
    authority = demo_certificates.authority()
    signing.certificate_install(
        agency=agency,
        pkcs12_file=demo_certificates.agency_pkcs12(authority, agency.name, password=password),
        password=password,
        by=by,
    )
    issued = register.issue_rendered(
        documents.dossier(nomination),
        cluster_year=year,
        kind=DocumentKind.PROPOSAL,
        signer=SIGNER_2022,
        issued_on=DOSSIER_DAY,
        by=by,
    )
    signing.document_sign_organisation(document=issued, by=by)
    return issued
