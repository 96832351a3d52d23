"""Writes of the scoring workflow.

Criteria: one set per cluster year; once anyone has scored against it, an amendment makes a
new version and assessments stay on theirs until the secretariat carries them over.
Assessment: draft → submitted → (returned → explained →) final; the member enters the self
score before the deadline, the reviewer the reviewed score, the member the explanation, the
reviewer the final score. Every stage's value is kept; each step is an AssessmentEvent.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import disable_auditlog, set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.access import MINISTRY_GROUP, secretariat_agencies
from clusters.models import Agency, ClusterYear, Conference, Membership, User
from clusters.notifications import in_default_language, notify
from clusters.uploads import checked_upload, save_with_file

from .calculation import Rule, value_error
from .eligibility import nomination_checks
from .models import (
    Assessment,
    AssessmentEvent,
    AwardType,
    Ballot,
    BallotReceipt,
    CriteriaSet,
    Criterion,
    Evidence,
    Nomination,
    NominationEvent,
    NominationFile,
    Proposal,
    RankingPublication,
    Reminder,
    Score,
    StandingRecord,
)
from .ranking import year_ranking

Status = Assessment.Status
Period = Assessment.Period
Kind = Criterion.Kind
REQUIRED_KINDS = (Kind.POINTS, Kind.PASS_FAIL, Kind.PER_OCCURRENCE, Kind.QUANTITATIVE)


# Criteria ---------------------------------------------------------------------------------


def current_set(cluster_year: ClusterYear) -> CriteriaSet | None:
    return cluster_year.criteria_sets.order_by("-version").first()


def scoring_started(criteria_set: CriteriaSet) -> bool:
    """Someone has entered a value, a note or evidence, or submitted, against this version."""
    scores = Score.objects.filter(criterion__criteria_set=criteria_set)
    return (
        scores.filter(
            Q(self_value__isnull=False) | Q(target__isnull=False) | ~Q(self_note="")
        ).exists()
        or Evidence.objects.filter(score__in=scores).exists()
        or criteria_set.assessments.exclude(status=Status.DRAFT).exists()
    )


@dataclass(frozen=True)
class CriterionData:
    """A criterion as typed in a form or read from a spreadsheet row."""

    code: str
    title: str
    kind: str
    max_points: Decimal
    points_per_occurrence: Decimal | None = None
    evidence_required: bool = False
    guidance: str = ""


def parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else ""


def check_criteria(rows: Sequence[CriterionData]) -> list[tuple[int, str]]:
    """Problems of a whole criteria tree, as (row index, message); empty when it is sound."""
    problems = []
    kinds = {}
    for index, row in enumerate(rows):
        if not row.code:
            problems.append((index, _("The code is empty.")))
            continue
        if row.code in kinds:
            problems.append((index, _("The code %(code)s appears twice.") % {"code": row.code}))
            continue
        kinds[row.code] = row.kind
    position = {row.code: index for index, row in reversed(list(enumerate(rows)))}
    for index, row in enumerate(rows):
        parent = parent_code(row.code)
        if not row.title.strip():
            problems.append((index, _("The title is empty.")))
        if parent and parent in position and position[parent] > index:
            problems.append(
                (index, _("Its group %(parent)s must come before it.") % {"parent": parent})
            )
        if parent and parent not in kinds:
            problems.append(
                (index, _("Its group %(parent)s is not in the list.") % {"parent": parent})
            )
        elif parent and kinds[parent] != Kind.GROUP:
            problems.append(
                (
                    index,
                    _("%(parent)s is not a group: it cannot contain %(code)s.")
                    % {"parent": parent, "code": row.code},
                )
            )
        if row.kind == Kind.PER_OCCURRENCE and not row.points_per_occurrence:
            problems.append((index, _("Give the points per occurrence.")))
        if row.max_points < 0:
            problems.append((index, _("The maximum cannot be negative.")))
    return problems


def _create_criteria(criteria_set: CriteriaSet, rows: Sequence[CriterionData]) -> None:
    by_code: dict[str, Criterion] = {}
    for position, row in enumerate(rows):
        criterion = Criterion(
            criteria_set=criteria_set,
            parent=by_code.get(parent_code(row.code)),
            position=position,
            code=row.code,
            title=row.title,
            guidance=row.guidance,
            kind=row.kind,
            max_points=row.max_points,
            points_per_occurrence=row.points_per_occurrence
            if row.kind == Kind.PER_OCCURRENCE
            else None,
            evidence_required=row.evidence_required,
        )
        criterion.full_clean(exclude=["criteria_set", "parent"])
        criterion.save()
        by_code[row.code] = criterion


def criteria_rows(criteria_set: CriteriaSet | None) -> list[CriterionData]:
    if criteria_set is None:
        return []
    return [
        CriterionData(
            code=c.code,
            title=c.title,
            kind=c.kind,
            max_points=c.max_points,
            points_per_occurrence=c.points_per_occurrence,
            evidence_required=c.evidence_required,
            guidance=c.guidance,
        )
        for c in criteria_set.criteria.order_by("position")
    ]


@transaction.atomic
def criteria_replace(
    *, cluster_year: ClusterYear, rows: Sequence[CriterionData], by: User | None, note: str = ""
) -> CriteriaSet:
    """Make `rows` the year's criteria: in place while nobody has scored, else a new version."""
    problems = check_criteria(rows)
    if problems:
        raise ValidationError([message for _index, message in problems])
    if not rows:
        raise ValidationError(_("The criteria list is empty."))
    with set_actor(by):
        criteria_set = current_set(cluster_year)
        if criteria_set is not None and criteria_rows(criteria_set) == list(rows):
            return criteria_set  # nothing changed: no new version
        if criteria_set is None or scoring_started(criteria_set):
            version = (criteria_set.version + 1) if criteria_set else 1
            criteria_set = CriteriaSet.objects.create(
                cluster_year=cluster_year, version=version, note=note, created_by=by
            )
        else:
            # Nobody has scored: these scores are empty rows made when the assessments were
            # opened. Their removal is not history worth an entry each (it would cost three
            # queries per score); the criteria's removal is recorded.
            with disable_auditlog():
                Score.objects.filter(criterion__criteria_set=criteria_set).delete()
            criteria_set.criteria.all().delete()
            if note:
                criteria_set.note = note
                criteria_set.save(update_fields=["note"])
        _create_criteria(criteria_set, rows)
        for assessment in criteria_set.assessments.all():
            _ensure_scores(assessment)
    return criteria_set


def criteria_copy_from_previous(*, cluster_year: ClusterYear, by: User | None) -> CriteriaSet:
    previous = (
        ClusterYear.objects.filter(cluster=cluster_year.cluster, year__lt=cluster_year.year)
        .order_by("-year")
        .first()
    )
    if current_set(cluster_year) is not None:
        raise ValidationError(_("This year already has criteria: copying would replace them."))
    rows = criteria_rows(current_set(previous)) if previous else []
    if not rows:
        raise ValidationError(_("The previous year has no criteria to copy."))
    return criteria_replace(
        cluster_year=cluster_year,
        rows=rows,
        by=by,
        note=_("Copied from %(year)s") % {"year": previous.year},
    )


def _require_current(criterion: Criterion) -> None:
    if current_set(criterion.criteria_set.cluster_year) != criterion.criteria_set:
        raise ValidationError(
            _("This criterion belongs to an earlier version; change the current version.")
        )


def criterion_update(*, criterion: Criterion, data: CriterionData, by: User | None) -> CriteriaSet:
    """Change one criterion, through criteria_replace so that versions are respected."""
    _require_current(criterion)
    rows = criteria_rows(criterion.criteria_set)
    index = next(i for i, row in enumerate(rows) if row.code == criterion.code)
    rows[index] = data
    return criteria_replace(cluster_year=criterion.criteria_set.cluster_year, rows=rows, by=by)


def criterion_add(*, cluster_year: ClusterYear, data: CriterionData, by: User | None):
    """Insert a criterion in its group, after the siblings whose codes come before it."""
    rows = criteria_rows(current_set(cluster_year))
    parent = parent_code(data.code)
    in_subtree = [
        index
        for index, row in enumerate(rows)
        if (not parent or row.code == parent or row.code.startswith(parent + "."))
        and _code_key(row.code) < _code_key(data.code)
    ]
    rows.insert(in_subtree[-1] + 1 if in_subtree else len(rows), data)
    return criteria_replace(cluster_year=cluster_year, rows=rows, by=by)


def criterion_delete(*, criterion: Criterion, by: User | None) -> CriteriaSet:
    _require_current(criterion)
    removed = criterion.code
    rows = [
        row
        for row in criteria_rows(criterion.criteria_set)
        if row.code != removed and not row.code.startswith(removed + ".")
    ]
    return criteria_replace(cluster_year=criterion.criteria_set.cluster_year, rows=rows, by=by)


def _code_key(code: str) -> tuple:
    """1.2 before 1.10; 1.1.a before 1.1.b."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))


# Assessments ------------------------------------------------------------------------------


def _ensure_scores(assessment: Assessment) -> None:
    present = set(assessment.scores.values_list("criterion_id", flat=True))
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion=criterion)
        for criterion in assessment.criteria_set.criteria.exclude(kind=Kind.GROUP)
        if criterion.pk not in present
    )


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
        raise ValidationError(_("This cluster does not score the first half-year."))
    criteria_set = current_set(membership.cluster_year)
    if criteria_set is None:
        raise ValidationError(_("The secretariat has not set this year's criteria yet."))
    if membership.left_on:
        raise ValidationError(
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
            _ensure_scores(assessment)
    except IntegrityError:  # opened twice at once (a double click): the first one stands
        return Assessment.objects.get(membership=membership, period=period)
    return assessment


def can_reopen(assessment: Assessment) -> bool:
    """Reopening gives back a final assessment, or a draft the deadline has locked."""
    return assessment.status == Status.FINAL or (
        assessment.status == Status.DRAFT and is_locked(assessment)
    )


def period_deadline(cluster_year: ClusterYear, period: str) -> datetime.date | None:
    if period == Period.MID_YEAR:
        return cluster_year.mid_year_deadline
    return cluster_year.self_assessment_deadline


def deadline(assessment: Assessment) -> datetime.date | None:
    """The extension the secretariat gave, else the deadline of the assessment's period."""
    return assessment.deadline_extended_to or period_deadline(
        assessment.membership.cluster_year, assessment.period
    )


def is_locked(assessment: Assessment, today: datetime.date | None = None) -> bool:
    """After the deadline the member can no longer change or submit its self-assessment."""
    day = deadline(assessment)
    return day is not None and (today or timezone.localdate()) > day


def _lock_for_update(assessment: Assessment, revision: int | None) -> Assessment:
    """Reload under a row lock; a form made from an older revision is refused as stale."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if revision is not None and current.revision != revision:
        raise ValidationError(
            _(
                "Someone else saved this assessment after you opened it. Nothing of yours was "
                "saved: reload the page to see their changes, then enter yours again."
            ),
            code="stale",
        )
    return current


def _require(assessment: Assessment, *statuses: str) -> None:
    if assessment.status not in statuses:
        raise ValidationError(
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
            raise ValidationError(_("A criterion that is not in this assessment was sent."))
        target = entered.target if stage == "self" else score.target
        problem = value_error(Rule.of(score.criterion), entered.value, target)
        if problem:
            errors[criterion_id] = problem
    if errors:
        raise ValidationError(
            {f"value_{criterion_id}": message for criterion_id, message in errors.items()}
        )
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
    if is_locked(assessment):
        raise ValidationError(
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


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User | None) -> Assessment:
    assessment = _lock_for_update(assessment, None)
    _require(assessment, Status.DRAFT)
    if is_locked(assessment):
        raise ValidationError(
            _("The deadline (%(date)s) has passed: the self-assessment can no longer be submitted.")
            % {"date": date_format(deadline(assessment), "SHORT_DATE_FORMAT")}
        )
    problems = missing_for_submission(assessment)
    if problems:
        raise ValidationError(problems)
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
        raise ValidationError(
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
    with set_actor(by):
        assessment.status = Status.EXPLAINED
        assessment.revision += 1
        assessment.save(update_fields=["status", "revision", "updated_at"])
        _event(assessment, AssessmentEvent.Action.EXPLAINED, by, comment.strip())
    return assessment


@transaction.atomic
def assessment_finalise(
    *, assessment: Assessment, by: User | None, revision: int | None = None
) -> Assessment:
    """The final score of every criterion: what the reviewer set, else the latest stage."""
    assessment = _lock_for_update(assessment, revision)
    _require(assessment, Status.SUBMITTED, Status.EXPLAINED)
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
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    if until < timezone.localdate():
        raise ValidationError({"until": _("The new deadline is already past.")})
    if not can_reopen(assessment):
        raise ValidationError(
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
    return assessment


@transaction.atomic
def assessment_carry_over(*, assessment: Assessment, by: User | None) -> Assessment:
    """Move an assessment to the year's current criteria version; scores follow by code.

    The scores made against the old version stay in the database, tied to the old criteria.
    """
    assessment = _lock_for_update(assessment, None)
    target = current_set(assessment.membership.cluster_year)
    if target is None or target.pk == assessment.criteria_set_id:
        raise ValidationError(_("The assessment is already on the current criteria version."))
    if assessment.status == Status.FINAL:
        raise ValidationError(
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
        _ensure_scores(assessment)
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
    """The member may still change its self scores: a draft before the deadline."""
    return assessment.status == Status.DRAFT and not is_locked(assessment, today)


def member_can_edit(assessment: Assessment) -> bool:
    """The member may change its entries (and evidence): self-assessment open, or returned."""
    return assessment.status == Status.RETURNED or self_assessment_open(assessment)


@transaction.atomic
def evidence_add(*, score: Score, upload, by: User | None) -> Evidence:
    # Under a row lock, so that a submission cannot slip in between the check and the save.
    assessment = Assessment.objects.select_for_update().get(pk=score.assessment_id)
    if not member_can_edit(assessment):
        raise ValidationError(
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


def evidence_delete(*, evidence: Evidence, by: User | None) -> None:
    if not member_can_edit(evidence.score.assessment):
        raise ValidationError(
            _("Evidence can be removed only while the self-assessment is open or returned.")
        )
    with transaction.atomic(), set_actor(by):
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))


# Ranking ----------------------------------------------------------------------------------


@transaction.atomic
def ranking_publish(
    *, cluster_year: ClusterYear, by: User | None, period: str = Assessment.Period.YEAR
) -> RankingPublication:
    unfinished = year_ranking(cluster_year, period=period).unfinished
    if unfinished:
        raise ValidationError(
            _("Not every assessment is final yet: %(agencies)s.")
            % {"agencies": ", ".join(m.agency.short_name for m in unfinished)}
        )
    if RankingPublication.objects.filter(cluster_year=cluster_year, period=period).exists():
        raise ValidationError(_("The ranking is already published."))
    with set_actor(by):
        return RankingPublication.objects.create(
            cluster_year=cluster_year, period=period, published_by=by
        )


# The peer vote (bình xét) -----------------------------------------------------------------

VOTE_CHOICES = ("for", "against", "abstain")


@dataclass(frozen=True)
class Tally:
    """A proposal's result on a paper ballot, as the secretariat counted it."""

    present: int
    votes_for: int
    votes_against: int
    votes_abstain: int


def _lock_ballot(ballot: Ballot, *states: str) -> Ballot:
    current = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if current.state not in states:
        messages = {
            Ballot.State.PREPARING: _("The vote has not opened yet."),
            Ballot.State.OPEN: _("The vote is open: the proposals can no longer change."),
            Ballot.State.CLOSED: _("The vote is closed."),
        }
        raise ValidationError(messages[current.state])
    return current


def _require_current_member(membership: Membership, cluster_year: ClusterYear) -> None:
    if membership.cluster_year_id != cluster_year.pk or membership.left_on:
        raise ValidationError(
            _("%(agency)s is not a member of the cluster in %(year)s.")
            % {"agency": membership.agency.short_name, "year": cluster_year.year}
        )


@transaction.atomic
def ballot_create(*, conference: Conference, method: str, by: User | None) -> Ballot:
    if conference.kind != Conference.Kind.YEAR_END:
        raise ValidationError(_("The peer vote takes place at the year-end conference."))
    if Ballot.objects.filter(conference=conference).exists():
        raise ValidationError(_("This conference already has its vote."))
    with set_actor(by):
        return Ballot.objects.create(conference=conference, method=method)


@transaction.atomic
def proposal_add(
    *, ballot: Ballot, membership: Membership, award_type: AwardType, by: User | None
) -> Proposal:
    ballot = _lock_ballot(ballot, Ballot.State.PREPARING)
    _require_current_member(membership, ballot.conference.cluster_year)
    if not award_type.active:
        raise ValidationError(_("This award is no longer in use."))
    if ballot.proposals.filter(membership=membership, award_type=award_type).exists():
        raise ValidationError(_("This unit is already proposed for this award."))
    with set_actor(by):
        return Proposal.objects.create(ballot=ballot, membership=membership, award_type=award_type)


@transaction.atomic
def proposal_remove(*, proposal: Proposal, by: User | None) -> None:
    _lock_ballot(proposal.ballot, Ballot.State.PREPARING)
    with set_actor(by):
        proposal.delete()


@transaction.atomic
def ballot_open(*, ballot: Ballot, by: User | None) -> Ballot:
    ballot = _lock_ballot(ballot, Ballot.State.PREPARING)
    if ballot.method != Ballot.Method.ONLINE:
        raise ValidationError(_("A paper ballot is not opened here: enter its tally."))
    if not ballot.proposals.exists():
        raise ValidationError(_("Add the proposals before opening the vote."))
    with set_actor(by):
        ballot.state = Ballot.State.OPEN
        ballot.electorate = ballot.voters().count()
        ballot.opened_at = timezone.now()
        ballot.save(update_fields=["state", "electorate", "opened_at"])
    return ballot


@transaction.atomic
def ballot_cast(
    *, ballot: Ballot, membership: Membership, choices: Mapping[int, str], by: User | None
) -> BallotReceipt:
    """One member's secret vote on every proposal. Only the counters move (through updates,
    which leave no history) and a receipt says that the member voted, not how."""
    ballot = _lock_ballot(ballot, Ballot.State.OPEN)
    _require_current_member(membership, ballot.conference.cluster_year)
    if BallotReceipt.objects.filter(ballot=ballot, membership=membership).exists():
        raise ValidationError(
            _("%(agency)s has already voted.") % {"agency": membership.agency.short_name}
        )
    proposal_ids = set(ballot.proposals.values_list("pk", flat=True))
    if set(choices) != proposal_ids or not set(choices.values()) <= set(VOTE_CHOICES):
        raise ValidationError(_("Vote on every proposal: for, against or abstain."))
    for choice in VOTE_CHOICES:
        chosen = [pk for pk, value in choices.items() if value == choice]
        counter = f"votes_{choice}"
        Proposal.objects.filter(pk__in=chosen).update(**{counter: F(counter) + 1})
    return BallotReceipt.objects.create(ballot=ballot, membership=membership)


@transaction.atomic
def ballot_close(*, ballot: Ballot, by: User | None) -> Ballot:
    ballot = _lock_ballot(ballot, Ballot.State.OPEN)
    turnout = ballot.receipts.count()
    ballot.proposals.update(present=turnout)
    with set_actor(by):
        ballot.state = Ballot.State.CLOSED
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["state", "closed_at"])
    return ballot


@transaction.atomic
def ballot_record_tally(*, ballot: Ballot, tallies: Mapping[int, Tally], by: User | None) -> Ballot:
    """The counted paper ballot: every proposal's tally at once, which closes the vote."""
    ballot = _lock_ballot(ballot, Ballot.State.PREPARING)
    if ballot.method != Ballot.Method.PAPER:
        raise ValidationError(_("An online ballot is counted by the application."))
    proposals = list(ballot.proposals.select_related("membership__agency", "award_type"))
    if not proposals:
        raise ValidationError(_("Add the proposals before entering the tally."))
    if set(tallies) != {p.pk for p in proposals}:
        raise ValidationError(_("Enter the tally of every proposal."))
    electorate = ballot.voters().count()
    errors = []
    for proposal in proposals:
        tally = tallies[proposal.pk]
        cast = tally.votes_for + tally.votes_against + tally.votes_abstain
        if tally.present > electorate:
            errors.append(
                _("%(proposal)s: %(present)s present, but the cluster has %(members)s members.")
                % {"proposal": proposal, "present": tally.present, "members": electorate}
            )
        elif cast > tally.present:
            errors.append(
                _("%(proposal)s: %(cast)s votes counted but only %(present)s members present.")
                % {"proposal": proposal, "cast": cast, "present": tally.present}
            )
    if errors:
        raise ValidationError(errors)
    with set_actor(by):
        for proposal in proposals:
            tally = tallies[proposal.pk]
            proposal.present = tally.present
            proposal.votes_for = tally.votes_for
            proposal.votes_against = tally.votes_against
            proposal.votes_abstain = tally.votes_abstain
            proposal.save(update_fields=["present", "votes_for", "votes_against", "votes_abstain"])
        ballot.state = Ballot.State.CLOSED
        ballot.electorate = electorate
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["state", "electorate", "closed_at"])
    return ballot


# Nominations ------------------------------------------------------------------------------

NState = Nomination.State
NAction = NominationEvent.Action


def _lock_nomination(nomination: Nomination, *states: str) -> Nomination:
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if current.state not in states:
        if current.is_decided:
            raise ValidationError(
                _("The ministry has already decided on this nomination (“%(state)s”).")
                % {"state": current.get_state_display()}
            )
        raise ValidationError(
            _("This cannot be done while the nomination is “%(state)s”.")
            % {"state": current.get_state_display()}
        )
    return current


def _nomination_step(
    nomination: Nomination, action: str, by: User | None, comment: str = ""
) -> None:
    NominationEvent.objects.create(nomination=nomination, action=action, by=by, comment=comment)
    _notify_nomination(nomination, action, comment)


def _notify_nomination(nomination: Nomination, action: str, comment: str) -> None:
    """Filed: the ministry's reviewers. Decided or returned: the secretariat and the unit."""
    cluster_year = nomination.membership.cluster_year
    if action in (NAction.SUBMITTED, NAction.RESUBMITTED):
        users = User.objects.filter(groups__name=MINISTRY_GROUP)
    elif action in (NAction.RETURNED, NAction.APPROVED, NAction.REJECTED):
        users = User.objects.filter(
            Q(agency__in=secretariat_agencies(cluster_year))
            | Q(agency=nomination.membership.agency_id)
        )
    else:
        return
    with in_default_language():
        subject = _("%(nomination)s: %(action)s") % {
            "nomination": nomination,
            "action": NAction(action).label,
        }
        notify(users=users, subject=subject, body=comment, url=nomination.get_absolute_url())


@transaction.atomic
def nomination_create(*, proposal: Proposal, by: User | None) -> Nomination:
    ballot = Ballot.objects.select_for_update().get(pk=proposal.ballot_id)
    if not ballot.is_closed:
        raise ValidationError(_("A nomination is prepared once the vote has closed."))
    _require_current_member(proposal.membership, ballot.conference.cluster_year)
    if Nomination.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("This proposal already has its nomination."))
    proposal.ballot = ballot
    with set_actor(by):
        nomination = Nomination.objects.create(
            proposal=proposal, membership=proposal.membership, award_type=proposal.award_type
        )
        _nomination_step(nomination, NAction.CREATED, by)
    return nomination


@transaction.atomic
def nomination_update(
    *, nomination: Nomination, achievement_report: str, by: User | None
) -> Nomination:
    nomination = _lock_nomination(nomination, *Nomination.PREPARING)
    with set_actor(by):
        nomination.achievement_report = achievement_report.strip()
        nomination.save(update_fields=["achievement_report", "updated_at"])
    return nomination


@transaction.atomic
def nomination_file_add(*, nomination: Nomination, upload, by: User | None) -> NominationFile:
    nomination = _lock_nomination(nomination, *Nomination.PREPARING)
    checked = checked_upload(upload, allowed=("pdf", "office"))
    record = NominationFile(
        nomination=nomination,
        original_name=upload.name[:255],
        content_type=checked.content_type,
        size=upload.size,
        uploaded_by=by,
    )
    save_with_file(record, upload, checked.name, by=by)
    return record


@transaction.atomic
def nomination_submit(*, nomination: Nomination, comment: str, by: User | None) -> Nomination:
    """File the nomination with the ministry (again, after a return): every check must pass."""
    nomination = _lock_nomination(nomination, *Nomination.PREPARING)
    problems = [
        f"{check.label}: {check.detail}" if check.detail else check.label
        for check in nomination_checks(nomination)
        if not check.passed
    ]
    if not nomination.achievement_report and not nomination.files.exists():
        problems.append(_("Write the unit's achievement report or upload it."))
    if problems:
        raise ValidationError(problems)
    resubmitting = nomination.state == NState.RETURNED
    with set_actor(by):
        nomination.state = NState.RESUBMITTED if resubmitting else NState.SUBMITTED
        nomination.save(update_fields=["state", "updated_at"])
        _nomination_step(
            nomination,
            NAction.RESUBMITTED if resubmitting else NAction.SUBMITTED,
            by,
            comment.strip(),
        )
    return nomination


@transaction.atomic
def nomination_return(*, nomination: Nomination, comment: str, by: User | None) -> Nomination:
    nomination = _lock_nomination(nomination, *Nomination.WAITING)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the cluster should complete or correct.")})
    with set_actor(by):
        nomination.state = NState.RETURNED
        nomination.save(update_fields=["state", "updated_at"])
        _nomination_step(nomination, NAction.RETURNED, by, comment.strip())
    return nomination


@transaction.atomic
def nomination_approve(
    *,
    nomination: Nomination,
    number: str,
    date: datetime.date | None,
    signer: str,
    by: User | None,
) -> Nomination:
    nomination = _lock_nomination(nomination, *Nomination.WAITING)
    errors = {}
    if not number.strip():
        errors["decision_number"] = _("Give the number of the decision.")
    if date is None:
        errors["decision_date"] = _("Give the date of the decision.")
    if not signer.strip():
        errors["decision_signer"] = _("Say who signed the decision.")
    if errors:
        raise ValidationError(errors)
    with set_actor(by):
        nomination.state = NState.APPROVED
        nomination.decision_number = number.strip()
        nomination.decision_date = date
        nomination.decision_signer = signer.strip()
        nomination.save(
            update_fields=[
                "state",
                "decision_number",
                "decision_date",
                "decision_signer",
                "updated_at",
            ]
        )
        _nomination_step(
            nomination,
            NAction.APPROVED,
            by,
            _("Decision %(number)s of %(date)s, signed by %(signer)s")
            % {
                "number": nomination.decision_number,
                "date": date_format(date, "SHORT_DATE_FORMAT"),
                "signer": nomination.decision_signer,
            },
        )
    return nomination


@transaction.atomic
def nomination_reject(*, nomination: Nomination, reason: str, by: User | None) -> Nomination:
    nomination = _lock_nomination(nomination, *Nomination.WAITING)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    with set_actor(by):
        nomination.state = NState.REJECTED
        nomination.rejection_reason = reason.strip()
        nomination.save(update_fields=["state", "rejection_reason", "updated_at"])
        _nomination_step(nomination, NAction.REJECTED, by, reason.strip())
    return nomination


# Statuses that bar a unit from awards, and the award list ---------------------------------


# The ministry's usual awards and their default rules (Decree 91/2017, Decree 152/2025): one
# ministry flag per cluster and year; the Government flag to at most 20% of the units that met
# the ministry flag's standard. Migration 0003 creates them in a new database.
MINISTRY_FLAG = "Cờ thi đua của Bộ Ngoại giao"
GOVERNMENT_FLAG = "Cờ thi đua của Chính phủ"
MINISTERS_MERIT = "Bằng khen của Bộ trưởng Bộ Ngoại giao"


@transaction.atomic
def award_types_ensure_defaults(*, by: User | None) -> dict[str, AwardType]:
    """The usual awards by name, created with their default rules where missing."""
    with set_actor(by):
        flag, _created = AwardType.objects.get_or_create(
            name=MINISTRY_FLAG,
            defaults={"requires_excellent": True, "quota_per_cluster": 1, "position": 1},
        )
        government, _created = AwardType.objects.get_or_create(
            name=GOVERNMENT_FLAG,
            defaults={
                "requires_excellent": True,
                "quota_percent": Decimal("20"),
                "quota_base": flag,
                "position": 2,
            },
        )
        merit, _created = AwardType.objects.get_or_create(
            name=MINISTERS_MERIT, defaults={"position": 3}
        )
    return {award.name: award for award in (flag, government, merit)}


@transaction.atomic
def award_type_save(*, award_type: AwardType | None, by: User | None, **fields) -> AwardType:
    award_type = award_type or AwardType()
    for name, value in fields.items():
        setattr(award_type, name, value)
    award_type.full_clean()
    with set_actor(by):
        award_type.save()
    return award_type


@transaction.atomic
def standing_record_add(
    *,
    agency: Agency,
    kind: str,
    started_on: datetime.date,
    note: str,
    by: User | None,
) -> StandingRecord:
    record = StandingRecord(
        agency=agency, kind=kind, started_on=started_on, note=note.strip(), recorded_by=by
    )
    record.full_clean()
    with set_actor(by):
        record.save()
    return record


@transaction.atomic
def standing_record_end(
    *, record: StandingRecord, ended_on: datetime.date, by: User | None
) -> StandingRecord:
    record = StandingRecord.objects.select_for_update().get(pk=record.pk)
    if record.ended_on is not None:
        raise ValidationError(_("This status is already resolved."))
    if ended_on < record.started_on:
        raise ValidationError({"ended_on": _("It cannot be resolved before it started.")})
    with set_actor(by):
        record.ended_on = ended_on
        record.save(update_fields=["ended_on"])
    return record


# Deadline reminders -----------------------------------------------------------------------

REMINDER_DAYS = 3


@dataclass(frozen=True)
class Deadline:
    name: str  # as Reminder.deadline_name keeps it
    field: str  # the ClusterYear date
    label: str
    period: str | None  # the members who have not submitted for it are reminded; else (None)
    # the secretariat


DEADLINES = (
    Deadline(
        "self_assessment",
        "self_assessment_deadline",
        gettext_lazy("self-assessment deadline"),
        Period.YEAR,
    ),
    Deadline(
        "mid_year",
        "mid_year_deadline",
        gettext_lazy("mid-year self-assessment deadline"),
        Period.MID_YEAR,
    ),
    Deadline("review", "review_deadline", gettext_lazy("review deadline"), None),
)


def reminders_send(*, today: datetime.date, days: int = REMINDER_DAYS) -> int:
    """Remind of every deadline that falls within `days`, once per deadline (a moved deadline
    is reminded again); returns how many reminders went out."""
    last = today + datetime.timedelta(days)
    window = Q()
    for deadline in DEADLINES:
        window |= Q(**{f"{deadline.field}__gte": today, f"{deadline.field}__lte": last})
    sent = 0
    for cluster_year in ClusterYear.objects.with_cluster().filter(window):
        for deadline in DEADLINES:
            day = getattr(cluster_year, deadline.field)
            if day is None or not today <= day <= last:
                continue
            with transaction.atomic():
                _reminder, created = Reminder.objects.get_or_create(
                    cluster_year=cluster_year, deadline_name=deadline.name, deadline=day
                )
                if not created:
                    continue
                _remind(cluster_year, deadline, day)
                sent += 1
    return sent


def _remind(cluster_year: ClusterYear, deadline: Deadline, day: datetime.date) -> None:
    if deadline.period:
        done = Assessment.objects.filter(
            membership__cluster_year=cluster_year, period=deadline.period
        ).exclude(status=Status.DRAFT)
        agencies = (
            cluster_year.memberships.current()
            .exclude(pk__in=done.values("membership_id"))
            .values("agency_id")
        )
        url = reverse("scoring:assessment_list", args=[cluster_year.pk])
    else:
        agencies = secretariat_agencies(cluster_year)
        url = reverse("scoring:ranking", args=[cluster_year.pk])
    with in_default_language():
        subject = _("%(year)s: the %(deadline)s is %(date)s") % {
            "year": cluster_year,
            "deadline": deadline.label,
            "date": date_format(day, "SHORT_DATE_FORMAT"),
        }
        notify(users=User.objects.filter(agency__in=agencies), subject=subject, url=url)
