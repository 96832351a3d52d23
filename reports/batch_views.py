"""The pages of the background batches (reports.batches): ask for one, follow it, download it.

They are seen by who asked for the batch and by the ministry (batches.get_batch_for_user)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clusters.access import get_year_for_user, is_ministry
from clusters.models import ClusterYear
from emulation.downloads import ascii_name
from emulation.errors import DomainError
from emulation.jobs import QueueUnavailable
from emulation.service_forms import submit

from . import batches
from .models import BatchJob


class MinistryExportForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = ClusterYear.objects.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [(year, year) for year in years]


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    ministry = is_ministry(request.user)
    form = MinistryExportForm() if ministry else None
    jobs = batches.visible_batches(request.user)[:50]
    return render(request, "reports/batch_list.html", {"jobs": jobs, "form": form})


@login_required
@require_POST
def ministry_export_start(request: HttpRequest) -> HttpResponse:
    if not is_ministry(request.user):
        raise PermissionDenied
    form = MinistryExportForm(request.POST)
    started = submit(
        request,
        form,
        lambda: batches.batch_start(
            kind=BatchJob.Kind.MINISTRY_TERM_REPORTS,
            params={"year": form.cleaned_data["year"]},
            by=request.user,
        ),
    )
    if started is None:
        jobs = batches.visible_batches(request.user)[:50]
        return render(request, "reports/batch_list.html", {"jobs": jobs, "form": form})
    return _follow(request, *started)


def _follow(request: HttpRequest, job: BatchJob, created: bool) -> HttpResponse:
    """To the batch's page: the one already under way, or this one once queued."""
    if not created:
        messages.info(request, _("This batch is already under way: here it is."))
        return redirect(job)
    try:
        batches.batch_enqueue(job)
    except QueueUnavailable as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:batches")
    messages.success(request, _("The batch has started. You may leave this page and come back."))
    return redirect(job)


def _cluster_year_batch(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A batch of the cluster's year, asked for by its secretariat from the register."""
    cluster_year = get_year_for_user(request.user, pk, write=True)
    try:
        started = batches.batch_start(
            kind=kind, params={"cluster_year": cluster_year.pk}, by=request.user
        )
    except DomainError as error:
        messages.error(request, error.messages[0])
        return redirect("reports:register", cluster_year.pk)
    return _follow(request, *started)


@login_required
@require_POST
def year_archive_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's archive built in the background (a large year does not fit a request)."""
    return _cluster_year_batch(request, pk, BatchJob.Kind.YEAR_ARCHIVE)


@login_required
@require_POST
def dossiers_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Every nomination dossier of the year with its evidence, built in the background."""
    return _cluster_year_batch(request, pk, BatchJob.Kind.CLUSTER_DOSSIERS)


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = batches.get_batch_for_user(request.user, pk)
    context = {
        "job": job,
        "progress": batches.batch_progress(job),
        "title": batches.KINDS[job.kind].title(job.params),
    }
    return render(request, "reports/batch_detail.html", context)


@login_required
def batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = batches.get_batch_for_user(request.user, pk)
    if job.state != BatchJob.State.DONE or not job.result:
        raise Http404
    name = ascii_name(batches.KINDS[job.kind].title(job.params)) or "batch"
    extension = job.result.name.rsplit(".", 1)[-1]
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=f"{name}.{extension}")
