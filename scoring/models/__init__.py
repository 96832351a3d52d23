"""Criteria sets, self-assessments with evidence, review, explanation and final scores;
the peer vote, nominations, awards and reminders. One module per concept."""

from auditlog.registry import auditlog

from .assessments import (
    PERIOD_DEADLINE,
    REQUIRED_KINDS,
    Assessment,
    AssessmentEvent,
    AssessmentQuerySet,
    Evidence,
    Score,
    WorkflowStep,
    evidence_path,
    period_deadline,
    period_field,
    periods,
)
from .awards import AwardType, StandingRecord
from .criteria import (
    SCORE_ENTRY_FIELDS,
    SCORE_STAGE_FIELDS,
    SCORE_STAGES,
    SCORE_VALUE_FIELDS,
    CriteriaSet,
    CriteriaSetQuerySet,
    Criterion,
    value_standing_at,
)
from .import_jobs import ImportJob
from .nominations import (
    Nomination,
    NominationEvent,
    NominationFile,
    NominationQuerySet,
    achievement_path,
)
from .non_submissions import NonSubmission
from .ranking import RankingPublication, RankingRevision
from .reminders import Reminder
from .reversals import Reversal
from .votes import Ballot, BallotReceipt, Proposal, VoteResult

# A proposal's counters move in an online ballot through queryset updates, which leave no
# history: no history entry may hold a counter that moved with one member's vote.
for model in (
    CriteriaSet,
    Criterion,
    Assessment,
    Score,
    Evidence,
    RankingPublication,
    AwardType,
    Ballot,
    Proposal,
    StandingRecord,
    Nomination,
    NominationFile,
    Reversal,
    NonSubmission,
):
    auditlog.register(model)

__all__ = [
    "PERIOD_DEADLINE",
    "REQUIRED_KINDS",
    "periods",
    "period_deadline",
    "period_field",
    "SCORE_STAGES",
    "SCORE_VALUE_FIELDS",
    "SCORE_STAGE_FIELDS",
    "SCORE_ENTRY_FIELDS",
    "value_standing_at",
    "CriteriaSetQuerySet",
    "CriteriaSet",
    "Criterion",
    "AssessmentQuerySet",
    "Assessment",
    "Score",
    "evidence_path",
    "Evidence",
    "WorkflowStep",
    "AssessmentEvent",
    "RankingPublication",
    "RankingRevision",
    "AwardType",
    "StandingRecord",
    "Ballot",
    "Proposal",
    "VoteResult",
    "BallotReceipt",
    "NominationQuerySet",
    "Nomination",
    "achievement_path",
    "NominationFile",
    "NominationEvent",
    "Reminder",
    "Reversal",
    "ImportJob",
    "NonSubmission",
]

# The links of movement contents to criteria are models of this app too.
from ..movement_links import ContentCriterion  # noqa: E402

__all__ += ["ContentCriterion"]
