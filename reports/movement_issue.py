"""Issuing a movement's plan through the document register: a cluster year's plan takes the
next KH number of the cluster's register, an agency's own plan the next of the agency's."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from clusters.models import Agency, Movement, User

from . import documents, register
from .models import DocumentKind, IssuedDocument
from .movement_plan import movement_plan


@documents.in_document_language
def director_position(movement: Movement) -> str:
    """The position an agency's plan is signed as: Giám đốc of a department, else Thủ trưởng."""
    if movement.agency.kind == Agency.Kind.DEPARTMENT:
        return _("Director")
    return _("Head of the agency")


def signers(movement: Movement) -> list[tuple[User, register.Signer]]:
    """Who may sign the plan: the cluster's signers for a cluster year's movement, the
    agency's active staff (signing as its head) for an agency's own movement."""
    if movement.cluster_year_id:
        return register.signers(movement.cluster_year)
    position = director_position(movement)
    users = User.objects.filter(agency_id=movement.agency_id, is_active=True).order_by(
        "full_name", "username"
    )
    return [
        (
            user,
            register.Signer(
                name=user.full_name or user.get_full_name() or user.username,
                title=user.job_title,
                position=position,
            ),
        )
        for user in users
    ]


def collective_and_head(movement: Movement) -> tuple[str, str]:
    """What TM. signs for and what KT. signs for (the issue form's capacities)."""
    if movement.cluster_year_id:
        return documents.issuer(movement.cluster_year.cluster), register.head_position()
    return movement.agency.name, director_position(movement)


def issued_plan(movement: Movement) -> IssuedDocument | None:
    """The plan's latest issue, if it was issued."""
    return register.latest_issue(documents.Kind.MOVEMENT_PLAN, movement.pk)


def movement_plan_issue(
    *,
    movement: Movement,
    signer: register.Signer,
    issued_on: datetime.date,
    by: User | None,
) -> IssuedDocument:
    """Issue the plan as it is now: the next KH number of the launcher's register (the
    cluster's or the agency's) for the year it is dated in, and its PDF kept."""
    return register.issue_rendered(
        movement_plan(movement),
        kind=DocumentKind.PLAN,
        signer=signer,
        issued_on=issued_on,
        by=by,
        cluster_year=movement.cluster_year if movement.cluster_year_id else None,
        agency=None if movement.cluster_year_id else movement.agency,
    )
