"""Writes of the scoring workflow, one module per concept.

The names are re-exported here so that `from scoring import services` reads as before;
new code may import from the concept's module.
"""

from ..criteria_tree import CriterionData
from .assessments import (
    Entered,
    assessment_carry_over,
    assessment_finalise,
    assessment_open,
    assessment_reopen,
    assessment_return,
    assessment_save_explanation,
    assessment_save_review,
    assessment_save_self,
    assessment_send_explanation,
    assessment_submit,
    evidence_add,
    evidence_delete,
)
from .awards import (
    AWARD_TYPE_FIELDS,
    GOVERNMENT_FLAG,
    MINISTERS_MERIT,
    MINISTRY_FLAG,
    award_type_save,
    award_types_ensure_defaults,
    standing_record_add,
    standing_record_end,
)
from .criteria import (
    criteria_copy_from_previous,
    criteria_replace,
    criterion_add,
    criterion_delete,
    criterion_update,
    scores_ensure,
)
from .nominations import (
    nomination_approve,
    nomination_create,
    nomination_file_add,
    nomination_reject,
    nomination_return,
    nomination_submit,
    nomination_update,
)
from .non_submissions import non_submission_record, non_submission_refusal
from .pages import PageSaved, assessment_save_page, assessment_save_review_page
from .ranking import (
    ranking_publish,
)
from .reminders import (
    REMINDER_DAYS,
    reminders_send,
)
from .votes import (
    VOTE_CHOICES,
    Tally,
    ballot_cast,
    ballot_close,
    ballot_create,
    ballot_open,
    ballot_record_tally,
    proposal_add,
    proposal_remove,
)

__all__ = [
    "CriterionData",
    "criteria_replace",
    "criteria_copy_from_previous",
    "criterion_update",
    "criterion_add",
    "criterion_delete",
    "scores_ensure",
    "assessment_open",
    "Entered",
    "assessment_save_self",
    "PageSaved",
    "assessment_save_page",
    "assessment_submit",
    "assessment_save_review",
    "assessment_save_review_page",
    "assessment_return",
    "assessment_save_explanation",
    "assessment_send_explanation",
    "assessment_finalise",
    "assessment_reopen",
    "assessment_carry_over",
    "evidence_add",
    "evidence_delete",
    "ranking_publish",
    "non_submission_refusal",
    "non_submission_record",
    "VOTE_CHOICES",
    "Tally",
    "ballot_create",
    "proposal_add",
    "proposal_remove",
    "ballot_open",
    "ballot_cast",
    "ballot_close",
    "ballot_record_tally",
    "nomination_create",
    "nomination_update",
    "nomination_file_add",
    "nomination_submit",
    "nomination_return",
    "nomination_approve",
    "nomination_reject",
    "AWARD_TYPE_FIELDS",
    "MINISTRY_FLAG",
    "GOVERNMENT_FLAG",
    "MINISTERS_MERIT",
    "award_types_ensure_defaults",
    "award_type_save",
    "standing_record_add",
    "standing_record_end",
    "REMINDER_DAYS",
    "reminders_send",
]
