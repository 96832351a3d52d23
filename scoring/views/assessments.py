"""The member's side of an assessment: the year's list, the self-assessment with its evidence,
submission, the explanation after a return, and the history of a score.

decorators → access helper → form → service → redirect, as in clusters/views.py.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.forms import BoundField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters.access import can_administer_year, get_year_for_user, is_ministry, lineage_ids
from clusters.models import Officer
from clusters.uploads import file_response
from emulation.service_forms import submit

from .. import calculation, services
from ..access import (
    can_review,
    can_see_ranking,
    get_assessment_for_user,
    get_evidence_for_user,
    get_period,
    is_own,
)
from ..calculation import Entry, Rule, typed_number
from ..forms import EntryForm, EvidenceForm, SendExplanationForm
from ..models import STAGES, Assessment, AssessmentEvent, Criterion, Evidence, Score
from ..ranking import rules_of, year_ranking

Status = Assessment.Status
Kind = Criterion.Kind

# The model fields of a score shown in its history, in the order of the stages.
HISTORY_FIELDS = (
    "target",
    "self_value",
    "self_note",
    "reviewed_value",
    "review_comment",
    "explained_value",
    "explanation",
    "final_value",
)


# The criteria of an assessment, row by row ---------------------------------------------------


@dataclass
class Line:
    """One row of an assessment page: a group heading, or a criterion with its score."""

    criterion: Criterion
    rule: Rule
    score: Score | None = None
    group_total: Decimal | None = None  # top-level groups only
    points: Decimal | None = None
    stages: list[str] = field(default_factory=list)  # the value of each stage, as shown
    value: BoundField | None = None
    target: BoundField | None = None
    note: BoundField | None = None
    evidence_errors: list[str] = field(default_factory=list)

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


def _lines(assessment: Assessment) -> list[Line]:
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
            line.stages = [_shown(criterion, getattr(score, f"{stage}_value")) for stage in STAGES]
        lines.append(line)
    return lines


def _entries(lines: list[Line]) -> list[Entry]:
    return [
        Entry(
            line.criterion.pk,
            {stage: getattr(line.score, f"{stage}_value") for stage in STAGES},
            line.score.target,
        )
        for line in lines
        if line.score is not None
    ]


def _totals(lines: list[Line], stage: str) -> Decimal:
    """Points at `stage` on every line and group heading; criteria against a target are scaled
    against the other members at ranking, so they count here for nothing."""
    rules = {line.criterion.pk: line.rule for line in lines}
    entries = _entries(lines)
    grand, groups, points = calculation.total(rules, entries, stage, {})
    entered = {entry.rule_id for entry in entries if entry.at(stage) is not None}
    for line in lines:
        if line.is_top_group:
            line.group_total = typed_number(groups.get(line.criterion.code, calculation.ZERO))
        elif line.criterion.pk in entered and line.criterion.kind != Kind.QUANTITATIVE:
            line.points = typed_number(points.get(line.criterion.pk))
        else:
            line.points = None
    return typed_number(grand)


def _shown(criterion: Criterion, value: Decimal | None) -> str:
    """A stage's value as people read it."""
    if value is None:
        return ""
    if criterion.kind == Kind.PASS_FAIL:
        return _("Pass") if value and value == criterion.max_points else _("Fail")
    return calculation.shown(value)


def _stage_label(stage: str) -> str:
    """“Self score”, “Reviewed score”…: the verbose name of the stage's value field."""
    return capfirst(Score._meta.get_field(f"{stage}_value").verbose_name)


def _scores(lines: list[Line]) -> list[Score]:
    return [line.score for line in lines if line.score is not None]


# What the member may do ------------------------------------------------------------------


def _self_notice(assessment: Assessment) -> str:
    """Why the self-assessment cannot be changed now, or ""."""
    if assessment.status == Status.DRAFT and services.is_locked(assessment):
        return _(
            "The deadline (%(date)s) has passed: the self-assessment is locked. Only the "
            "secretariat can reopen it."
        ) % {"date": date_format(services.deadline(assessment), "SHORT_DATE_FORMAT")}
    if assessment.status == Status.RETURNED:
        return _(
            "The secretariat has returned the assessment with questions: answer them on the "
            "explanation page."
        )
    if assessment.status != Status.DRAFT:
        return _("The self-assessment has been submitted; it can no longer be changed.")
    return ""


def _explain_notice(assessment: Assessment) -> str:
    if assessment.status == Status.RETURNED:
        return ""
    if assessment.status == Status.EXPLAINED:
        return _("The explanation has been sent to the secretariat.")
    return _("An explanation is asked for only when the secretariat returns the assessment.")


def _entry_url(assessment: Assessment, criterion_id: int | None = None) -> str:
    name = "scoring:assessment_explain"
    if assessment.status != Status.RETURNED:
        name = "scoring:assessment_self"
    url = reverse(name, args=[assessment.pk])
    return f"{url}#criterion-{criterion_id}" if criterion_id else url


# The year's assessments ------------------------------------------------------------------


@login_required
def assessment_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat, the reviewers and the ministry see every member; a member only itself
    (and a deputy also the head it reviews)."""
    user = request.user
    cluster_year = get_year_for_user(user, pk)
    period = get_period(request.GET.get("period"))
    sees_all = is_ministry(user) or can_administer_year(user, cluster_year)
    own = set(lineage_ids(user)) if user.agency_id else set()
    head = (
        cluster_year.officers.filter(role=Officer.Role.HEAD)
        .values_list("membership__agency_id", flat=True)
        .first()
    )
    ranking = year_ranking(cluster_year, stage="self", period=period)
    # Before publication a member's total leaves out the criteria scaled against the others.
    scaled = set()
    if not can_see_ranking(user, cluster_year, period):
        scaled = {c.pk for c in ranking.criteria if c.kind == Kind.QUANTITATIVE}
    rows = []
    for standing in ranking.standings:
        membership, assessment = standing.membership, standing.assessment
        mine = membership.agency_id in own
        if not (
            sees_all or mine or (membership.agency_id == head and can_review(user, assessment))
        ):
            continue
        total = standing.self_total - sum(
            (standing.final.points.get(criterion_id, calculation.ZERO) for criterion_id in scaled),
            calculation.ZERO,
        )
        rows.append(
            {
                "membership": membership,
                "assessment": assessment,
                "total": typed_number(total),
                "mine": mine,
            }
        )
    for membership in ranking.unassessed:
        mine = membership.agency_id in own
        if sees_all or mine:
            rows.append({"membership": membership, "assessment": None, "mine": mine})
    rows.sort(key=lambda row: (not row["mine"], row["membership"].agency.short_name))
    context = {
        "cluster_year": cluster_year,
        "rows": rows,
        "sees_all": sees_all,
        "partial_totals": bool(scaled),
        "has_criteria": services.current_set(cluster_year) is not None,
        "period": period,
        "period_choices": services.periods(cluster_year),
        "deadline": services.period_deadline(cluster_year, period),
    }
    return render(request, "scoring/assessment_list.html", context)


@login_required
@require_POST
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cluster_year = get_year_for_user(user, pk)
    membership = None
    if user.agency_id:
        membership = (
            cluster_year.memberships.current()
            .select_related("agency", "cluster_year")
            .filter(agency_id__in=lineage_ids(user))
            .first()
        )
    if membership is None:
        raise PermissionDenied(_("Only a member of the cluster this year can assess itself."))
    period = get_period(request.POST.get("period"))
    try:
        assessment = services.assessment_open(membership=membership, period=period, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scoring:assessment_list", pk=cluster_year.pk)
    return redirect("scoring:assessment_self", pk=assessment.pk)


# One assessment --------------------------------------------------------------------------


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = get_assessment_for_user(user, pk)
    lines = _lines(assessment)
    stage_totals = []
    for stage in STAGES:
        entered = any(
            getattr(line.score, f"{stage}_value") is not None for line in lines if line.score
        )
        stage_totals.append((stage, _totals(lines, stage) if entered else None))
    # The points column shows the latest stage that has values.
    latest = next((s for s, total in reversed(stage_totals) if total is not None), "self")
    _totals(lines, latest)
    mine = is_own(user, assessment)
    missing = []
    if mine and services.self_assessment_open(assessment):
        missing = services.missing_for_submission(assessment)
    context = {
        "assessment": assessment,
        "cluster_year": assessment.membership.cluster_year,
        "lines": lines,
        "stage_totals": [(_stage_label(stage), total) for stage, total in stage_totals],
        "latest_stage": latest,
        "events": list(assessment.events.select_related("by")),
        "deadline": services.deadline(assessment),
        "locked": services.is_locked(assessment),
        "mine": mine,
        "can_edit": mine and services.self_assessment_open(assessment),
        "can_explain": mine and assessment.status == Status.RETURNED,
        "can_review": can_review(user, assessment),
        "notice": _self_notice(assessment) if mine else "",
        "missing": missing,
        "send_form": SendExplanationForm(),
    }
    return render(request, "scoring/assessment_detail.html", context)


def _entry_page(
    request: HttpRequest,
    assessment: Assessment,
    lines: list[Line],
    form: EntryForm,
    evidence_errors: dict[int, list[str]] | None = None,
) -> HttpResponse:
    """The self-assessment or explanation form; 400 when what was sent was refused."""
    evidence_errors = evidence_errors or {}
    form.mark_invalid()
    for line in lines:
        if line.score is not None:
            line.value = form.value(line.score)
            line.target = form.target(line.score)
            line.note = form.note(line.score)
            line.evidence_errors = evidence_errors.get(line.criterion.pk, [])
    explaining = form.stage == "explained"
    total = _totals(lines, form.stage)
    editable = (
        _explain_editable(assessment) if explaining else services.self_assessment_open(assessment)
    )
    context = {
        "assessment": assessment,
        "cluster_year": assessment.membership.cluster_year,
        "form": form,
        "lines": lines,
        "total": total,
        "editable": editable,
        "evidence_editable": services.member_can_edit(assessment),
        "notice": _explain_notice(assessment) if explaining else _self_notice(assessment),
        "deadline": services.deadline(assessment),
        "send_form": SendExplanationForm() if explaining and editable else None,
        "returned": (
            assessment.events.filter(action=AssessmentEvent.Action.RETURNED)
            .select_related("by")
            .last()
            if explaining
            else None
        ),
    }
    template = "scoring/assessment_explain.html" if explaining else "scoring/assessment_self.html"
    status = 400 if (form.is_bound and form.errors) or evidence_errors else 200
    return render(request, template, context, status=status)


def _explain_editable(assessment: Assessment) -> bool:
    return assessment.status == Status.RETURNED


def _submit(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """Submit, or show the list of what is missing (400)."""
    try:
        services.assessment_submit(assessment=assessment, by=request.user)
    except ValidationError as error:
        context = {"assessment": assessment, "problems": error.messages}
        return render(request, "scoring/assessment_submit.html", context, status=400)
    messages.success(request, _("The self-assessment has been submitted to the secretariat."))
    return redirect(assessment)


@login_required
def assessment_self(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, action="self")
    lines = _lines(assessment)
    form = EntryForm(
        request.POST or None,
        scores=_scores(lines),
        stage="self",
        revision=assessment.revision,
        editable=services.self_assessment_open(assessment),
    )
    saved = submit(
        request,
        form,
        lambda: services.assessment_save_self(
            assessment=assessment,
            entries=form.entries(),
            revision=form.cleaned_data["revision"],
            by=request.user,
        ),
    )
    if saved is not None:
        if request.POST.get("then") == "submit":
            return _submit(request, saved)
        messages.success(request, _("Saved as a draft."))
        return redirect("scoring:assessment_self", pk=assessment.pk)
    return _entry_page(request, assessment, lines, form)


@login_required
@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, action="self")
    return _submit(request, assessment)


@login_required
def assessment_explain(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, action="self")
    lines = _lines(assessment)
    form = EntryForm(
        request.POST or None,
        scores=_scores(lines),
        stage="explained",
        revision=assessment.revision,
        editable=_explain_editable(assessment),
    )
    saved = submit(
        request,
        form,
        lambda: services.assessment_save_explanation(
            assessment=assessment,
            entries=form.entries(),
            revision=form.cleaned_data["revision"],
            by=request.user,
        ),
    )
    if saved is not None:
        messages.success(request, _("The explanation has been saved. Send it when it is complete."))
        return redirect("scoring:assessment_explain", pk=assessment.pk)
    return _entry_page(request, assessment, lines, form)


@login_required
@require_POST
def assessment_send_explanation(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, action="self")
    form = SendExplanationForm(request.POST)
    sent = submit(
        request,
        form,
        lambda: services.assessment_send_explanation(
            assessment=assessment, comment=form.cleaned_data["comment"], by=request.user
        ),
    )
    if sent is None:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("scoring:assessment_explain", pk=assessment.pk)
    messages.success(request, _("The explanation has been sent to the secretariat."))
    return redirect(sent)


# Evidence --------------------------------------------------------------------------------


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, action="self")
    score = assessment.scores.filter(
        criterion_id=criterion_pk, criterion__criteria_set_id=assessment.criteria_set_id
    ).first()
    if score is None:
        raise Http404
    if not services.member_can_edit(assessment):
        messages.error(request, _self_notice(assessment))
        return redirect(assessment)
    form = EvidenceForm(request.POST, request.FILES)
    evidence = submit(
        request,
        form,
        lambda: services.evidence_add(
            score=score, upload=form.cleaned_data["file"], by=request.user
        ),
    )
    if evidence is not None:
        messages.success(
            request, _("“%(name)s” has been attached.") % {"name": evidence.original_name}
        )
        return redirect(_entry_url(assessment, criterion_pk))
    errors = [error for errors in form.errors.values() for error in errors]
    lines = _lines(assessment)
    explaining = assessment.status == Status.RETURNED
    entry_form = EntryForm(
        None,
        scores=_scores(lines),
        stage="explained" if explaining else "self",
        revision=assessment.revision,
    )
    return _entry_page(request, assessment, lines, entry_form, {score.criterion_id: errors})


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    return file_response(get_evidence_for_user(request.user, pk))


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    assessment = get_assessment_for_user(request.user, evidence.score.assessment_id, action="self")
    if not services.member_can_edit(assessment):
        messages.error(request, _self_notice(assessment))
        return redirect(assessment)
    try:
        services.evidence_delete(evidence=evidence, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(assessment)
    messages.success(request, _("“%(name)s” has been deleted.") % {"name": evidence.original_name})
    return redirect(_entry_url(assessment, evidence.score.criterion_id))


# History of a score ----------------------------------------------------------------------


@dataclass
class Happening:
    """One line of a score's history."""

    at: object
    by: object
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    comment: str = ""


def _logged(criterion: Criterion, name: str, text: str) -> str:
    """A value as auditlog wrote it ("None", "7.50", a note) as people read it."""
    if text in ("None", ""):
        return ""
    if name.endswith("_value") or name == "target":
        try:
            value = Decimal(text)
        except decimal.InvalidOperation:
            return text
        return (
            formats.localize(typed_number(value)) if name == "target" else _shown(criterion, value)
        )
    return text


@login_required
def score_history(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    """Every change of one score, with who made it and when, the evidence put up or taken down
    and the workflow steps between them."""
    assessment = get_assessment_for_user(request.user, pk)
    score = assessment.scores.select_related("criterion").filter(criterion_id=criterion_pk).first()
    if score is None:
        raise Http404
    criterion = score.criterion
    labels = {name: capfirst(Score._meta.get_field(name).verbose_name) for name in HISTORY_FIELDS}
    happenings = []
    score_log = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Score), object_pk=str(score.pk)
    ).select_related("actor__agency")
    for entry in score_log:
        changes = []
        for name, (old, new) in (entry.changes_dict or {}).items():
            if name not in labels:
                continue
            before, after = _logged(criterion, name, old), _logged(criterion, name, new)
            if before != after:
                changes.append((labels[name], before, after))
        if changes:
            happenings.append(Happening(entry.timestamp, entry.actor, _("Changed"), changes))
    evidence_log = LogEntry.objects.filter(
        Q(changes__score__0=str(score.pk)) | Q(changes__score__1=str(score.pk)),
        content_type=ContentType.objects.get_for_model(Evidence),
    ).select_related("actor__agency")
    for entry in evidence_log:
        names = (entry.changes_dict or {}).get("original_name", ["", ""])
        if entry.action == LogEntry.Action.CREATE:
            what, name = _("Evidence added"), names[1]
        elif entry.action == LogEntry.Action.DELETE:
            what, name = _("Evidence deleted"), names[0]
        else:
            continue
        happenings.append(Happening(entry.timestamp, entry.actor, what, comment=name))
    for event in assessment.events.select_related("by__agency"):
        happenings.append(
            Happening(event.at, event.by, event.get_action_display(), comment=event.comment)
        )
    happenings.sort(key=lambda happening: happening.at)
    context = {
        "assessment": assessment,
        "criterion": criterion,
        "score": score,
        "current": [
            (_stage_label(stage), _shown(criterion, getattr(score, f"{stage}_value")))
            for stage in STAGES
        ],
        "happenings": happenings,
    }
    return render(request, "scoring/score_history.html", context)
