"""A page of entries as a person sent it: every valid criterion saved, each refused one left
as it was with the reason (one error never blocks the others), and the member's evidence
files attached with what was typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import User
from emulation.errors import DomainError

from ..models import Assessment, Evidence
from .assessments import (
    Entered,
    _lock_for_update,
    _require,
    _require_draft_open,
    _save_stage,
    evidence_add,
)

Status = Assessment.Status


@dataclass
class PageSaved:
    """What became of a member's page sent with its files: the criteria whose entries were
    refused (the others are saved), the files attached and those refused, by criterion id."""

    assessment: Assessment
    refused: dict[int, str]
    attached: list[Evidence]
    refused_files: dict[int, list[str]]

    @property
    def complete(self) -> bool:
        return not self.refused and not self.refused_files


@transaction.atomic
def assessment_save_page(
    *,
    assessment: Assessment,
    stage: str,
    entries: Mapping[int, Entered],
    files: Mapping[int, list],
    revision: int,
    by: User | None,
) -> PageSaved:
    """The self-assessment ("self") or the explanation ("explained") page as the member sent
    it, files included: every criterion whose entries are valid is saved, each refused one is
    left as it was, with the reason; each file is attached or refused on its own. A stale
    page, or a page that can no longer be changed, saves nothing."""
    assessment = _lock_for_update(assessment, revision)
    if stage == "self":
        _require_draft_open(
            assessment,
            locked=_("The deadline (%(date)s) has passed: the self-assessment is locked."),
        )
    else:
        _require(assessment, Status.RETURNED)
    refused = _save_stage(assessment, stage, entries, by, partial=True)
    scores = {
        score.criterion_id: score
        for score in assessment.scores.filter(
            criterion_id__in=list(files), criterion__criteria_set=assessment.criteria_set
        )
    }
    attached, refused_files = [], {}
    for criterion_id, uploads in files.items():
        for upload in uploads:
            try:
                attached.append(evidence_add(score=scores[criterion_id], upload=upload, by=by))
            except KeyError:
                raise DomainError(
                    _("A criterion that is not in this assessment was sent.")
                ) from None
            except ValidationError as error:  # a refusal, or the record's own validation
                refused_files.setdefault(criterion_id, []).extend(
                    _("%(name)s: %(reason)s") % {"name": upload.name, "reason": message}
                    for message in error.messages
                )
    return PageSaved(assessment, refused, attached, refused_files)


@transaction.atomic
def assessment_save_review_page(
    *, assessment: Assessment, entries: Mapping[int, Entered], revision: int, by: User | None
) -> PageSaved:
    """The review page as sent: every criterion whose value is valid is saved with its
    comment, each refused one is left as it was, with the reason."""
    assessment = _lock_for_update(assessment, revision)
    _require(assessment, Status.SUBMITTED, Status.EXPLAINED)
    stage = "reviewed" if assessment.status == Status.SUBMITTED else "final"
    refused = _save_stage(assessment, stage, entries, by, partial=True)
    return PageSaved(assessment, refused, [], {})
