"""Criteria: one set per cluster year; once anyone has scored against it, an amendment makes a
new version and assessments stay on theirs until the secretariat carries them over."""

from __future__ import annotations

from collections.abc import Sequence

from auditlog.context import disable_auditlog, set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, User
from emulation.errors import DomainError

from .. import notices
from ..criteria_tree import CriterionData, check_criteria, criteria_rows, parent_code
from ..models import Assessment, CriteriaSet, Criterion, Score

Kind = Criterion.Kind


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


@transaction.atomic
def criteria_replace(
    *, cluster_year: ClusterYear, rows: Sequence[CriterionData], by: User | None, note: str = ""
) -> CriteriaSet:
    """Make `rows` the year's criteria: in place while nobody has scored, else a new version."""
    problems = check_criteria(rows)
    if problems:
        raise DomainError([message for _index, message in problems])
    if not rows:
        raise DomainError(_("The criteria list is empty."))
    with set_actor(by):
        criteria_set = cluster_year.criteria_sets.current()
        if criteria_set is not None and criteria_rows(criteria_set) == list(rows):
            return criteria_set  # nothing changed: no new version
        amended_from = criteria_set.pk if criteria_set else None
        if criteria_set is None or criteria_set.scoring_started():
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
            scores_ensure(assessment)
    if criteria_set.version > 1 and criteria_set.pk != amended_from:
        notices.criteria_amended(criteria_set)  # a new version: the members are told
    return criteria_set


def criteria_copy_from_previous(*, cluster_year: ClusterYear, by: User | None) -> CriteriaSet:
    previous = (
        ClusterYear.objects.filter(cluster=cluster_year.cluster, year__lt=cluster_year.year)
        .order_by("-year")
        .first()
    )
    if cluster_year.criteria_sets.current() is not None:
        raise DomainError(_("This year already has criteria: copying would replace them."))
    rows = criteria_rows(previous.criteria_sets.current()) if previous else []
    if not rows:
        raise DomainError(_("The previous year has no criteria to copy."))
    return criteria_replace(
        cluster_year=cluster_year,
        rows=rows,
        by=by,
        note=_("Copied from %(year)s") % {"year": previous.year},
    )


def _require_current(criterion: Criterion) -> None:
    if criterion.criteria_set.cluster_year.criteria_sets.current() != criterion.criteria_set:
        raise DomainError(
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
    rows = criteria_rows(cluster_year.criteria_sets.current())
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


def scores_ensure(assessment: Assessment) -> None:
    """A score row for every scorable criterion of the assessment's set."""
    present = set(assessment.scores.values_list("criterion_id", flat=True))
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion=criterion)
        for criterion in assessment.criteria_set.criteria.exclude(kind=Kind.GROUP)
        if criterion.pk not in present
    )


def _code_key(code: str) -> tuple:
    """1.2 before 1.10; 1.1.a before 1.1.b."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))
