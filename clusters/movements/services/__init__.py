"""Writes that move a movement: plan, contents, phases, participants, launch, phase reports.

Keyword-only, typed, one transaction each; a refusal is a DomainError a user can read,
and nothing is half-written (uploads are all checked before the first one is stored).
"""

from .plans import (
    ContentText,
    PhaseDates,
    Plan,
    movement_contents_set,
    movement_create,
    movement_launch,
    movement_phases_set,
    movement_update,
    participants_set,
)
from .reports import (
    ReportEntry,
    check_may_report,
    phase_evidence_delete,
    phase_report_save,
)

__all__ = [
    "Plan",
    "movement_create",
    "movement_update",
    "ContentText",
    "movement_contents_set",
    "PhaseDates",
    "movement_phases_set",
    "participants_set",
    "movement_launch",
    "ReportEntry",
    "check_may_report",
    "phase_report_save",
    "phase_evidence_delete",
]
