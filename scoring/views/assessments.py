"""Pages of the year's assessments and of one assessment: entry, submission, explanation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters.access import (
    get_year_for_user,
    int_or_404,
    is_ministry,
    lineage_ids,
)
from clusters.models import Membership, Officer
from emulation.service_forms import add_errors, submit

from .. import calculation, services
from ..access import (
    can_review,
    can_see_ranking,
    get_assessment_for_user,
    get_own_assessment_for_user,
    get_period,
    is_own,
)
from ..calculation import typed_number
from ..forms import EntryForm, SendExplanationForm
from ..models import SCORE_STAGES, Assessment, AssessmentEvent, period_deadline, periods
from ..ranking import year_ranking
from .assessment_lines import (
    Kind,
    Line,
    Status,
    assessment_lines,
    conversion,
    explain_notice,
    scores_of,
    self_notice,
    stage_label,
    total_at,
)

# The year's assessments ------------------------------------------------------------------


@login_required
def assessment_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat, the reviewers and the ministry see every member; a member only itself
    (and a deputy also the head it reviews)."""
    user = request.user
    cluster_year = get_year_for_user(user, pk)
    period = get_period(request.GET.get("period"))
    sees_all = is_ministry(user) or cluster_year.runs
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

    def row(membership: Membership, assessment: Assessment | None = None, **values) -> dict:
        """A member's row: `mine` when it is the user's agency or one the agency took over."""
        mine = membership.agency_id in own
        predecessor = mine and membership.agency_id != user.agency_id
        return {
            "membership": membership,
            "assessment": assessment,
            "mine": mine,
            "predecessor": predecessor,
            **values,
        }

    rows = []
    for standing in ranking.standings:
        membership, assessment = standing.membership, standing.assessment
        if not (
            sees_all
            or membership.agency_id in own
            or (membership.agency_id == head and can_review(user, assessment))
        ):
            continue
        total = standing.self_total - sum(
            (standing.final.points.get(criterion_id, calculation.ZERO) for criterion_id in scaled),
            calculation.ZERO,
        )
        rows.append(row(membership, assessment, total=typed_number(total)))
    rows += [row(m) for m in ranking.unassessed if sees_all or m.agency_id in own]
    rows += [
        row(record.membership, not_submitted=record)
        for record in ranking.not_submitted
        if sees_all or record.membership.agency_id in own
    ]
    can_write = cluster_year.runs
    due = period_deadline(cluster_year, period)
    today = timezone.localdate()
    for row in rows:
        # After the deadline the secretariat may record a member that has not submitted.
        assessment = row["assessment"]
        if not can_write or "not_submitted" in row:
            row["may_record_non_submission"] = False
        elif assessment is None:
            row["may_record_non_submission"] = due is not None and today > due
        else:  # Assessment.deadline(), without reading the year again for every row
            row["may_record_non_submission"] = assessment.status == Status.DRAFT and (
                (assessment.deadline_extended_to or due or today) < today
            )
    rows.sort(key=lambda row: (not row["mine"], row["membership"].agency.short_name))
    context = {
        "cluster_year": cluster_year,
        "rows": rows,
        "sees_all": sees_all,
        "partial_totals": bool(scaled),
        "has_criteria": cluster_year.criteria_sets.current() is not None,
        "reviews_in_excel": can_write,
        "can_write": can_write,
        "period": period,
        "period_choices": periods(cluster_year),
        "deadline": period_deadline(cluster_year, period),
    }
    return render(request, "scoring/assessment_list.html", context)


@login_required
@require_POST
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cluster_year = get_year_for_user(user, pk)
    membership = None
    if user.agency_id:
        # The user may act for several agencies of the year (theirs and those it succeeded):
        # the form names which one; without it, the user's own agency comes first.
        memberships = (
            cluster_year.memberships.current()
            .select_related("agency", "cluster_year")
            .filter(agency_id__in=lineage_ids(user))
        )
        chosen = request.POST.get("membership")
        if chosen:
            memberships = memberships.filter(pk=int_or_404(chosen))
        membership = min(memberships, default=None, key=lambda m: m.agency_id != user.agency_id)
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
    lines = assessment_lines(assessment)
    # The totals are the ranking's (criteria against a target converted) for whoever may see
    # the ranking; the others see them “not yet converted” until it is published.
    cluster_year = assessment.membership.cluster_year
    best = None
    if can_see_ranking(user, cluster_year, assessment.period):
        best = conversion(assessment)
    stage_totals = []
    for stage in SCORE_STAGES:
        entered = any(
            getattr(line.score, f"{stage}_value") is not None for line in lines if line.score
        )
        stage_totals.append(
            (stage, total_at(lines, stage, best and best[stage]) if entered else None)
        )
    # The points column shows the latest stage that has values.
    latest = next((s for s, total in reversed(stage_totals) if total is not None), "self")
    total_at(lines, latest, best and best[latest])
    has_targets = any(line.criterion.kind == Kind.QUANTITATIVE for line in lines)
    mine = is_own(user, assessment)
    missing = []
    if mine and assessment.self_assessment_open():
        missing = assessment.missing_for_submission()
    elif mine and assessment.status == Status.RETURNED:
        missing = assessment.missing_for_explanation()
    context = {
        "assessment": assessment,
        "cluster_year": cluster_year,
        "lines": lines,
        "stage_totals": [(stage_label(stage), total) for stage, total in stage_totals],
        "converted": best is not None,
        "has_targets": has_targets,
        "latest_stage": latest,
        "events": list(assessment.events.select_related("by")),
        "deadline": assessment.deadline(),
        "locked": assessment.is_locked(),
        "mine": mine,
        "can_edit": mine and assessment.self_assessment_open(),
        "can_explain": mine and assessment.status == Status.RETURNED,
        "can_review": can_review(user, assessment),
        "notice": self_notice(assessment) if mine else "",
        "missing": missing,
        "send_form": SendExplanationForm(),
    }
    return render(request, "scoring/assessment_detail.html", context)


def entry_page(
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
    # What the ranking counts, as saved, for whoever may see the ranking; the running total
    # below leaves out the criteria against a target (“not yet converted”).
    converted_total = None
    if can_see_ranking(request.user, assessment.membership.cluster_year, assessment.period):
        best = conversion(assessment)
        if best is not None:
            converted_total = total_at(lines, form.stage, best[form.stage])
    total = total_at(lines, form.stage)
    editable = _explain_editable(assessment) if explaining else assessment.self_assessment_open()
    context = {
        "assessment": assessment,
        "cluster_year": assessment.membership.cluster_year,
        "form": form,
        "lines": lines,
        "total": total,
        "converted_total": converted_total,
        "has_targets": any(line.criterion.kind == Kind.QUANTITATIVE for line in lines),
        "editable": editable,
        # Files are sent with the page's form: only where that form can be saved.
        "evidence_editable": editable,
        "notice": explain_notice(assessment) if explaining else self_notice(assessment),
        "deadline": assessment.deadline(),
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


def _save_page(
    request: HttpRequest, assessment: Assessment, form: EntryForm
) -> HttpResponse | None:
    """Save what the member sent, files included: every valid criterion is saved, every
    refused one shown next to its field with what was typed (one error never blocks the
    others, and nothing typed is lost). A redirect when everything was taken; else None,
    the page then shown again (400) with the errors and a fresh revision."""
    form.is_valid()
    if "revision" in form.errors:
        return None
    try:
        saved = services.assessment_save_page(
            assessment=assessment,
            stage=form.stage,
            entries=form.valid_entries(),
            files=form.uploads(request.FILES),
            revision=form.cleaned_data["revision"],
            by=request.user,
        )
    except ValidationError as error:  # stale, or no longer open: nothing saved
        add_errors(form, error)
        return None
    for attached in saved.attached:
        messages.success(
            request, _("“%(name)s” has been attached.") % {"name": attached.original_name}
        )
    for criterion_id, problem in saved.refused.items():
        form.add_error(form.error_field(criterion_id), problem)
    form.refused_files = saved.refused_files
    if form.errors or saved.refused_files:
        # The valid criteria are saved: the page goes on from the new revision.
        form.data = form.data.copy()
        form.data["revision"] = saved.assessment.revision
        form.partly_saved = True
        return None
    if request.POST.get("then") == "submit":
        return _submit(request, saved.assessment)
    if form.stage == "explained":
        messages.success(request, _("The explanation has been saved. Send it when it is complete."))
        return redirect("scoring:assessment_explain", pk=assessment.pk)
    messages.success(request, _("Saved as a draft."))
    return redirect("scoring:assessment_self", pk=assessment.pk)


def _entry(request: HttpRequest, assessment: Assessment, *, stage: str, editable: bool):
    """The member's form at `stage` (self or explained): shown, or saved from a POST."""
    lines = assessment_lines(assessment)
    form = EntryForm(
        request.POST or None,
        scores=scores_of(lines),
        stage=stage,
        revision=assessment.revision,
        editable=editable,
    )
    if request.method == "POST":
        response = _save_page(request, assessment, form)
        if response is not None:
            return response
        assessment.refresh_from_db()
        lines = assessment_lines(assessment)
    return entry_page(request, assessment, lines, form, getattr(form, "refused_files", None))


@login_required
def assessment_self(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_own_assessment_for_user(request.user, pk)
    return _entry(request, assessment, stage="self", editable=assessment.self_assessment_open())


@login_required
@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_own_assessment_for_user(request.user, pk)
    return _submit(request, assessment)


@login_required
def assessment_explain(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_own_assessment_for_user(request.user, pk)
    return _entry(request, assessment, stage="explained", editable=_explain_editable(assessment))


@login_required
@require_POST
def assessment_send_explanation(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_own_assessment_for_user(request.user, pk)
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
