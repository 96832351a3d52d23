"""Assessment: draft → submitted → (returned → explained →) final; the member enters the self
score before the deadline, the reviewer the reviewed score, the member the explanation, the
reviewer the final score. Every stage's value is kept; each step is an AssessmentEvent."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Membership, User
from clusters.uploads import checked_upload, save_with_file
from emulation.errors import DomainError

from .. import notices
from ..calculation import Rule, value_error
from ..models import (
    SCORE_ENTRY_FIELDS,
    SCORE_STAGE_FIELDS,
    SCORE_STAGES,
    SCORE_VALUE_FIELDS,
    Assessment,
    AssessmentEvent,
    Criterion,
    Evidence,
    NonSubmission,
    RankingPublication,
    Score,
    periods,
)
from .criteria import scores_ensure

Status = Assessment.Status
Kind = Criterion.Kind


def _event(assessment: Assessment, action: str, by: User | None, comment: str = "") -> None:
    AssessmentEvent.objects.create(assessment=assessment, action=action, by=by, comment=comment)


def _move(
    assessment: Assessment, status: str, action: str, by: User | None, comment: str = ""
) -> None:
    """A step of the workflow: the new status (a new revision) and its event, by `by`."""
    with set_actor(by):
        assessment.status = status
        assessment.revision += 1
        assessment.save(update_fields=["status", "revision", "updated_at"])
        _event(assessment, action, by, comment)


def assessment_open(
    *, membership: Membership, by: User | None, period: str = Assessment.Period.YEAR
) -> Assessment:
    """The member's assessment for a period, created on the current criteria when first opened."""
    existing = Assessment.objects.filter(membership=membership, period=period).first()
    if existing:
        return existing
    if period not in dict(periods(membership.cluster_year)):
        raise DomainError(_("This cluster does not score the first half-year."))
    _require_opened(membership.cluster_year)
    criteria_set = membership.cluster_year.criteria_sets.current()
    if criteria_set is None:
        raise DomainError(_("The secretariat has not set this year's criteria yet."))
    if membership.left_on:
        raise DomainError(
            _("%(agency)s left the cluster on %(date)s.")
            % {
                "agency": membership.agency.short_name,
                "date": date_format(membership.left_on, "SHORT_DATE_FORMAT"),
            }
        )
    try:
        with transaction.atomic(), set_actor(by):
            assessment = Assessment.objects.create(
                membership=membership, criteria_set=criteria_set, period=period
            )
            scores_ensure(assessment)
    except IntegrityError:  # opened twice at once (a double click): the first one stands
        return Assessment.objects.get(membership=membership, period=period)
    return assessment


def _require_opened(cluster_year: ClusterYear) -> None:
    """Before the opening date the secretariat set, no member starts or changes its scores."""
    if not cluster_year.self_assessment_opened(timezone.localdate()):
        raise DomainError(
            _("The self-assessment opens on %(date)s.")
            % {"date": date_format(cluster_year.self_assessment_opens, "SHORT_DATE_FORMAT")}
        )


def _require_draft_open(assessment: Assessment, *, locked: str) -> None:
    """A draft its member may still change: the self-assessment has opened and its deadline
    has not passed (else refused with `locked`, which gives the deadline as %(date)s)."""
    _require(assessment, Status.DRAFT)
    _require_opened(assessment.membership.cluster_year)
    if assessment.is_locked():
        raise DomainError(
            locked % {"date": date_format(assessment.deadline(), "SHORT_DATE_FORMAT")}
        )


def _lock_for_update(assessment: Assessment, revision: int | None) -> Assessment:
    """Reload under a row lock; a form made from an older revision is refused as stale."""
    current = Assessment.objects.select_for_update(no_key=True).get(pk=assessment.pk)
    if revision is not None and current.revision != revision:
        raise DomainError(
            _(
                "Someone else saved this assessment after you opened it. Nothing of yours was "
                "saved: reload the page to see their changes, then enter yours again."
            ),
            code="stale",
        )
    return current


def _require(assessment: Assessment, *statuses: str) -> None:
    if assessment.status not in statuses:
        raise DomainError(
            _("This cannot be done while the assessment is “%(status)s”.")
            % {"status": assessment.get_status_display()}
        )


@dataclass(frozen=True)
class Entered:
    """What a person typed for one criterion at their stage."""

    value: Decimal | None = None
    text: str = ""
    target: Decimal | None = None


def _save_stage(
    assessment: Assessment,
    stage: str,
    entries: Mapping[int, Entered],
    by: User | None,
    *,
    partial: bool = False,
) -> dict[int, str]:
    """Write one stage's values and texts; every value is checked first. A refused value
    refuses the whole save, or, `partial`, only its own criterion's entries: the refusals are
    returned (by criterion id) and the other criteria saved."""
    scores = {
        score.criterion_id: score
        for score in assessment.scores.select_related("criterion").filter(
            criterion__criteria_set=assessment.criteria_set
        )
    }
    errors = {}
    for criterion_id, entered in entries.items():
        score = scores.get(criterion_id)
        if score is None:
            raise DomainError(_("A criterion that is not in this assessment was sent."))
        target = entered.target if stage == "self" else score.target
        problem = value_error(Rule.of(score.criterion), entered.value, target)
        if problem:
            errors[criterion_id] = problem
    if errors and not partial:
        raise DomainError(errors)  # keyed by criterion id
    value_field, text_field = SCORE_STAGE_FIELDS[stage]
    changed = []
    for criterion_id, entered in entries.items():
        if criterion_id in errors:
            continue
        score = scores[criterion_id]
        before = (getattr(score, value_field), getattr(score, text_field), score.target)
        setattr(score, value_field, entered.value)
        setattr(score, text_field, entered.text.strip())
        if stage == "self" and score.criterion.kind == Kind.QUANTITATIVE:
            score.target = entered.target
        if before != (getattr(score, value_field), getattr(score, text_field), score.target):
            changed.append(score)
    with set_actor(by):
        for score in changed:
            score.save(update_fields=[value_field, text_field, "target"])
        assessment.revision += 1
        assessment.save(update_fields=["revision", "updated_at"])
    return errors


@transaction.atomic
def assessment_save_self(
    *, assessment: Assessment, entries: Mapping[int, Entered], revision: int, by: User | None
) -> Assessment:
    assessment = _lock_for_update(assessment, revision)
    _require_draft_open(
        assessment, locked=_("The deadline (%(date)s) has passed: the self-assessment is locked.")
    )
    _save_stage(assessment, "self", entries, by)
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User | None) -> Assessment:
    assessment = _lock_for_update(assessment, None)
    _require_draft_open(
        assessment,
        locked=_(
            "The deadline (%(date)s) has passed: the self-assessment can no longer be submitted."
        ),
    )
    problems = assessment.missing_for_submission()
    if problems:
        raise DomainError(problems)
    _move(assessment, Status.SUBMITTED, AssessmentEvent.Action.SUBMITTED, by)
    return assessment


@transaction.atomic
def assessment_save_review(
    *, assessment: Assessment, entries: Mapping[int, Entered], revision: int, by: User | None
) -> Assessment:
    """The reviewer's scores and comments: reviewed scores on a submission, final scores on an
    explanation."""
    assessment = _lock_for_update(assessment, revision)
    _require(assessment, Status.SUBMITTED, Status.EXPLAINED)
    stage = "reviewed" if assessment.status == Status.SUBMITTED else "final"
    _save_stage(assessment, stage, entries, by)
    return assessment


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, comment: str, by: User | None, revision: int | None = None
) -> Assessment:
    """Back to the member with questions. Final values set during this round are cleared
    (they stay in each score's history): the member's new explanation must count. A final
    value the reviewer changed from the member's explanation is kept as the review score the
    member now explains against (returning never drops a score the reviewer typed)."""
    assessment = _lock_for_update(assessment, revision)
    _require(assessment, Status.SUBMITTED, Status.EXPLAINED)
    has_questions = (
        assessment.scores.filter(criterion__criteria_set=assessment.criteria_set)
        .exclude(review_comment="")
        .exists()
    )
    if not comment.strip() and not has_questions:
        raise DomainError(
            {"comment": _("Say what the member should explain: a comment or a question.")}
        )
    with set_actor(by):
        for score in assessment.scores.filter(final_value__isnull=False):
            if score.final_value != score.value_at("explained"):
                score.reviewed_value, score.explained_value = score.final_value, None
            score.final_value = None
            score.save(update_fields=["reviewed_value", "explained_value", "final_value"])
    _move(assessment, Status.RETURNED, AssessmentEvent.Action.RETURNED, by, comment.strip())
    notices.assessment_returned(assessment, comment.strip())
    return assessment


@transaction.atomic
def assessment_save_explanation(
    *, assessment: Assessment, entries: Mapping[int, Entered], revision: int, by: User | None
) -> Assessment:
    assessment = _lock_for_update(assessment, revision)
    _require(assessment, Status.RETURNED)
    _save_stage(assessment, "explained", entries, by)
    return assessment


@transaction.atomic
def assessment_send_explanation(
    *, assessment: Assessment, comment: str, by: User | None
) -> Assessment:
    assessment = _lock_for_update(assessment, None)
    _require(assessment, Status.RETURNED)
    problems = assessment.missing_for_explanation()
    if problems:
        raise DomainError(problems)
    _move(assessment, Status.EXPLAINED, AssessmentEvent.Action.EXPLAINED, by, comment.strip())
    notices.explanation_sent(assessment, comment.strip())
    return assessment


@transaction.atomic
def assessment_finalise(
    *, assessment: Assessment, by: User | None, revision: int | None = None
) -> Assessment:
    """The final score of every criterion: what the reviewer set, else the latest stage."""
    assessment = _lock_for_update(assessment, revision)
    _require(assessment, Status.SUBMITTED, Status.EXPLAINED)
    problems = assessment.missing_for_finalisation()
    if problems:
        raise DomainError(problems)
    with set_actor(by):
        for score in assessment.scores.filter(
            criterion__criteria_set=assessment.criteria_set, final_value__isnull=True
        ):
            latest = score.value_at("explained")
            if latest is not None:
                score.final_value = latest
                score.save(update_fields=["final_value"])
    _move(assessment, Status.FINAL, AssessmentEvent.Action.FINALISED, by)
    notices.assessment_finalised(assessment)
    return assessment


@transaction.atomic
def assessment_reopen(
    *, assessment: Assessment, until: datetime.date, reason: str, by: User | None
) -> Assessment:
    """Give the member its self-assessment back until `until`; recorded with the reason.

    The reviewed, explained and final values are cleared (kept in each score's history) and
    the review starts again; the ranking of the year is no longer published.
    """
    assessment = _lock_for_update(assessment, None)
    if not reason.strip():
        raise DomainError(_("Give the reason for reopening."), field="reason")
    if until < timezone.localdate():
        raise DomainError(_("The new deadline is already past."), field="until")
    if not assessment.can_reopen():
        raise DomainError(
            _("Only a final assessment, or a draft locked by its deadline, can be reopened.")
        )
    if NonSubmission.objects.filter(
        membership_id=assessment.membership_id, period=assessment.period
    ).exists():
        raise DomainError(
            _(
                "The member is recorded as not having submitted: withdraw that record first "
                "(on the list of self-assessments)."
            )
        )
    with set_actor(by):
        # The review starts again from the member's new self-assessment; the values of the
        # earlier round stay in each score's history.
        for score in assessment.scores.exclude(
            reviewed_value=None, explained_value=None, final_value=None
        ):
            score.reviewed_value = score.explained_value = score.final_value = None
            score.save(update_fields=list(SCORE_VALUE_FIELDS[1:]))
        assessment.status = Status.DRAFT
        assessment.deadline_extended_to = until
        assessment.revision += 1
        assessment.save(update_fields=["status", "deadline_extended_to", "revision", "updated_at"])
        RankingPublication.objects.filter(
            cluster_year=assessment.membership.cluster_year, period=assessment.period
        ).delete()
        _event(
            assessment,
            AssessmentEvent.Action.REOPENED,
            by,
            _("Until %(date)s: %(reason)s")
            % {"date": date_format(until, "SHORT_DATE_FORMAT"), "reason": reason.strip()},
        )
    notices.assessment_reopened(assessment, until, reason.strip())
    return assessment


@transaction.atomic
def assessment_carry_over(*, assessment: Assessment, by: User | None) -> Assessment:
    """Move an assessment to the year's current criteria version; scores follow by code.

    The scores made against the old version stay in the database, tied to the old criteria.
    """
    assessment = _lock_for_update(assessment, None)
    target = assessment.membership.cluster_year.criteria_sets.current()
    if target is None or target.pk == assessment.criteria_set_id:
        raise DomainError(_("The assessment is already on the current criteria version."))
    if assessment.status == Status.FINAL:
        raise DomainError(
            _("A final assessment keeps its version: reopen it first to carry it over.")
        )
    previous = assessment.criteria_set
    old = {
        s.criterion.code: s
        for s in assessment.scores.filter(criterion__criteria_set=previous).select_related(
            "criterion"
        )
    }
    with set_actor(by):
        assessment.criteria_set = target
        assessment.revision += 1
        assessment.save(update_fields=["criteria_set", "revision", "updated_at"])
        scores_ensure(assessment)
        for score in assessment.scores.filter(criterion__criteria_set=target).select_related(
            "criterion"
        ):
            before = old.get(score.criterion.code)
            if before is None:
                continue
            rule = Rule.of(score.criterion)
            for stage in SCORE_STAGES:  # a value the new version no longer allows is dropped
                value = getattr(before, f"{stage}_value")
                if value_error(rule, value, before.target):
                    setattr(before, f"{stage}_value", None)
            for name in SCORE_ENTRY_FIELDS:
                setattr(score, name, getattr(before, name))
            score.save()
        _event(
            assessment,
            AssessmentEvent.Action.CARRIED_OVER,
            by,
            _("From version %(old)s to version %(new)s")
            % {"old": previous.version, "new": target.version},
        )
    return assessment


@transaction.atomic
def evidence_add(*, score: Score, upload, by: User | None) -> Evidence:
    # Under a row lock, so that a submission cannot slip in between the check and the save.
    assessment = Assessment.objects.select_for_update(no_key=True).get(pk=score.assessment_id)
    if not assessment.member_can_edit():
        raise DomainError(
            _("Evidence can be added only while the self-assessment is open or returned.")
        )
    checked = checked_upload(upload, allowed=("pdf", "image", "office"))
    evidence = Evidence(score=score)
    save_with_file(evidence, upload, checked, by=by)
    return evidence


def evidence_delete(*, evidence: Evidence, by: User | None) -> None:
    with transaction.atomic(), set_actor(by):
        # Under the assessment's row lock, as evidence_add, so that the check and the delete
        # see the same assessment and the same files.
        Assessment.objects.select_for_update(no_key=True).get(pk=evidence.score.assessment_id)
        evidence = (
            Evidence.objects.select_related("score__assessment", "score__criterion")
            .filter(pk=evidence.pk)
            .first()
        )
        if evidence is None:  # deleted meanwhile, from another page
            return
        refusal = evidence.deletion_refusal()
        if refusal:
            raise DomainError(refusal)
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))
