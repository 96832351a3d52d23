"""The self-assessment in Excel: download, upload, preview (before → after), confirm.

The preview carries only the entries that change, signed, so that the confirmation saves
exactly what was shown; the self-assessment service saves them all or nothing, and refuses
them when the assessment moved on since the file was made (its revision) or was locked.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from emulation.downloads import download

from .. import services
from ..access import get_own_assessment_for_user
from ..assessment_workbooks import (
    SelfSheet,
    changed_entries,
    changes,
    read_self_assessment,
    self_assessment_workbook,
)
from ..forms import WorkbookUploadForm
from ..models import Assessment, Score
from ..services import Entered
from ..spreadsheets import XLSX_CONTENT_TYPE, Problem

SALT = "scoring.self-assessment-workbook"
PREVIEW_SECONDS = 3600


def _scores(assessment: Assessment) -> list[Score]:
    return list(
        assessment.scores.filter(criterion__criteria_set_id=assessment.criteria_set_id)
        .select_related("criterion")
        .order_by("criterion__position")
    )


@login_required
def self_assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_own_assessment_for_user(request.user, pk)
    membership = assessment.membership
    title = (
        f"Tự chấm điểm {membership.agency.short_name} {membership.cluster_year.year}"
        f"{' 6 tháng' if assessment.period == Assessment.Period.MID_YEAR else ''}"
    )
    content = self_assessment_workbook(assessment, _scores(assessment))
    return download(content, title=title, extension="xlsx", content_type=XLSX_CONTENT_TYPE)


def _sign(assessment: Assessment, revision: int, entries: dict[int, Entered]) -> str:
    def number(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    payload = {
        "assessment": assessment.pk,
        "revision": revision,
        "entries": {
            str(pk): [number(e.value), e.text, number(e.target)] for pk, e in entries.items()
        },
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def _unsign(assessment: Assessment, token: str) -> tuple[int, dict[int, Entered]] | None:
    try:
        payload = signing.loads(token, salt=SALT, max_age=PREVIEW_SECONDS)
    except signing.BadSignature:
        return None
    if payload.get("assessment") != assessment.pk:
        return None

    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    entries = {
        int(pk): Entered(value=number(value), text=text, target=number(target))
        for pk, (value, text, target) in payload["entries"].items()
    }
    return payload["revision"], entries


@login_required
def self_assessment_import(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the upload form. POST with a file: the problems, or the preview. POST with the
    preview's token: save."""
    assessment = get_own_assessment_for_user(request.user, pk)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, assessment)
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    context = {"assessment": assessment, "form": form, "problems": [], "changes": None}
    open_now = assessment.self_assessment_open()
    if not open_now:
        context["problems"] = [Problem(0, "", _closed_message(assessment))]
    if request.method != "POST" or not form.is_valid() or not open_now:
        status = 400 if request.method == "POST" else 200
        return render(request, "scoring/assessment_import.html", context, status=status)

    scores = _scores(assessment)
    found: SelfSheet = read_self_assessment(assessment, scores, form.cleaned_data["file"])
    context["problems"] = found.problems
    if found.problems:
        return render(request, "scoring/assessment_import.html", context, status=400)
    context["changes"] = changes(scores, found.entries)
    if found.revision != assessment.revision:
        context["stale"] = True
        context["problems"] = [
            Problem(
                0,
                "",
                _(
                    "This file was made from an earlier state of the assessment (update "
                    "%(file)s; it is now at update %(current)s): someone saved it since. "
                    "Nothing was saved. Below is what your file differs from the assessment "
                    "as it stands: download the workbook again and carry your changes over."
                )
                % {"file": found.revision, "current": assessment.revision},
            )
        ]
        return render(request, "scoring/assessment_import.html", context, status=409)
    context["token"] = _sign(
        assessment, assessment.revision, changed_entries(scores, found.entries)
    )
    return render(request, "scoring/assessment_import.html", context)


def _closed_message(assessment: Assessment) -> str:
    if assessment.is_locked() and assessment.status == Assessment.Status.DRAFT:
        return _("The deadline has passed: the self-assessment is locked.")
    return _("This cannot be done while the assessment is “%(status)s”.") % {
        "status": assessment.get_status_display()
    }


def _confirm(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    signed = _unsign(assessment, request.POST["token"])
    if signed is None:
        messages.error(
            request, _("The preview has expired or was altered: upload the workbook again.")
        )
        return redirect("scoring:self_assessment_import", pk=assessment.pk)
    revision, entries = signed
    try:
        services.assessment_save_self(
            assessment=assessment, entries=entries, revision=revision, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scoring:self_assessment_import", pk=assessment.pk)
    messages.success(
        request,
        _("The workbook has been applied: %(count)s criteria changed.") % {"count": len(entries)},
    )
    return redirect("scoring:assessment_self", pk=assessment.pk)
