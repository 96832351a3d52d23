"""The covenant of a year and its signatories."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from ..models import (
    ClusterYear,
    Commitment,
    Covenant,
    Membership,
    Signatory,
    User,
)
from .base import check_members_listed_once, save_validated

# Covenant ---------------------------------------------------------------------------------


@transaction.atomic
def covenant_save(
    *,
    cluster_year: ClusterYear,
    title: str,
    commitments: Sequence[str],
    by: User | None,
    number: str = "",
    signed_on: datetime.date | None = None,
    place: str = "",
    preamble: str = "",
) -> Covenant:
    """Create or update the year's covenant; the commitments are numbered in the given order."""
    texts = [text.strip() for text in commitments if text and text.strip()]
    if not texts:
        raise DomainError(_("A covenant needs at least one commitment."), field="commitments")
    if signed_on and signed_on.year not in (cluster_year.year - 1, cluster_year.year):
        raise DomainError(
            {
                "signed_on": _("The covenant of %(year)s is signed in %(previous)s or %(year)s.")
                % {"year": cluster_year.year, "previous": cluster_year.year - 1}
            }
        )
    covenant = Covenant.objects.filter(cluster_year=cluster_year).first() or Covenant(
        cluster_year=cluster_year
    )
    covenant.title, covenant.number, covenant.signed_on = title, number, signed_on
    covenant.place, covenant.preamble = place, preamble
    save_validated(covenant, by=by)
    # Rows are kept by position (a movement's content may point to one), updated in place.
    kept = {c.position: c for c in covenant.commitments.all()}
    with set_actor(by):
        covenant.commitments.filter(position__gt=len(texts)).delete()
        for position, text in enumerate(texts, start=1):
            commitment = kept.get(position)
            if commitment is None:
                Commitment.objects.create(covenant=covenant, position=position, text=text)
            elif commitment.text != text:
                commitment.text = text
                commitment.save(update_fields=["text"])
    return covenant


@dataclass(frozen=True)
class Signature:
    membership: Membership
    signer_name: str
    signer_title: str = ""


@transaction.atomic
def signatories_set(
    *, covenant: Covenant, signatures: Sequence[Signature], by: User | None
) -> list[Signatory]:
    """One signatory per member of the covenant's year; blank names are left unsigned."""
    check_members_listed_once(
        (signature.membership for signature in signatures),
        cluster_year_id=covenant.cluster_year_id,
        outsider=_("%(agency)s is not a member of this year."),
    )
    with set_actor(by):
        covenant.signatories.all().delete()
        return [
            Signatory.objects.create(
                covenant=covenant,
                membership=signature.membership,
                signer_name=signature.signer_name.strip(),
                signer_title=signature.signer_title.strip(),
            )
            for signature in signatures
            if signature.signer_name.strip()
        ]
