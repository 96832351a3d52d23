"""The reviewer's side of an assessment: review (thẩm định), return with questions, final.

Who reviews is scoring.access.can_review's decision: the secretariat reviews every member but
its own agency, whose assessment goes to a deputy's agency (or to a ministry reviewer where the
year has no deputy). Reopening and carrying over are the year's secretariat's acts.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusters.access import can_administer_year
from emulation.confirm import ConfirmForm, confirm_form, confirm_page
from emulation.service_forms import add_errors, form_step, render_form, run_step, submit

from .. import review_steps, services
from ..access import get_assessment_to_review_for_user
from ..forms import ReopenForm, ReturnForm, ReviewForm
from ..models import Assessment
from ..ranking import year_ranking

Status = Assessment.Status
# The stage the reviewer enters, by the assessment's status; other statuses are read-only.
REVIEW_STAGE = {Status.SUBMITTED: "reviewed", Status.EXPLAINED: "final"}


def _scores(assessment: Assessment):
    return list(
        assessment.scores.filter(criterion__criteria_set=assessment.criteria_set)
        .select_related("criterion")
        .prefetch_related("evidence")
        .order_by("criterion__position")
    )


def _rows(assessment: Assessment, scores, form) -> tuple[list[dict], object]:
    """The page's rows (groups as headings, criteria with their scores and inputs) and the
    member's standing: its points now (the latest value of every criterion) as the ranking
    counts them, quantitative criteria against the whole year."""
    cluster_year = assessment.membership.cluster_year
    ranking = year_ranking(cluster_year, period=assessment.period)
    standing = next(
        (s for s in ranking.standings if s.membership.pk == assessment.membership_id), None
    )
    points = standing.final.points if standing else {}
    formulas = {
        detail.code: detail.formula
        for detail in ranking.quantitative_details().get(assessment.membership_id, [])
    }
    by_criterion = {score.criterion_id: score for score in scores}
    rows = []
    for criterion in assessment.criteria_set.criteria.order_by("position"):
        if criterion.is_group:
            rows.append({"criterion": criterion, "group": True})
        elif criterion.pk in by_criterion:
            rows.append(
                {
                    "criterion": criterion,
                    "score": by_criterion[criterion.pk],
                    "points": points.get(criterion.pk),
                    "formula": formulas.get(criterion.code, ""),
                    "value": form[f"value_{criterion.pk}"],
                    "comment": form[f"comment_{criterion.pk}"],
                }
            )
    return rows, standing


def _review_page(request: HttpRequest, assessment: Assessment, form, scores, **extra):
    rows, standing = _rows(assessment, scores, form)
    cluster_year = assessment.membership.cluster_year
    can_administer = can_administer_year(request.user, cluster_year)
    context = {
        "assessment": assessment,
        "cluster_year": cluster_year,
        "rows": rows,
        "standing": standing,
        "stage": REVIEW_STAGE.get(assessment.status),
        "events": assessment.events.select_related("by"),
        "return_form": extra.pop("return_form", None) or ReturnForm(),
        "can_administer": can_administer,
        # Reopening gives a final assessment, or a draft locked by the deadline, back.
        "can_reopen": can_administer and assessment.can_reopen(),
        "on_current_version": getattr(cluster_year.criteria_sets.current(), "pk", None)
        == assessment.criteria_set_id,
        **extra,
    }
    return render_form(
        request, form, str(assessment), template="scoring/review_assessment.html", **context
    )


@login_required
def assessment_review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_to_review_for_user(request.user, pk)
    scores = _scores(assessment)
    stage = REVIEW_STAGE.get(assessment.status, "reviewed")
    form = ReviewForm(
        request.POST or None,
        scores=scores,
        stage=stage,
        initial={"revision": assessment.revision},
    )
    if request.method != "POST":
        return _review_page(request, assessment, form, scores)
    # Every valid criterion is saved; every refused one is shown next to its field with what
    # was typed, all at once (a number that cannot be read, a value the rules refuse).
    if form.is_valid() or "revision" not in form.errors:
        try:
            saved = services.assessment_save_review_page(
                assessment=assessment,
                entries=form.valid_entries(),
                revision=form.cleaned_data["revision"],
                by=request.user,
            )
        except ValidationError as error:  # stale, or no longer under review: nothing saved
            add_errors(form, error)
        else:
            if not form.errors and not saved.refused:
                messages.success(request, _("The review has been saved."))
                return redirect("scoring:assessment_review", pk=assessment.pk)
            for criterion_id, problem in saved.refused.items():
                form.add_error(form.error_field(criterion_id), problem)
            form.data = form.data.copy()  # the page goes on from the new revision
            form.data["revision"] = saved.assessment.revision
            form.partly_saved = True
    return _review_page(request, assessment, form, _scores(assessment))


@login_required
@require_POST
def assessment_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Sent from the review form: the scores and questions typed on the page go along and are
    saved with the return, so nothing typed is lost."""
    assessment = get_assessment_to_review_for_user(request.user, pk)
    scores = _scores(assessment)
    review_form = ReviewForm(
        request.POST, scores=scores, stage=REVIEW_STAGE.get(assessment.status, "reviewed")
    )
    form = ReturnForm(request.POST)
    if review_form.is_valid() and form.is_valid():
        try:
            review_steps.assessment_save_and_return(
                assessment=assessment,
                entries=review_form.entries(),
                comment=form.cleaned_data["comment"],
                revision=review_form.cleaned_data["revision"],
                by=request.user,
            )
        except ValidationError as error:
            _show_refusal(error, review_form, form)
        else:
            messages.success(
                request,
                _("The assessment has been returned to %(agency)s with your questions.")
                % {"agency": assessment.membership.agency.short_name},
            )
            return redirect("scoring:assessment_review", pk=assessment.pk)
    page = _review_page(request, assessment, review_form, scores, return_form=form)
    page.status_code = 400
    return page


def _show_refusal(error: ValidationError, review_form, return_form) -> None:
    """A refused value beside its score in the review form; the rest on the return form."""
    errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for key, field_errors in errors.items():
        field = review_form.error_field(key) if key is not None else None
        if field in review_form.fields:
            review_form.add_error(field, field_errors)
        else:
            return_form.add_error(key if key in return_form.fields else None, field_errors)


def _posted_revision(request: HttpRequest) -> int | None:
    """The revision the page was made from (stale pages are refused by the services)."""
    try:
        return int(request.POST.get("revision") or request.GET["revision"])
    except (KeyError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def assessment_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first: every score becomes final, and which criteria keep the member's value."""
    assessment = get_assessment_to_review_for_user(request.user, pk)
    agency = assessment.membership.agency.short_name
    form = confirm_form(request)
    return form_step(
        request,
        form,
        lambda: services.assessment_finalise(
            assessment=assessment, revision=_posted_revision(request), by=request.user
        ),
        done=_("The assessment of %(agency)s is final.") % {"agency": agency},
        then=reverse("scoring:assessment_review", args=[assessment.pk]),
        refused=lambda: _finalise_page(request, assessment, form),
    )


def _finalise_page(request: HttpRequest, assessment: Assessment, form: ConfirmForm):
    agency = assessment.membership.agency.short_name
    stage = REVIEW_STAGE.get(assessment.status)
    consequences = [
        _(
            "Every score of %(agency)s becomes final: a criterion without a reviewer's score "
            "keeps the member's latest value."
        )
        % {"agency": agency},
        _("Nothing changes afterwards without a recorded reopening."),
    ]
    if stage:
        kept = [
            score.criterion.code
            for score in _scores(assessment)
            if getattr(score, f"{stage}_value") is None
        ]
        if kept:
            consequences.append(
                _("Not reviewed, the member's value stands: %(codes)s.")
                % {"codes": ", ".join(kept)}
            )
    return confirm_page(
        request,
        title=_("Finalise the assessment of %(agency)s") % {"agency": agency},
        form=form,
        back_url=reverse("scoring:assessment_review", args=[assessment.pk]),
        back_label=str(assessment),
        button=_("Finalise"),
        consequences=consequences,
        refusal=(
            " ".join(assessment.missing_for_finalisation())
            if stage
            else _("Only a submitted or explained assessment can be finalised.")
        ),
    )


@login_required
def assessment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_to_review_for_user(request.user, pk)
    form = ReopenForm(request.POST or None)
    reopened = submit(
        request,
        form,
        lambda: services.assessment_reopen(
            assessment=assessment,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
    )
    if reopened is not None:
        messages.success(
            request,
            _("The assessment of %(agency)s is open again until %(date)s.")
            % {
                "agency": assessment.membership.agency.short_name,
                "date": date_format(form.cleaned_data["until"], "SHORT_DATE_FORMAT"),
            },
        )
        return redirect(assessment)
    title = _("Reopen the assessment of %(agency)s") % {
        "agency": assessment.membership.agency.short_name
    }
    intro = _(
        "The member gets its self-assessment back until the new deadline. The reviewed, "
        "explained and final scores are cleared (each score's history keeps them), the review "
        "starts again, and the year's ranking is unpublished until every assessment is final."
    )
    return render_form(request, form, title, back=assessment, intro=intro)


@login_required
@require_POST
def assessment_carry_over(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_to_review_for_user(request.user, pk)
    run_step(
        request,
        lambda: services.assessment_carry_over(assessment=assessment, by=request.user),
        _("The assessment of %(agency)s now uses the current criteria.")
        % {"agency": assessment.membership.agency.short_name},
    )
    return redirect(assessment)
