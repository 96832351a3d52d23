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
    PERIOD_DEADLINE,
    Assessment,
    AssessmentEvent,
    Criterion,
    Evidence,
    RankingPublication,
    Score,
)
from .criteria import current_set, scores_ensure

Status = Assessment.Status
Period = Assessment.Period
Kind = Criterion.Kind
REQUIRED_KINDS = (Kind.POINTS, Kind.PASS_FAIL, Kind.PER_OCCURRENCE, Kind.QUANTITATIVE)


def _event(assessment: Assessment, action: str, by: User | None, comment: str = "") -> None:
    AssessmentEvent.objects.create(assessment=assessment, action=action, by=by, comment=comment)


def periods(cluster_year: ClusterYear) -> list[tuple[str, str]]:
    """(value, label) of the periods the cluster scores: the whole year, and the first half
    where it has a mid-year deadline."""
    chosen = [Period.MID_YEAR, Period.YEAR] if cluster_year.mid_year_deadline else [Period.YEAR]
    return [(period.value, period.label) for period in chosen]


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
    criteria_set = current_set(membership.cluster_year)
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


def can_reopen(assessment: Assessment) -> bool:
    """Reopening gives back a final assessment, or a draft the deadline has locked."""
    return assessment.status == Status.FINAL or (
        assessment.status == Status.DRAFT and is_locked(assessment)
    )


def period_deadline(cluster_year: ClusterYear, period: str) -> datetime.date | None:
    return cluster_year.deadline(PERIOD_DEADLINE[period])


def deadline(assessment: Assessment) -> datetime.date | None:
    """The extension the secretariat gave, else the deadline of the assessment's period."""
    return assessment.deadline_extended_to or period_deadline(
        assessment.membership.cluster_year, assessment.period
    )


def is_locked(assessment: Assessment, today: datetime.date | None = None) -> bool:
    """After the deadline the member can no longer change or submit its self-assessment."""
    day = deadline(assessment)
    return day is not None and (today or timezone.localdate()) > day


def _require_opened(cluster_year: ClusterYear) -> None:
    """Before the opening date the secretariat set, no member starts or changes its scores."""
    if not cluster_year.self_assessment_opened(timezone.localdate()):
        raise DomainError(
            _("The self-assessment opens on %(date)s.")
            % {"date": date_format(cluster_year.self_assessment_opens, "SHORT_DATE_FORMAT")}
        )


def _lock_for_update(assessment: Assessment, revision: int | None) -> Assessment:
    """Reload under a row lock; a form made from an older revision is refused as stale."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
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


STAGE_FIELDS = {
    "self": ("self_value", "self_note"),
    "reviewed": ("reviewed_value", "review_comment"),
    "explained": ("explained_value", "explanation"),
    "final": ("final_value", "review_comment"),
}


def _save_stage(
    assessment: Assessment, stage: str, entries: Mapping[int, Entered], by: User | None
) -> None:
    """Write one stage's values and texts; every value is checked first, nothing half-saved."""
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
    if errors:
        raise DomainError(errors)  # keyed by criterion id
    value_field, text_field = STAGE_FIELDS[stage]
    changed = []
    for criterion_id, entered in entries.items():
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


@transaction.atomic
def assessment_save_self(
    *, assessment: Assessment, entries: Mapping[int, Entered], revision: int, by: User | None
) -> Assessment:
    assessment = _lock_for_update(assessment, revision)
    _require(assessment, Status.DRAFT)
    _require_opened(assessment.membership.cluster_year)
    if is_locked(assessment):
        raise DomainError(
            _("The deadline (%(date)s) has passed: the self-assessment is locked.")
            % {"date": date_format(deadline(assessment), "SHORT_DATE_FORMAT")}
        )
    _save_stage(assessment, "self", entries, by)
    return assessment


def missing_for_submission(assessment: Assessment) -> list[str]:
    """What the member must still provide before submitting, one line per criterion."""
    problems = []
    scores = assessment.scores.select_related("criterion").filter(
        criterion__criteria_set=assessment.criteria_set
    )
    with_evidence = set(
        Evidence.objects.filter(score__assessment=assessment).values_list("score_id", flat=True)
    )
    for score in scores.order_by("criterion__position"):
        criterion = score.criterion
        if criterion.kind in REQUIRED_KINDS and score.self_value is None:
            problems.append(_("%(code)s: no score entered.") % {"code": criterion.code})
        elif criterion.evidence_required and score.self_value and score.pk not in with_evidence:
            problems.append(_("%(code)s: evidence is required.") % {"code": criterion.code})
    return problems


def _without_evidence(assessment: Assessment, stage: str) -> list[Score]:
    """The scores of criteria that require evidence, with a value above zero standing at
    `stage`, that have no file."""
    scores = (
        assessment.scores.select_related("criterion")
        .filter(criterion__criteria_set=assessment.criteria_set, criterion__evidence_required=True)
        .exclude(pk__in=Evidence.objects.filter(score__assessment=assessment).values("score_id"))
        .order_by("criterion__position")
    )
    return [score for score in scores if score.value_at(stage)]


def missing_for_explanation(assessment: Assessment) -> list[str]:
    """What the member must still provide before sending the explanation."""
    return [
        _("%(code)s: evidence is required.") % {"code": score.criterion.code}
        for score in _without_evidence(assessment, "explained")
    ]


def missing_for_finalisation(assessment: Assessment) -> list[str]:
    """What stops the reviewer from finalising: evidence still required by a final score."""
    return [
        _(
            "%(code)s requires evidence and has none: return the assessment for the member to "
            "attach it, or score the criterion 0."
        )
        % {"code": score.criterion.code}
        for score in _without_evidence(assessment, "final")
    ]


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User | None) -> Assessment:
    assessment = _lock_for_update(assessment, None)
    _require(assessment, Status.DRAFT)
    _require_opened(assessment.membership.cluster_year)
    if is_locked(assessment):
        raise DomainError(
            _("The deadline (%(date)s) has passed: the self-assessment can no longer be submitted.")
            % {"date": date_format(deadline(assessment), "SHORT_DATE_FORMAT")}
        )
    problems = missing_for_submission(assessment)
    if problems:
        raise DomainError(problems)
    with set_actor(by):
        assessment.status = Status.SUBMITTED
        assessment.revision += 1
        assessment.save(update_fields=["status", "revision", "updated_at"])
        _event(assessment, AssessmentEvent.Action.SUBMITTED, by)
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
    (they stay in each score's history): the member's new explanation must count."""
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
            score.final_value = None
            score.save(update_fields=["final_value"])
        assessment.status = Status.RETURNED
        assessment.revision += 1
        assessment.save(update_fields=["status", "revision", "updated_at"])
        _event(assessment, AssessmentEvent.Action.RETURNED, by, comment.strip())
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
    problems = missing_for_explanation(assessment)
    if problems:
        raise DomainError(problems)
    with set_actor(by):
        assessment.status = Status.EXPLAINED
        assessment.revision += 1
        assessment.save(update_fields=["status", "revision", "updated_at"])
        _event(assessment, AssessmentEvent.Action.EXPLAINED, by, comment.strip())
    notices.explanation_sent(assessment, comment.strip())
    return assessment


@transaction.atomic
def assessment_finalise(
    *, assessment: Assessment, by: User | None, revision: int | None = None
) -> Assessment:
    """The final score of every criterion: what the reviewer set, else the latest stage."""
    assessment = _lock_for_update(assessment, revision)
    _require(assessment, Status.SUBMITTED, Status.EXPLAINED)
    problems = missing_for_finalisation(assessment)
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
        assessment.status = Status.FINAL
        assessment.revision += 1
        assessment.save(update_fields=["status", "revision", "updated_at"])
        _event(assessment, AssessmentEvent.Action.FINALISED, by)
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
    if not can_reopen(assessment):
        raise DomainError(
            _("Only a final assessment, or a draft locked by its deadline, can be reopened.")
        )
    with set_actor(by):
        # The review starts again from the member's new self-assessment; the values of the
        # earlier round stay in each score's history.
        for score in assessment.scores.exclude(
            reviewed_value=None, explained_value=None, final_value=None
        ):
            score.reviewed_value = score.explained_value = score.final_value = None
            score.save(update_fields=["reviewed_value", "explained_value", "final_value"])
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
    target = current_set(assessment.membership.cluster_year)
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
            for stage in STAGE_FIELDS:  # a value the new version no longer allows is dropped
                value = getattr(before, f"{stage}_value")
                if value_error(rule, value, before.target):
                    setattr(before, f"{stage}_value", None)
            for name in (
                "target",
                "self_value",
                "self_note",
                "reviewed_value",
                "review_comment",
                "explained_value",
                "explanation",
                "final_value",
            ):
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


def self_assessment_open(assessment: Assessment, today: datetime.date | None = None) -> bool:
    """The member may still change its self scores: a draft between opening and deadline."""
    today = today or timezone.localdate()
    return (
        assessment.status == Status.DRAFT
        and assessment.membership.cluster_year.self_assessment_opened(today)
        and not is_locked(assessment, today)
    )


def member_can_edit(assessment: Assessment) -> bool:
    """The member may change its entries (and evidence): self-assessment open, or returned."""
    return assessment.status == Status.RETURNED or self_assessment_open(assessment)


@transaction.atomic
def evidence_add(*, score: Score, upload, by: User | None) -> Evidence:
    # Under a row lock, so that a submission cannot slip in between the check and the save.
    assessment = Assessment.objects.select_for_update().get(pk=score.assessment_id)
    if not member_can_edit(assessment):
        raise DomainError(
            _("Evidence can be added only while the self-assessment is open or returned.")
        )
    checked = checked_upload(upload, allowed=("pdf", "image", "office"))
    evidence = Evidence(
        score=score,
        original_name=checked.name,
        content_type=checked.content_type,
        size=upload.size,
        uploaded_by=by,
    )
    save_with_file(evidence, upload, checked.name, by=by)
    return evidence


def evidence_delete_refusal(evidence: Evidence) -> str:
    """Why this file cannot be deleted now, or "": once the assessment has been submitted, the
    last file of a criterion that requires evidence stays while its score stands above zero."""
    score = evidence.score
    if not member_can_edit(score.assessment):
        return _("Evidence can be removed only while the self-assessment is open or returned.")
    if (
        score.assessment.status != Status.DRAFT
        and score.criterion.evidence_required
        and score.value_at("explained")
        and not score.evidence.exclude(pk=evidence.pk).exists()
    ):
        return _(
            "Criterion %(code)s requires evidence and the assessment has been submitted: its "
            "last file cannot be deleted. Attach the replacement first, then delete this one."
        ) % {"code": score.criterion.code}
    return ""


def evidence_delete(*, evidence: Evidence, by: User | None) -> None:
    with transaction.atomic(), set_actor(by):
        # Under the assessment's row lock, as evidence_add, so that the check and the delete
        # see the same assessment and the same files.
        Assessment.objects.select_for_update().get(pk=evidence.score.assessment_id)
        evidence = (
            Evidence.objects.select_related("score__assessment", "score__criterion")
            .filter(pk=evidence.pk)
            .first()
        )
        if evidence is None:  # deleted meanwhile, from another page
            return
        refusal = evidence_delete_refusal(evidence)
        if refusal:
            raise DomainError(refusal)
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))
