"""The review in Excel, for the year's secretariat: download every member's scores, upload the
reviewed values, see what changes (member, criterion, before → after), confirm.

Like the self-assessment workbook, the preview carries the changes signed; `review_apply`
checks every assessment again under a lock before it writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.access import get_year_for_user
from clusters.models import ClusterYear
from emulation.downloads import download
from emulation.errors import DomainError

from .. import import_jobs
from ..access import can_review, get_period
from ..calculation import shown
from ..forms import WorkbookUploadForm
from ..models import Assessment, Criterion, Score
from ..review_workbooks import (
    read_review,
    review_apply,
    review_workbook,
    stage_of,
    year_scores,
)
from ..score_cells import FAIL, PASS
from ..services import Entered
from ..spreadsheets import XLSX_CONTENT_TYPE, Problem

SALT = "scoring.review-workbook"
PREVIEW_SECONDS = 3600


@dataclass(frozen=True)
class Change:
    member: str
    criterion: Criterion
    before: str
    after: str


def _title(cluster_year: ClusterYear, period: str) -> str:
    half = " 6 tháng đầu năm" if period == Assessment.Period.MID_YEAR else ""
    return f"Thẩm định điểm thi đua{half} năm {cluster_year.year} - {cluster_year.cluster.title}"


@login_required
def review_export(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    period = get_period(request.GET.get("period"))
    content = review_workbook(cluster_year, period, year_scores(cluster_year, period))
    return download(
        content,
        title=_title(cluster_year, period),
        extension="xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


def _shown(criterion: Criterion, value: Decimal | None) -> str:
    if value is None:
        return "—"
    if criterion.kind == Criterion.Kind.PASS_FAIL:
        return PASS if value and value == criterion.max_points else FAIL
    return shown(value)


def _changes(scores: list[Score], changes: dict) -> list[Change]:
    found = []
    for score in scores:
        entered = changes.get(score.assessment_id, (0, {}))[1].get(score.criterion_id)
        if entered is None:
            continue
        member = score.assessment.membership.agency.short_name
        value = getattr(score, f"{stage_of(score.assessment)}_value")
        if value != entered.value:
            found.append(
                Change(
                    member,
                    score.criterion,
                    _shown(score.criterion, value),
                    _shown(score.criterion, entered.value),
                )
            )
        if score.review_comment.strip() != entered.text:
            found.append(
                Change(member, score.criterion, score.review_comment or "—", entered.text or "—")
            )
    return found


def _sign(cluster_year: ClusterYear, period: str, changes: dict) -> str:
    payload = {
        "year": cluster_year.pk,
        "period": period,
        "changes": {
            str(pk): [
                revision,
                {
                    str(criterion): [None if e.value is None else str(e.value), e.text]
                    for criterion, e in entries.items()
                },
            ]
            for pk, (revision, entries) in changes.items()
        },
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def _unsign(cluster_year: ClusterYear, token: str) -> dict | None:
    try:
        payload = signing.loads(token, salt=SALT, max_age=PREVIEW_SECONDS)
    except signing.BadSignature:
        return None
    if payload.get("year") != cluster_year.pk:
        return None
    return {
        int(pk): (
            revision,
            {
                int(criterion): Entered(value=None if value is None else Decimal(value), text=text)
                for criterion, (value, text) in entries.items()
            },
        )
        for pk, (revision, entries) in payload["changes"].items()
    }


@login_required
def review_import(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the upload form. POST with a file: the problems, or the preview. POST with the
    preview's token: save."""
    cluster_year = get_year_for_user(request.user, pk, write=True)
    period = get_period(request.GET.get("period"))
    back = reverse("scoring:assessment_list", args=[cluster_year.pk])
    if request.method == "POST" and "token" in request.POST:
        changes = _unsign(cluster_year, request.POST["token"])
        if changes is None:
            messages.error(
                request, _("The preview has expired or was altered: upload the workbook again.")
            )
            return redirect(request.get_full_path())
        try:
            count = review_apply(cluster_year=cluster_year, changes=changes, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("The review workbook has been applied: %(count)s scores changed.") % {"count": count},
        )
        return redirect(back)

    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    context = {
        "cluster_year": cluster_year,
        "period": period,
        "form": form,
        "problems": [],
        "changes": None,
        "back": back,
        "jobs": import_jobs.recent_jobs(cluster_year, period),
    }
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "scoring/review_import.html", context, status=status)
    if import_jobs.in_background(form.cleaned_data["file"]):
        return _queue(request, cluster_year, period, form.cleaned_data["file"])
    scores = year_scores(cluster_year, period)
    reviewable = {
        score.assessment_id for score in scores if can_review(request.user, score.assessment)
    }
    found = read_review(
        cluster_year=cluster_year,
        period=period,
        scores=scores,
        reviewable=reviewable,
        file=form.cleaned_data["file"],
    )
    context["problems"] = found.problems
    if found.problems:
        return render(request, "scoring/review_import.html", context, status=400)
    context["changes"] = _changes(scores, found.changes)
    if found.changes:
        context["token"] = _sign(cluster_year, period, found.changes)
    return render(request, "scoring/review_import.html", context)


def _queue(request: HttpRequest, cluster_year: ClusterYear, period: str, file) -> HttpResponse:
    """A large workbook: applied by a worker; its page follows it."""
    try:
        job = import_jobs.import_start(
            cluster_year=cluster_year, period=period, file=file, by=request.user
        )
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(request.get_full_path())
    messages.info(
        request,
        _(
            "The workbook is large: it is being applied in the background, without a preview. "
            "You may leave this page and come back."
        ),
    )
    return redirect(job)


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A workbook applied in the background: its state, then what changed or what was wrong."""
    job = import_jobs.get_import_job_for_user(request.user, pk)
    problems = [Problem(**problem) for problem in job.problems]
    back = reverse("scoring:assessment_list", args=[job.cluster_year_id])
    return render(
        request, "scoring/import_job.html", {"job": job, "problems": problems, "back": back}
    )
