"""An assessment's criteria row by row, with what each stage entered, and what the member may do."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.forms import BoundField
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .. import calculation
from ..calculation import Entry, Rule, typed_number
from ..models import SCORE_ENTRY_FIELDS, SCORE_STAGES, Assessment, Criterion, Evidence, Score
from ..ranking import rules_of, year_ranking

Status = Assessment.Status
Kind = Criterion.Kind

# The model fields of a score shown in its history, in the order of the stages.
HISTORY_FIELDS = SCORE_ENTRY_FIELDS


# The criteria of an assessment, row by row ---------------------------------------------------


@dataclass
class Line:
    """One row of an assessment page: a group heading, or a criterion with its score."""

    criterion: Criterion
    rule: Rule
    score: Score | None = None
    group_total: Decimal | None = None  # groups: their children's total, capped
    cap_note: str = ""  # groups whose maximum capped their children's total: "7 → 5, …"
    points: Decimal | None = None
    stages: list[str] = field(default_factory=list)  # the value of each stage, as shown
    value: BoundField | None = None
    target: BoundField | None = None
    note: BoundField | None = None
    evidence_errors: list[str] = field(default_factory=list)
    formula: str = ""  # a converted criterion against a target: how its points are computed

    @property
    def is_group(self) -> bool:
        return self.criterion.is_group

    @property
    def is_top_group(self) -> bool:
        return self.criterion.is_group and self.criterion.parent_id is None

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.score.evidence.all()) if self.score else []

    @property
    def fallback(self) -> str:
        """The value standing before the explanation (reviewed, else self), for the totals."""
        if self.score is None:
            return ""
        value = self.score.value_at("reviewed")
        return "" if value is None else str(typed_number(value))


def assessment_lines(assessment: Assessment) -> list[Line]:
    """Every criterion of the assessment's version with its score: three queries in all."""
    criteria = list(assessment.criteria_set.criteria.order_by("position"))
    rules = rules_of(criteria)
    scores = {
        score.criterion_id: score
        for score in assessment.scores.filter(
            criterion__criteria_set_id=assessment.criteria_set_id
        ).prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("uploaded_by").order_by("pk"),
            )
        )
    }
    lines = []
    for criterion in criteria:
        score = scores.get(criterion.pk)
        line = Line(criterion=criterion, rule=rules[criterion.pk], score=score)
        if score is not None:
            score.criterion = criterion
            line.stages = [
                shown_value(criterion, getattr(score, f"{stage}_value")) for stage in SCORE_STAGES
            ]
        lines.append(line)
    return lines


def entries_of(lines: list[Line]) -> list[Entry]:
    return [
        Entry(line.criterion.pk, line.score.stage_values, line.score.target)
        for line in lines
        if line.score is not None
    ]


def conversion(assessment: Assessment) -> dict[str, dict[int, Decimal]] | None:
    """The best actual/target ratio of each criterion against a target, at every stage, as
    the ranking converts them (scoring/ranking.py): None where the assessment is not ranked
    (a member recorded as not having submitted)."""
    ranking = year_ranking(assessment.membership.cluster_year, period=assessment.period)
    if not any(s.membership.pk == assessment.membership_id for s in ranking.standings):
        return None
    return {
        stage: calculation.best_ratios(ranking.rules, ranking.entries, stage)
        for stage in SCORE_STAGES
    }


def total_at(lines: list[Line], stage: str, best: dict[int, Decimal] | None = None) -> Decimal:
    """Points at `stage` on every line and group heading. With `best` (see `conversion`) the
    criteria against a target are converted as the ranking converts them, and the total is
    the ranking's; without it they count for nothing (“not yet converted”)."""
    rules = {line.criterion.pk: line.rule for line in lines}
    entries = entries_of(lines)
    tally = calculation.tally(rules, entries, stage, best or {})
    entered = {entry.rule_id for entry in entries if entry.at(stage) is not None}
    for line in lines:
        line.formula = ""
        if line.is_group:
            pk = line.criterion.pk
            line.group_total = typed_number(tally.group_points.get(pk, calculation.ZERO))
            line.cap_note = calculation.cap_note(tally.caps.get(pk))
        elif line.criterion.pk not in entered:
            line.points = None
        elif line.criterion.kind != Kind.QUANTITATIVE:
            line.points = typed_number(tally.points.get(line.criterion.pk))
        elif best is not None:
            line.points = typed_number(tally.points.get(line.criterion.pk))
            line.formula = calculation.formula(
                line.rule,
                line.score.value_at(stage),
                target=line.score.target,
                best_ratio=best.get(line.criterion.pk),
            )
        else:
            line.points = None
    return typed_number(tally.total)


def shown_value(criterion: Criterion, value: Decimal | None) -> str:
    """A stage's value as people read it."""
    if value is None:
        return ""
    if criterion.kind == Kind.PASS_FAIL:
        return _("Pass") if value and value == criterion.max_points else _("Fail")
    return calculation.shown(value)


def stage_label(stage: str) -> str:
    """“Self score”, “Reviewed score”…: the verbose name of the stage's value field."""
    return capfirst(Score._meta.get_field(f"{stage}_value").verbose_name)


def scores_of(lines: list[Line]) -> list[Score]:
    return [line.score for line in lines if line.score is not None]


# What the member may do ------------------------------------------------------------------


def self_notice(assessment: Assessment) -> str:
    """Why the self-assessment cannot be changed now, or ""."""
    if assessment.status == Status.DRAFT and assessment.is_locked():
        return _(
            "The deadline (%(date)s) has passed: the self-assessment is locked. Only the "
            "secretariat can reopen it."
        ) % {"date": date_format(assessment.deadline(), "SHORT_DATE_FORMAT")}
    if assessment.status == Status.RETURNED:
        return _(
            "The secretariat has returned the assessment with questions: answer them on the "
            "explanation page."
        )
    if assessment.status != Status.DRAFT:
        return _("The self-assessment has been submitted; it can no longer be changed.")
    return ""


def explain_notice(assessment: Assessment) -> str:
    if assessment.status == Status.RETURNED:
        return ""
    if assessment.status == Status.EXPLAINED:
        return _("The explanation has been sent to the secretariat.")
    return _("An explanation is asked for only when the secretariat returns the assessment.")


def entry_url(assessment: Assessment, criterion_id: int | None = None) -> str:
    name = "scoring:assessment_explain"
    if assessment.status != Status.RETURNED:
        name = "scoring:assessment_self"
    url = reverse(name, args=[assessment.pk])
    return f"{url}#criterion-{criterion_id}" if criterion_id else url
