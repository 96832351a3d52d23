"""Nominations (hồ sơ đề nghị khen thưởng): prepared and filed by the secretariat from a vote
that passed, decided by the ministry; the ministry's queue across every cluster; the list of
award types and the statuses that bar a unit from awards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters.access import can_administer_year, is_ministry, visible_clusters
from clusters.uploads import file_response
from emulation.service_forms import form_page, form_status, form_step, run_step, submit

from .. import services
from ..access import (
    can_record_standing,
    can_see_ranking,
    get_award_type_for_user,
    get_nomination_file_for_user,
    get_nomination_for_user,
    get_nomination_to_decide_for_user,
    get_nomination_to_file_for_user,
    get_proposal_for_user,
    get_standing_agency_for_user,
    get_standing_record_for_user,
    visible_nominations,
)
from ..eligibility import nomination_checks
from ..forms import (
    AchievementReportForm,
    AwardTypeForm,
    NominationApproveForm,
    NominationFileForm,
    NominationFilterForm,
    NominationRejectForm,
    NominationReturnForm,
    NominationSubmitForm,
    StandingRecordEndForm,
    StandingRecordForm,
)
from ..models import Assessment, AwardType, Nomination
from ..ranking import year_ranking


@login_required
@require_POST
def nomination_create(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, write=True)
    nomination = run_step(
        request,
        lambda: services.nomination_create(proposal=proposal, by=request.user),
        _("The nomination has been prepared: complete its dossier."),
    )
    return redirect(nomination or proposal.ballot)


def _nomination_page(request: HttpRequest, nomination: Nomination, **forms) -> HttpResponse:
    user = request.user
    cluster_year = nomination.membership.cluster_year
    proposal = nomination.proposal
    can_file = can_administer_year(user, cluster_year)
    can_decide = is_ministry(user)
    context = {
        "nomination": nomination,
        "cluster_year": cluster_year,
        "proposal": proposal,
        "result": proposal.result,
        "files": list(nomination.files.all()),
        "events": list(nomination.events.select_related("by")),
        "can_file": can_file,
        "can_decide": can_decide,
        "preparing": nomination.state in Nomination.PREPARING,
    }
    ranking = year_ranking(cluster_year)  # the unit's standing, and its eligibility
    if can_see_ranking(user, cluster_year):
        context["ranked_count"] = len(ranking.standings)
        context["standing"] = next(
            (s for s in ranking.standings if s.membership.pk == nomination.membership_id), None
        )
    if nomination.state in Nomination.PREPARING:
        context["checks"] = nomination_checks(nomination, ranking=ranking)
        if can_file:
            context["submit_form"] = forms.get("submit_form") or NominationSubmitForm()
            context["file_form"] = forms.get("file_form") or NominationFileForm()
    if nomination.state in Nomination.WAITING and can_decide:
        context["return_form"] = forms.get("return_form") or NominationReturnForm()
        context["approve_form"] = forms.get("approve_form") or NominationApproveForm()
        context["reject_form"] = forms.get("reject_form") or NominationRejectForm()
    status = form_status(*forms.values())
    return render(request, "scoring/nomination_detail.html", context, status=status)


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _nomination_page(request, get_nomination_for_user(request.user, pk))


@login_required
def nomination_report(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_to_file_for_user(request.user, pk)
    form = AchievementReportForm(
        request.POST or None, initial={"achievement_report": nomination.achievement_report}
    )
    return form_page(
        request,
        form,
        lambda: services.nomination_update(
            nomination=nomination,
            achievement_report=form.cleaned_data["achievement_report"],
            by=request.user,
        ),
        done=_("The achievement report has been saved."),
        then=nomination,
        title=_("Achievement report"),
        back=nomination,
    )


@login_required
@require_POST
def nomination_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_to_file_for_user(request.user, pk)
    form = NominationFileForm(request.POST, request.FILES)
    return form_step(
        request,
        form,
        lambda: services.nomination_file_add(
            nomination=nomination, upload=form.cleaned_data["file"], by=request.user
        ),
        done=_("The file has been attached."),
        then=nomination,
        refused=lambda: _nomination_page(request, nomination, file_form=form),
    )


@login_required
def nomination_file(request: HttpRequest, pk: int) -> HttpResponse:
    return file_response(get_nomination_file_for_user(request.user, pk))


def _step(request: HttpRequest, pk: int, *, get, form_class, name: str, run, done: str):
    """A nomination's transition from a form: the access getter `get` (to file, to decide),
    then the service `run(nomination, data)`."""
    nomination = get(request.user, pk)
    form = form_class(request.POST)
    return form_step(
        request,
        form,
        lambda: run(nomination, form.cleaned_data),
        done=done,
        then=nomination,
        refused=lambda: _nomination_page(request, nomination, **{name: form}),
    )


@login_required
@require_POST
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        get=get_nomination_to_file_for_user,
        form_class=NominationSubmitForm,
        name="submit_form",
        run=lambda nomination, data: services.nomination_submit(
            nomination=nomination, comment=data["comment"], by=request.user
        ),
        done=_("The nomination has been sent to the ministry."),
    )


@login_required
@require_POST
def nomination_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        get=get_nomination_to_decide_for_user,
        form_class=NominationReturnForm,
        name="return_form",
        run=lambda nomination, data: services.nomination_return(
            nomination=nomination, comment=data["comment"], by=request.user
        ),
        done=_("The nomination has been returned to the cluster."),
    )


@login_required
@require_POST
def nomination_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        get=get_nomination_to_decide_for_user,
        form_class=NominationApproveForm,
        name="approve_form",
        run=lambda nomination, data: services.nomination_approve(
            nomination=nomination,
            number=data["decision_number"],
            date=data["decision_date"],
            signer=data["decision_signer"],
            by=request.user,
        ),
        done=_("The nomination has been approved."),
    )


@login_required
@require_POST
def nomination_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        get=get_nomination_to_decide_for_user,
        form_class=NominationRejectForm,
        name="reject_form",
        run=lambda nomination, data: services.nomination_reject(
            nomination=nomination, reason=data["reason"], by=request.user
        ),
        done=_("The nomination has been rejected."),
    )


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    """Every nomination the user may see, those waiting for the ministry first."""
    form = NominationFilterForm(request.GET or None, clusters=visible_clusters(request.user))
    nominations = visible_nominations(request.user).select_related("proposal__ballot__conference")
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            nominations = nominations.filter(membership__cluster_year__year=data["year"])
        if data["cluster"]:
            nominations = nominations.filter(membership__cluster_year__cluster=data["cluster"])
        if data["award_type"]:
            nominations = nominations.filter(award_type=data["award_type"])
        if data["state"] == "waiting":
            nominations = nominations.waiting()
        elif data["state"]:
            nominations = nominations.filter(state=data["state"])
    assessments = Assessment.objects.filter(
        membership=OuterRef("membership"), period=Assessment.Period.YEAR
    )
    nominations = nominations.annotate(
        assessment_pk=Subquery(assessments.values("pk")[:1]),
        waiting=Case(When(state__in=Nomination.WAITING, then=Value(0)), default=Value(1)),
    ).order_by("waiting", "-updated_at", "-pk")
    page = Paginator(nominations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "scoring/nomination_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "is_ministry": is_ministry(request.user),
        },
        status=form_status(form),
    )


# Award types (the ministry's list) ----------------------------------------------------------


@login_required
def award_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "scoring/award_list.html",
        {
            "awards": AwardType.objects.select_related("quota_base"),
            "can_edit": is_ministry(request.user),
        },
    )


def _award_form(request: HttpRequest, award: AwardType | None) -> HttpResponse:
    if not is_ministry(request.user):
        raise PermissionDenied
    form = AwardTypeForm(request.POST or None, instance=award)
    return form_page(
        request,
        form,
        lambda: services.award_type_save(award_type=award, by=request.user, **form.cleaned_data),
        done=_("The award has been saved."),
        then="scoring:award_list",
        title=_("New award") if award is None else str(award),
    )


@login_required
def award_add(request: HttpRequest) -> HttpResponse:
    return _award_form(request, None)


@login_required
def award_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _award_form(request, get_award_type_for_user(request.user, pk))


# Statuses that bar a unit from awards -------------------------------------------------------


@login_required
def standing_records(request: HttpRequest, pk: int) -> HttpResponse:
    """An agency's discipline, inspection, investigation and complaint statuses."""
    agency = get_standing_agency_for_user(request.user, pk, write=request.method == "POST")
    form = StandingRecordForm(request.POST or None)
    recorded = submit(
        request,
        form,
        lambda: services.standing_record_add(agency=agency, by=request.user, **form.cleaned_data),
    )
    if recorded is not None:
        messages.success(request, _("The status has been recorded."))
        return redirect("scoring:standing_records", agency.pk)
    can_record = can_record_standing(request.user, agency)
    return render(
        request,
        "scoring/standing_records.html",
        {
            "agency": agency,
            "records": agency.standing_records.select_related("recorded_by"),
            "form": form if can_record else None,
            "end_form": StandingRecordEndForm(),
            "can_record": can_record,
        },
        status=form_status(form),
    )


@login_required
@require_POST
def standing_record_end(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_standing_record_for_user(request.user, pk)
    form = StandingRecordEndForm(request.POST)
    if form.is_valid():
        run_step(
            request,
            lambda: services.standing_record_end(
                record=record, ended_on=form.cleaned_data["ended_on"], by=request.user
            ),
            _("The status is resolved."),
        )
    else:
        messages.error(request, _("Give the date it was resolved, as dd/mm/yyyy."))
    return redirect("scoring:standing_records", record.agency.pk)
