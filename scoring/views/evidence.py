"""Evidence of a score, and the history of a score."""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusters.uploads import file_response
from emulation.confirm import ConfirmForm, confirm_form, confirm_page
from emulation.service_forms import form_step, submit

from .. import services
from ..access import (
    get_assessment_for_user,
    get_evidence_for_user,
    get_own_assessment_for_user,
)
from ..calculation import typed_number
from ..forms import EntryForm, EvidenceForm
from ..models import SCORE_STAGES, Assessment, Criterion, Evidence, Score
from .assessment_lines import (
    HISTORY_FIELDS,
    Status,
    assessment_lines,
    entry_url,
    scores_of,
    self_notice,
    shown_value,
    stage_label,
)
from .assessments import entry_page

# Evidence --------------------------------------------------------------------------------


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    assessment = get_own_assessment_for_user(request.user, pk)
    score = assessment.scores.filter(
        criterion_id=criterion_pk, criterion__criteria_set_id=assessment.criteria_set_id
    ).first()
    if score is None:
        raise Http404
    if not assessment.member_can_edit():
        messages.error(request, self_notice(assessment))
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
        return redirect(entry_url(assessment, criterion_pk))
    errors = [error for errors in form.errors.values() for error in errors]
    lines = assessment_lines(assessment)
    explaining = assessment.status == Status.RETURNED
    entry_form = EntryForm(
        None,
        scores=scores_of(lines),
        stage="explained" if explaining else "self",
        revision=assessment.revision,
    )
    return entry_page(request, assessment, lines, entry_form, {score.criterion_id: errors})


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    return file_response(get_evidence_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first: the file cannot be brought back, and a criterion that requires evidence
    is left without any. Once submitted, such a criterion's last file is not deleted: the
    page says why, without a button."""
    evidence = get_evidence_for_user(request.user, pk)
    assessment = get_own_assessment_for_user(request.user, evidence.score.assessment_id)
    if not assessment.member_can_edit():
        messages.error(request, self_notice(assessment))
        return redirect(assessment)
    form = confirm_form(request)

    def delete() -> Evidence:
        services.evidence_delete(evidence=evidence, by=request.user)
        return evidence

    return form_step(
        request,
        form,
        delete,
        done=_("“%(name)s” has been deleted.") % {"name": evidence.original_name},
        then=entry_url(assessment, evidence.score.criterion_id),
        refused=lambda: _delete_page(request, assessment, evidence, form),
    )


def _delete_page(
    request: HttpRequest, assessment: Assessment, evidence: Evidence, form: ConfirmForm
) -> HttpResponse:
    criterion = evidence.score.criterion
    consequences = [
        _("“%(name)s” is deleted from criterion %(code)s; it cannot be brought back.")
        % {"name": evidence.original_name, "code": criterion.code}
    ]
    if criterion.evidence_required and evidence.score.evidence.count() == 1:
        consequences.append(
            _(
                "Criterion %(code)s requires evidence: the assessment cannot be sent without "
                "another file."
            )
            % {"code": criterion.code}
        )
    consequences.append(_("Save the scores you typed first: leaving the page loses them."))
    return confirm_page(
        request,
        title=_("Delete an evidence file"),
        form=form,
        back_url=entry_url(assessment, criterion.pk),
        back_label=str(assessment),
        button=_("Delete"),
        consequences=consequences,
        refusal=evidence.deletion_refusal(),
    )


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
            formats.localize(typed_number(value))
            if name == "target"
            else shown_value(criterion, value)
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
            (stage_label(stage), shown_value(criterion, getattr(score, f"{stage}_value")))
            for stage in SCORE_STAGES
        ],
        "happenings": happenings,
    }
    return render(request, "scoring/score_history.html", context)
