"""Who may see and act on the register's documents, the agencies' certificates and the term
reports: the one way the reports' views fetch them from user input (404 for what the user may
not see, 403 for what they may see but not change)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clusters.access import (
    administered_years,
    get_agency_for_user,
    get_year_for_user,
    int_or_404,
    is_ministry,
    visible_years,
)
from clusters.models import Agency, ClusterYear
from scoring.access import get_period
from scoring.models import periods

from .models import IssuedDocument


def _cluster_years(queryset, document: IssuedDocument):
    return queryset.filter(cluster_id=document.cluster_id, year=document.year)


def get_issued_document_for_user(user, pk, *, write: bool = False) -> IssuedDocument:
    """A cluster's document: whoever sees its year reads it, its secretariat signs it. An
    agency's document: its staff, and the ministry reads it."""
    if not user.is_authenticated:
        raise Http404
    document = (
        IssuedDocument.objects.select_related("cluster", "agency")
        .defer("pdf")
        .filter(pk=int_or_404(pk))
        .first()
    )
    if document is None:
        raise Http404
    if document.cluster_id:
        if not _cluster_years(visible_years(user), document).exists():
            raise Http404
        if write and not _cluster_years(administered_years(user), document).exists():
            raise PermissionDenied
        return document
    own = user.agency_id == document.agency_id
    if not (own or is_ministry(user)):
        raise Http404
    if write and not (own or user.is_superuser):
        raise PermissionDenied
    return document


def get_term_report_year_for_user(user, pk, period: str | None) -> tuple[ClusterYear, str]:
    """The year whose report on `period` (as the query names it) the user writes and issues,
    as its secretariat, and the period: 404 for one the year does not score."""
    cluster_year = get_year_for_user(user, pk, write=True)
    period = get_period(period)
    if period not in dict(periods(cluster_year)):
        raise Http404
    return cluster_year, period


def get_certificate_agency_for_user(user, pk) -> Agency:
    """An agency's signing certificate is kept by its own staff (and the administrators)."""
    agency = get_agency_for_user(user, pk)
    if not (user.is_superuser or user.agency_id == agency.pk):
        raise PermissionDenied
    return agency


def get_register_agency_for_user(user, pk, *, write: bool = False) -> Agency:
    """An agency's own register (sổ văn bản đi): its staff read and keep it, the ministry
    reads it (as the agency's documents: get_issued_document_for_user)."""
    if not user.is_authenticated:
        raise Http404
    agency = Agency.objects.filter(pk=int_or_404(pk)).first()
    if agency is None:
        raise Http404
    own = user.agency_id == agency.pk
    if not (own or is_ministry(user)):
        raise Http404
    if write and not (own or user.is_superuser):
        raise PermissionDenied
    return agency


def may_keep_agency_register(user, agency: Agency) -> bool:
    return user.is_superuser or user.agency_id == agency.pk
