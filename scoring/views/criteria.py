"""The criteria of a cluster year: the tree and its versions, edits, and the spreadsheet.

Everyone who sees the year reads its criteria; the year's secretariat keeps them. Once someone
has scored against the current version, every change makes a new version (the services decide);
only the current version can be changed.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters.access import get_year_for_user, is_ministry
from clusters.models import ClusterYear
from emulation.service_forms import render_form, run_step, submit

from .. import criteria_tree, services, spreadsheets
from ..access import get_criterion_for_user
from ..forms import CriteriaImportForm, CriterionForm
from ..models import Assessment, CriteriaSet, Criterion
from ..spreadsheets import XLSX_CONTENT_TYPE, criteria_workbook, parse_criteria

Kind = Criterion.Kind
# Bonuses and deductions sit outside the maximum: they do not count towards a group's total.
OUTSIDE_MAXIMUM = (Kind.BONUS, Kind.DEDUCTION)


def _criteria_url(cluster_year: ClusterYear) -> str:
    return reverse("scoring:criteria", args=[cluster_year.pk])


def _shown_set(request: HttpRequest, sets: list[CriteriaSet]) -> CriteriaSet | None:
    """The version asked for in ?version=, else the current one (the last)."""
    asked = request.GET.get("version")
    if not asked:
        return sets[-1] if sets else None
    shown = next((s for s in sets if str(s.version) == asked), None)
    if shown is None:
        raise Http404
    return shown


def _add_totals(criteria: list[Criterion]) -> dict[str, Decimal]:
    """Give each group `children_total` (its children's maxima, bonuses and deductions
    included) and `total_mismatch` where its own maximum, which caps its total, differs (a
    group of maximum 0 sets no cap); return the maximum of the whole set and the caps of its
    bonuses and deductions."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    summary = {"maximum": Decimal(0), "bonus": Decimal(0), "deduction": Decimal(0)}
    for criterion in criteria:
        if criterion.kind == Kind.BONUS:
            summary["bonus"] += criterion.max_points
        elif criterion.kind == Kind.DEDUCTION:
            summary["deduction"] += criterion.max_points
        elif not criterion.parent_id:
            summary["maximum"] += criterion.max_points
        if criterion.parent_id:
            totals[criterion.parent_id] += criterion.max_points
    for criterion in criteria:
        if criterion.is_group:
            criterion.children_total = totals[criterion.pk]
            criterion.total_mismatch = bool(criterion.max_points) and (
                criterion.children_total != criterion.max_points
            )
    return summary


@login_required
def criteria_list(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk)
    can_write = cluster_year.runs
    sets = list(cluster_year.criteria_sets.select_related("created_by").order_by("version"))
    current = sets[-1] if sets else None
    shown = _shown_set(request, sets)
    criteria = list(shown.criteria.order_by("position")) if shown else []
    summary = _add_totals(criteria)

    sees_versions = can_write or is_ministry(request.user)
    if sees_versions and len(sets) > 1:
        on_version = defaultdict(list)
        for assessment in (
            Assessment.objects.filter(criteria_set__cluster_year=cluster_year)
            .select_related("membership__agency")
            .order_by("membership__agency__short_name")
        ):
            on_version[assessment.criteria_set_id].append(assessment)
        for criteria_set in sets:
            criteria_set.assessment_list = on_version[criteria_set.pk]

    previous_year = None
    if can_write and current is None:
        previous_year = (
            ClusterYear.objects.filter(
                cluster_id=cluster_year.cluster_id, year__lt=cluster_year.year
            )
            .annotate(has_criteria=Exists(CriteriaSet.objects.filter(cluster_year=OuterRef("pk"))))
            .order_by("-year")
            .first()
        )
    context = {
        "cluster_year": cluster_year,
        "sets": sets,
        "current": current,
        "shown": shown,
        "is_current": shown is not None and shown == current,
        "criteria": criteria,
        "summary": summary,
        "mismatches": sum(1 for c in criteria if getattr(c, "total_mismatch", False)),
        "can_write": can_write,
        "sees_versions": sees_versions,
        "scoring_started": can_write and current is not None and current.scoring_started(),
        "previous_year": previous_year,
    }
    return render(request, "scoring/criteria_list.html", context)


def _version_notice(cluster_year: ClusterYear) -> str:
    """What saving will do, shown above a form that changes the criteria."""
    current = cluster_year.criteria_sets.current()
    if current is None or not current.scoring_started():
        return ""
    return _(
        "Scoring has started on version %(version)s: saving makes version %(next)s. The "
        "assessments stay on version %(version)s until the secretariat carries them over."
    ) % {"version": current.version, "next": current.version + 1}


def _saved(request: HttpRequest, before: CriteriaSet | None, after: CriteriaSet) -> None:
    if before is not None and after.version != before.version:
        messages.success(
            request,
            _(
                "Saved as version %(version)s. Assessments on version %(old)s stay on it until "
                "you carry them over."
            )
            % {"version": after.version, "old": before.version},
        )
    else:
        messages.success(request, _("The criteria have been saved."))


def _criteria_form(
    request: HttpRequest, form, action, cluster_year: ClusterYear, /, *, before, title, **extra
) -> HttpResponse:
    """A form that changes the criteria of `cluster_year`, handed to the service `action`:
    saved, the message says which version it made and the criteria are shown; else the form
    again, with what saving will do (`extra` is the page's context)."""
    saved = submit(request, form, action)
    if saved is None:
        intro = _version_notice(cluster_year)
        return render_form(request, form, title, intro=intro, **extra)
    _saved(request, before, saved)
    return redirect(_criteria_url(cluster_year))


def _next_code(cluster_year: ClusterYear, parent: str) -> str:
    """The code after the last one under `parent` (“” for the top level): 1.3 after 1.2."""
    codes = [
        row.code
        for row in criteria_tree.criteria_rows(cluster_year.criteria_sets.current())
        if criteria_tree.parent_code(row.code) == parent
    ]
    prefix = f"{parent}." if parent else ""
    last = codes[-1].rsplit(".", 1)[-1] if codes else "0"
    if last.isdigit():
        return f"{prefix}{int(last) + 1}"
    if len(last) == 1 and last.isalpha() and last.lower() != "z":
        return f"{prefix}{chr(ord(last) + 1)}"
    return prefix


@login_required
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    before = cluster_year.criteria_sets.current()
    parent = request.GET.get("parent", "").strip()
    form = CriterionForm(
        request.POST or None,
        initial={"code": _next_code(cluster_year, parent), "kind": Kind.POINTS},
    )
    return _criteria_form(
        request,
        form,
        lambda: services.criterion_add(
            cluster_year=cluster_year, data=form.criterion_data(), by=request.user
        ),
        cluster_year,
        before=before,
        title=_("New criterion, %(year)s") % {"year": cluster_year},
        back=before or cluster_year,
    )


@login_required
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request.user, pk, write=True)
    before = criterion.criteria_set
    cluster_year = before.cluster_year
    form = CriterionForm(request.POST or None, initial=CriterionForm.initial_for(criterion))
    return _criteria_form(
        request,
        form,
        lambda: services.criterion_update(
            criterion=criterion, data=form.criterion_data(), by=request.user
        ),
        cluster_year,
        before=before,
        title=_("Criterion %(code)s") % {"code": criterion.code},
        back=before,
    )


@login_required
@require_POST
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request.user, pk, write=True)
    before = criterion.criteria_set
    try:
        saved = services.criterion_delete(criterion=criterion, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _saved(request, before, saved)
    return redirect(_criteria_url(before.cluster_year))


@login_required
@require_POST
def criteria_copy(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    run_step(
        request,
        lambda: services.criteria_copy_from_previous(cluster_year=cluster_year, by=request.user),
        _("Last year's criteria have been copied: review them."),
    )
    return redirect(_criteria_url(cluster_year))


@login_required
def criteria_import(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    before = cluster_year.criteria_sets.current()
    form = CriteriaImportForm(request.POST or None, request.FILES or None)
    problems = []

    def import_rows() -> CriteriaSet:
        rows, found = parse_criteria(form.cleaned_data["file"])
        if found:
            problems.extend(found)
            raise ValidationError(
                _("Nothing was imported: correct the cells listed and upload the file again.")
            )
        return services.criteria_replace(
            cluster_year=cluster_year,
            rows=rows,
            by=request.user,
            note=form.cleaned_data["note"].strip(),
        )

    return _criteria_form(
        request,
        form,
        import_rows,
        cluster_year,
        before=before,
        title=_("Import criteria, %(year)s") % {"year": cluster_year},
        back=before or cluster_year,
        template="scoring/criteria_import.html",
        cluster_year=cluster_year,
        current=before,
        problems=problems,
    )


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def criteria_export(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk)
    shown = _shown_set(request, list(cluster_year.criteria_sets.order_by("version")))
    cluster = cluster_year.cluster
    name = slugify(f"tieu chi {cluster.kind} {cluster.number or cluster.pk} {cluster_year.year}")
    if shown:
        name += f"-v{shown.version}"
    return _xlsx(criteria_workbook(criteria_tree.criteria_rows(shown)), f"{name}.xlsx")


@login_required
def criteria_template(request: HttpRequest) -> HttpResponse:
    return _xlsx(spreadsheets.criteria_template(), "mau-tieu-chi-cham-diem.xlsx")
