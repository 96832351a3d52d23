"""Who may see and change a movement (the choke points of its pages).

- A cluster year's movement: whoever sees the year sees it; its secretariat plans it.
- An agency's movement: the agency's staff see and plan it.
- The ministry's reviewers see every movement; superusers change every one.
- Reports on a phase: the staff of a participating agency, for their own agency.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from clusters.access import can_administer_year, int_or_404, is_ministry, lineage_ids, visible_years
from clusters.models import Agency

from .models import Movement, MovementContent, MovementPhase, PhaseEvidence


def visible_movements(user) -> QuerySet[Movement]:
    movements = Movement.objects.with_owner()
    if is_ministry(user):
        return movements
    if not user.is_authenticated or user.agency_id is None:
        return movements.none()
    return movements.filter(
        Q(cluster_year__in=visible_years(user)) | Q(agency_id__in=lineage_ids(user))
    )


def can_plan(user, movement: Movement) -> bool:
    if user.is_superuser:
        return True
    if movement.cluster_year_id:
        return can_administer_year(user, movement.cluster_year)
    return user.agency_id is not None and user.agency_id == movement.agency_id


def get_movement_for_user(user, pk, *, write: bool = False) -> Movement:
    movement = visible_movements(user).filter(pk=int_or_404(pk)).first()
    if movement is None:
        raise Http404
    if write and not can_plan(user, movement):
        raise PermissionDenied
    return movement


def get_content_for_user(user, pk, *, write: bool = False) -> MovementContent:
    content = (
        MovementContent.objects.filter(pk=int_or_404(pk), movement__in=visible_movements(user))
        .select_related("movement__cluster_year__cluster", "movement__agency")
        .first()
    )
    if content is None:
        raise Http404
    if write and not can_plan(user, content.movement):
        raise PermissionDenied
    return content


def get_phase_for_user(user, pk) -> MovementPhase:
    phase = (
        MovementPhase.objects.filter(pk=int_or_404(pk), movement__in=visible_movements(user))
        .select_related("movement__cluster_year__cluster", "movement__agency")
        .first()
    )
    if phase is None:
        raise Http404
    return phase


def reporting_agency(user, movement: Movement) -> Agency | None:
    """The agency the user reports for in this movement, if it takes part."""
    if user.agency_id is None:
        return None
    participant = movement.participants.filter(agency_id=user.agency_id).select_related("agency")
    found = participant.first()
    return found.agency if found else None


def get_reporting_phase_for_user(user, pk) -> tuple[MovementPhase, Agency]:
    """A phase the user may report on: seen, and the user's agency takes part (else 403)."""
    phase = get_phase_for_user(user, pk)
    agency = reporting_agency(user, phase.movement)
    if agency is None:
        raise PermissionDenied
    return phase, agency


def get_evidence_for_user(user, pk) -> PhaseEvidence:
    evidence = (
        PhaseEvidence.objects.filter(
            pk=int_or_404(pk), report__phase__movement__in=visible_movements(user)
        )
        .select_related("report__phase__movement__cluster_year", "report__phase__movement__agency")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence
