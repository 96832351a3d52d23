"""Pages of the movements: decorators → access helper → form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters.access import get_year_for_user
from clusters.uploads import file_response
from emulation.service_forms import form_page, render_form, run_step, submit

from . import services
from .access import (
    can_plan,
    get_evidence_for_user,
    get_movement_for_user,
    get_phase_for_user,
    get_reporting_phase_for_user,
    reporting_agency,
    visible_movements,
)
from .forms import (
    ContentsForm,
    LaunchForm,
    MovementForm,
    ParticipantsForm,
    PhaseReportForm,
    PhasesForm,
)
from .models import MovementContent, PhaseReport


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = visible_movements(request.user).order_by("-starts_on", "title")
    context = {"movements": movements, "can_create": request.user.agency_id is not None}
    return render(request, "clusters/movement_list.html", context)


def _create(request: HttpRequest, back, **launcher) -> HttpResponse:
    form = MovementForm(request.POST or None)
    movement = submit(
        request,
        form,
        lambda: services.movement_create(plan=form.plan(), by=request.user, **launcher),
    )
    if movement is not None:
        messages.success(request, _("The movement has been created: now plan its contents."))
        return redirect("clusters:movement_contents", movement.pk)
    return render_form(request, form, _("New emulation movement"), back=back)


@login_required
def year_movement_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    return _create(request, cluster_year, cluster_year=cluster_year)


@login_required
def agency_movement_create(request: HttpRequest) -> HttpResponse:
    """A movement of the user's own agency, for its staff."""
    if request.user.agency_id is None:
        raise PermissionDenied
    return _create(request, None, agency=request.user.agency)


def _contents(movement):
    return list(
        movement.contents.prefetch_related(
            "commitments", "criterion_links__criterion__criteria_set"
        )
    )


@login_required
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = get_movement_for_user(request.user, pk)
    contents = _contents(movement)
    phases = list(movement.phases.all())
    today = timezone.localdate()
    for phase in phases:
        phase.open = movement.is_launched and phase.accepts_reports(today)
    participants = list(movement.participants.select_related("agency"))
    reported = set(
        PhaseReport.objects.filter(phase__movement=movement).values_list(
            "phase_id", "agency_id", "content_id"
        )
    )
    review = [
        {
            "phase": phase,
            "rows": [
                {
                    "agency": participant.agency,
                    "done": [(phase.pk, participant.agency_id, c.pk) in reported for c in contents],
                }
                for participant in participants
            ],
        }
        for phase in phases
    ]
    context = {
        "movement": movement,
        "contents": contents,
        "phases": phases,
        "participants": participants,
        "review": review,
        "can_write": can_plan(request.user, movement),
        "reporting_agency": reporting_agency(request.user, movement),
    }
    return render(request, "clusters/movement_detail.html", context)


@login_required
def movement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    movement = get_movement_for_user(request.user, pk, write=True)
    form = MovementForm(request.POST or None, instance=movement)
    return form_page(
        request,
        form,
        lambda: services.movement_update(movement=movement, plan=form.plan(), by=request.user),
        done=_("The plan has been saved."),
        then=movement,
        title=_("Plan: %(title)s") % {"title": movement},
        back=movement,
    )


@login_required
def movement_contents(request: HttpRequest, pk: int) -> HttpResponse:
    movement = get_movement_for_user(request.user, pk, write=True)
    form = ContentsForm(request.POST or None, contents=list(movement.contents.all()))
    return form_page(
        request,
        form,
        lambda: services.movement_contents_set(
            movement=movement, contents=form.rows(), by=request.user
        ),
        done=_("The contents have been saved."),
        then=movement,
        title=_("Contents: %(title)s") % {"title": movement},
        back=movement,
        intro=_("One content per box, in order; clear a box to remove its content."),
    )


@login_required
def movement_phases(request: HttpRequest, pk: int) -> HttpResponse:
    movement = get_movement_for_user(request.user, pk, write=True)
    form = PhasesForm(request.POST or None, phases=list(movement.phases.all()))
    intro = _(
        "The phases cover the movement (%(start)s–%(end)s) one after the other; a phase may "
        "start on the day the previous one ends. Clear a phase's dates to remove it."
    ) % {
        "start": movement.starts_on.strftime("%d/%m/%Y"),
        "end": movement.ends_on.strftime("%d/%m/%Y"),
    }
    return form_page(
        request,
        form,
        lambda: services.movement_phases_set(
            movement=movement, phases=form.rows(), by=request.user
        ),
        done=_("The phases have been saved."),
        then=movement,
        title=_("Phases: %(title)s") % {"title": movement},
        back=movement,
        intro=intro,
        template="clusters/movement_phases.html",
    )


@login_required
def movement_participants(request: HttpRequest, pk: int) -> HttpResponse:
    movement = get_movement_for_user(request.user, pk, write=True)
    if movement.cluster_year_id is None:
        raise PermissionDenied(_("An agency's movement is carried out by its own staff."))
    form = ParticipantsForm(request.POST or None, movement=movement)
    return form_page(
        request,
        form,
        lambda: services.participants_set(
            movement=movement, agencies=list(form.cleaned_data["agencies"]), by=request.user
        ),
        done=_("The participating agencies have been saved."),
        then=movement,
        title=_("Participating agencies: %(title)s") % {"title": movement},
        back=movement,
    )


@login_required
def movement_launch(request: HttpRequest, pk: int) -> HttpResponse:
    movement = get_movement_for_user(request.user, pk, write=True)
    form = LaunchForm(request.POST or None, movement=movement)
    return form_page(
        request,
        form,
        lambda: services.movement_launch(movement=movement, by=request.user, **form.cleaned_data),
        done=_("The movement has been launched."),
        then=movement,
        title=_("Launch: %(title)s") % {"title": movement},
        back=movement,
        intro=_(
            "Launching records the movement as launched (at a conference, as one of its "
            "decisions); it cannot be undone."
        ),
        template="clusters/movement_launch.html",
    )


@login_required
def phase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    phase = get_phase_for_user(request.user, pk)
    movement = phase.movement
    contents = list(movement.contents.all())
    reports = {
        (report.agency_id, report.content_id): report
        for report in phase.reports.prefetch_related("evidence")
    }
    rows = [
        {
            "agency": participant.agency,
            "reports": [
                (content, reports.get((participant.agency_id, content.pk))) for content in contents
            ],
        }
        for participant in movement.participants.select_related("agency")
    ]
    context = {
        "phase": phase,
        "movement": movement,
        "rows": rows,
        "closed": phase.is_closed(timezone.localdate()),
        "open": movement.is_launched and phase.accepts_reports(timezone.localdate()),
        "reporting_agency": reporting_agency(request.user, movement),
    }
    return render(request, "clusters/phase_detail.html", context)


@login_required
def phase_report(request: HttpRequest, pk: int) -> HttpResponse:
    phase, agency = get_reporting_phase_for_user(request.user, pk)
    if request.method != "POST":
        try:
            services.check_may_report(phase=phase, agency=agency, today=timezone.localdate())
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(phase)
    contents = list(MovementContent.objects.filter(movement_id=phase.movement_id))
    reports = {r.content_id: r for r in phase.reports.filter(agency=agency)}
    form = PhaseReportForm(
        request.POST or None, request.FILES or None, contents=contents, reports=reports
    )
    title = _("Report of %(agency)s on %(phase)s: %(title)s") % {
        "agency": agency.short_name,
        "phase": phase,
        "title": phase.movement,
    }
    return form_page(
        request,
        form,
        lambda: services.phase_report_save(
            phase=phase, agency=agency, entries=form.entries(), by=request.user
        ),
        done=_("Your report has been saved."),
        then=phase,
        title=title,
        back=phase,
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    phase = evidence.report.phase
    agency = reporting_agency(request.user, phase.movement)
    if agency is None or agency.pk != evidence.report.agency_id:
        raise PermissionDenied  # only the agency that reported takes its evidence back
    run_step(
        request,
        lambda: services.phase_evidence_delete(evidence=evidence, agency=agency, by=request.user),
        _("The evidence has been removed."),
    )
    return redirect(phase)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    return file_response(get_evidence_for_user(request.user, pk))
