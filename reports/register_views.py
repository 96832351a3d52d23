"""The document register's pages: the register of a cluster's year and its workbook, issuing
the term report and the nomination dossier, the issued documents, signing them with the
agency's certificate, keeping that certificate, and the public verification page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters.access import get_conference_for_user, get_year_for_user
from clusters.models import Agency, ClusterYear, Covenant
from clusters.movements.access import get_movement_for_user
from emulation.downloads import download
from emulation.jobs import QueueUnavailable
from emulation.service_forms import render_form, run_step, submit
from scoring.access import can_see_ranking, get_nomination_for_user
from scoring.models import Nomination, periods
from scoring.spreadsheets import XLSX_CONTENT_TYPE

from . import bundle, documents, movement_issue, register, remote, signing, verification
from .access import (
    get_certificate_agency_for_user,
    get_issued_document_for_user,
    get_register_agency_for_user,
    get_term_report_year_for_user,
    may_keep_agency_register,
)
from .forms import CertificateForm, IssueForm, RegisterFilterForm, RemoteSignForm, VerifyForm
from .models import AgencyCertificate, DocumentKind, IssuedDocument
from .movement_plan import movement_plan
from .register_workbook import register_workbook

PDF = "application/pdf"
VERIFY_LIMIT = 20  # checks per address and hour
VERIFY_WINDOW = 3600


def _entries(form: RegisterFilterForm, *, year: int, cluster=None, agency=None):
    return form.filter(
        IssuedDocument.objects.of_issuer(cluster=cluster, agency=agency)
        .filter(year=year)
        .defer("pdf")
        .select_related("replaces")
        .prefetch_related("signatures")
    )


@login_required
def register_list(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk)
    form = RegisterFilterForm(request.GET or None)
    can_write = cluster_year.runs
    return render(
        request,
        "reports/register.html",
        {
            "back": cluster_year,
            "heading": cluster_year,
            "export_url": reverse("reports:register_export", args=[cluster_year.pk]),
            "filters": request.GET.urlencode(),
            "cluster_year": cluster_year,
            "form": form,
            "entries": _entries(form, year=cluster_year.year, cluster=cluster_year.cluster),
            "can_write": can_write,
            "periods": periods(cluster_year) if can_write else [],
            "nominations": (
                Nomination.objects.filter(membership__cluster_year=cluster_year)
                .select_related("membership__agency", "award_type")
                .order_by("award_type__position", "membership__agency__short_name")
                if can_write
                else []
            ),
        },
    )


@login_required
def register_export(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk)
    form = RegisterFilterForm(request.GET or None)
    entries = _entries(form, year=cluster_year.year, cluster=cluster_year.cluster)
    workbook, title = register_workbook(cluster_year.cluster.title, cluster_year.year, entries)
    return download(workbook, title=title, extension="xlsx", content_type=XLSX_CONTENT_TYPE)


def _agency_year(request: HttpRequest, agency: Agency) -> tuple[int, list[int]]:
    """The year of the agency's register asked for (`?year=`, else this year) and the years
    it can be read for (those it issued in, and this year)."""
    this_year = timezone.localdate().year
    years = set(
        IssuedDocument.objects.filter(agency=agency).values_list("year", flat=True).distinct()
    )
    years.add(this_year)
    year = request.GET.get("year", "")
    if not year:
        return this_year, sorted(years, reverse=True)
    if not year.isdigit() or int(year) not in years:
        raise Http404
    return int(year), sorted(years, reverse=True)


@login_required
def agency_register(request: HttpRequest, pk: int) -> HttpResponse:
    """An agency's own register (its plans and other documents it issues in its name): its
    staff and the ministry read it, by year, with the same filters and workbook as a
    cluster's."""
    agency = get_register_agency_for_user(request.user, pk)
    year, years = _agency_year(request, agency)
    form = RegisterFilterForm(request.GET or None)
    query = request.GET.copy()
    query.pop("year", None)
    return render(
        request,
        "reports/register.html",
        {
            "back": agency,
            "heading": f"{agency.name} · {year}",
            "export_url": reverse("reports:agency_register_export", args=[agency.pk])
            + f"?year={year}",
            "filters": query.urlencode(),
            "by_agency": True,
            "agency": agency,
            "year": year,
            "years": years,
            "form": form,
            "entries": _entries(form, year=year, agency=agency),
            "can_write": may_keep_agency_register(request.user, agency),
        },
    )


@login_required
def agency_register_export(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_register_agency_for_user(request.user, pk)
    year, _years = _agency_year(request, agency)
    form = RegisterFilterForm(request.GET or None)
    workbook, title = register_workbook(agency.name, year, _entries(form, year=year, agency=agency))
    return download(workbook, title=title, extension="xlsx", content_type=XLSX_CONTENT_TYPE)


def _issue(request: HttpRequest, cluster_year: ClusterYear, document, kind: str, back, done=None):
    """The issue form for one of the application's documents of the cluster: issued, it
    goes back to `done` (a page), else to the register."""
    return _issue_form(
        request,
        signers=register.signers(cluster_year),
        issue=lambda signer, issued_on: register.issue_rendered(
            document,
            cluster_year=cluster_year,
            kind=kind,
            signer=signer,
            issued_on=issued_on,
            by=request.user,
        ),
        collective=documents.issuer(cluster_year.cluster),
        head_position=register.head_position(),
        title=document.title,
        kind=kind,
        back=back,
        done=lambda issued: redirect(done or reverse("reports:register", args=[cluster_year.pk])),
    )


def _issue_form(
    request: HttpRequest,
    *,
    signers,
    issue,
    collective,
    head_position,
    title,
    kind,
    back,
    done,
    by_agency: bool = False,
):
    """The issue form: the signer, the capacity and the date; `issue(signer, issued_on)`
    issues. Issuing cannot be undone, the page says so and the button asks."""
    form = IssueForm(request.POST or None, signers=signers)
    issued = submit(
        request,
        form,
        lambda: issue(
            form.signer_chosen(collective=collective, head_position=head_position),
            form.cleaned_data["issued_on"],
        ),
    )
    if issued is not None:
        messages.success(
            request,
            _("Issued as %(number)s; the register keeps it as it is now.")
            % {"number": issued.number_symbol},
        )
        return done(issued)
    return render_form(
        request,
        form,
        _("Issue: %(title)s") % {"title": title},
        back=back,
        template="reports/issue.html",
        kind=DocumentKind(kind).label,
        signers=signers,
        by_agency=by_agency,
    )


@login_required
def term_report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year, period = get_term_report_year_for_user(
        request.user, pk, request.GET.get("period")
    )
    ranking = documents.term_ranking(cluster_year, period)
    document = documents.term_report(cluster_year, period, ranking)
    return _issue(request, cluster_year, document, DocumentKind.REPORT, back=cluster_year)


@login_required
def dossier_issue(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request.user, pk)
    cluster_year = get_year_for_user(
        request.user, nomination.membership.cluster_year_id, write=True
    )
    document = documents.dossier(nomination)
    return _issue(request, cluster_year, document, DocumentKind.PROPOSAL, back=nomination)


@login_required
def covenant_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issuing the year's covenant (GƯ), from its page, by the year's secretariat."""
    cluster_year = get_year_for_user(request.user, pk, write=True)
    covenant = Covenant.objects.filter(cluster_year=cluster_year).first()
    if covenant is None:
        raise Http404
    document = documents.covenant(covenant)
    return _issue(request, cluster_year, document, DocumentKind.COVENANT, covenant, covenant)


@login_required
def minutes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issuing a conference's minutes (BB), from its page, by the year's secretariat; the
    signer chosen signs as the chair."""
    conference = get_conference_for_user(request.user, pk, write=True)
    document = documents.minutes(conference)
    kind = DocumentKind.MINUTES
    return _issue(request, conference.cluster_year, document, kind, conference, conference)


@login_required
def movement_plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issuing the movement's plan: for whoever plans the movement (its year's secretariat, or
    the staff of the agency that launched it)."""
    movement = get_movement_for_user(request.user, pk, write=True)
    collective, head_position = movement_issue.collective_and_head(movement)
    return _issue_form(
        request,
        signers=movement_issue.signers(movement),
        issue=lambda signer, issued_on: movement_issue.movement_plan_issue(
            movement=movement, signer=signer, issued_on=issued_on, by=request.user
        ),
        collective=collective,
        head_position=head_position,
        title=movement_plan(movement).title,
        kind=DocumentKind.PLAN,
        back=movement,
        done=lambda issued: redirect(movement),
        by_agency=not movement.cluster_year_id,
    )


@login_required
def dossier_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier with its evidence appended: for whoever may download the dossier."""
    nomination = get_nomination_for_user(request.user, pk)
    if not can_see_ranking(request.user, nomination.membership.cluster_year):
        raise PermissionDenied(_("The ranking of this year has not been published yet."))
    content, _parts = bundle.dossier_bundle(nomination)
    title = _("Nomination dossier with evidence: %(nomination)s") % {"nomination": nomination}
    return download(content, title=title, extension="pdf", content_type=PDF)


@login_required
def year_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's archive, for its secretariat to hand over."""
    cluster_year = get_year_for_user(request.user, pk, write=True)
    content, _manifest = bundle.year_archive(cluster_year)
    title = f"Lưu trữ {cluster_year.cluster.title} năm {cluster_year.year}"
    return download(content, title=title, extension="zip", content_type="application/zip")


@login_required
def issued_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's latest file (signed, if it was); `?as_issued=1` the PDF as issued."""
    document = get_issued_document_for_user(request.user, pk)
    if request.GET.get("as_issued"):
        content = bytes(IssuedDocument.objects.values_list("pdf", flat=True).get(pk=document.pk))
    else:
        content = signing.current_pdf(document)
    title = f"{document.number_symbol.replace('/', '-')} {document.title}"
    return download(content, title=title, extension="pdf", content_type=PDF)


@login_required
def issued_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the signature with the agency's certificate (POST)."""
    document = get_issued_document_for_user(request.user, pk, write=True)
    agency = signing.signing_agency(document)
    certificate = AgencyCertificate.objects.filter(agency=agency).first() if agency else None
    return render(
        request,
        "reports/sign.html",
        {
            "document": document,
            "agency": agency,
            "certificate": certificate,
            "remote_form": RemoteSignForm() if settings.CSC_SERVICE_URL else None,
        },
    )


@require_POST
@login_required
def issued_sign_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_issued_document_for_user(request.user, pk, write=True)
    run_step(
        request,
        lambda: signing.document_sign_organisation(document=document, by=request.user),
        _("The document has been signed with the organisation's certificate."),
    )
    return redirect(_register_url(document))


@require_POST
@login_required
def issued_sign_remote(request: HttpRequest, pk: int) -> HttpResponse:
    """The signer's personal signature through the remote-signing service: the request is
    handed to a task, which waits for their approval on the provider's side and embeds the
    signature (reports/remote.py)."""
    document = get_issued_document_for_user(request.user, pk, write=True)
    if not settings.CSC_SERVICE_URL:
        raise Http404
    form = RemoteSignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give your credential at the remote-signing service."))
        return redirect("reports:issued_sign", document.pk)
    service = remote.RemoteService(
        url=settings.CSC_SERVICE_URL,
        credential_id=form.cleaned_data["credential_id"],
        token=settings.CSC_SERVICE_TOKEN,
        pin=form.cleaned_data["pin"],
    )
    try:
        remote.remote_sign_request(document=document, service=service, by=request.user)
    except QueueUnavailable as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:issued_sign", document.pk)
    messages.info(
        request,
        _(
            "Your request has been sent to the remote-signing service: approve it there. "
            "Your signature is added to the document when it arrives, and a notification "
            "tells you how it went."
        ),
    )
    return redirect(_register_url(document))


def _register_url(document: IssuedDocument) -> str:
    """The register the document is entered in: its cluster's year's, or its agency's."""
    if document.agency_id:
        return reverse("reports:agency_register", args=[document.agency_id]) + (
            f"?year={document.year}"
        )
    year = ClusterYear.objects.filter(cluster_id=document.cluster_id, year=document.year).first()
    if year is None:  # a cluster's document of a year since removed
        raise Http404
    return reverse("reports:register", args=[year.pk])


@login_required
def certificate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_certificate_agency_for_user(request.user, pk)
    current = AgencyCertificate.objects.filter(agency=agency).first()
    form = CertificateForm(request.POST or None, request.FILES or None)
    saved = submit(
        request,
        form,
        lambda: signing.certificate_install(
            agency=agency,
            pkcs12_file=form.cleaned_data["pkcs12_file"],
            password=form.cleaned_data["password"],
            by=request.user,
        ),
    )
    if saved is not None:
        messages.success(
            request,
            _("The signing certificate of %(agency)s has been saved: %(subject)s.")
            % {"agency": agency.name, "subject": saved.subject},
        )
        return redirect(agency)
    intro = _(
        "The agency's signing certificate (PKCS#12) signs the documents it issues, and those "
        "of the clusters it heads. Its password is kept encrypted."
    )
    if current is not None:
        intro += " " + _("Current certificate: %(subject)s, valid until %(date)s.") % {
            "subject": current.subject,
            "date": current.valid_until.strftime("%d/%m/%Y"),
        }
    return render_form(
        request,
        form,
        _("Signing certificate: %(agency)s") % {"agency": agency},
        agency,
        intro=intro,
    )


def _client_address(request: HttpRequest) -> str:
    """The address the throttle counts: the last one the trusted proxies saw."""
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _throttled(request: HttpRequest) -> bool:
    key = f"reports:verify:{_client_address(request)}"
    cache.add(key, 0, VERIFY_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, VERIFY_WINDOW)
        count = 1
    return count > VERIFY_LIMIT


def verify(request: HttpRequest) -> HttpResponse:
    """Anyone (no account) uploads a PDF and learns whether the application issued it,
    unchanged, and whether each signature is valid. Checks are limited per address."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    verdict = None
    status = 200
    if request.method == "POST":
        if _throttled(request):
            form.add_error(None, _("Too many checks from your address: try again in an hour."))
            status = 429
        elif form.is_valid():
            upload = form.cleaned_data["pdf"]
            try:
                if upload.size > verification.max_bytes():
                    raise ValidationError(
                        _("The file is too large (at most %(size)s MB).")
                        % {"size": verification.max_bytes() // (1024 * 1024)}
                    )
                verdict = verification.verify(upload.read())
            except ValidationError as error:
                form.add_error("pdf", error)
        if form.errors and status == 200:
            status = 400
    return render(request, "reports/verify.html", {"form": form, "verdict": verdict}, status=status)
