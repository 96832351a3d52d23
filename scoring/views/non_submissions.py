"""A member that did not submit: the secretariat records it after the deadline (asking
first, with the reason), and takes it back until the ranking is published."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusters.models import ClusterYear
from emulation.confirm import ReasonConfirmForm, confirm_page
from emulation.service_forms import submit

from .. import services, undo
from ..access import get_membership_to_record_for_user, get_non_submission_for_user, get_period


class NonSubmissionForm(ReasonConfirmForm):
    """The reason is told to the member, and kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Say why the member is recorded as not having submitted."
        )


def _list_url(cluster_year: ClusterYear, period: str) -> str:
    return reverse("scoring:assessment_list", args=[cluster_year.pk]) + f"?period={period}"


@login_required
@require_http_methods(["GET", "POST"])
def non_submission_record(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    period = get_period(request.POST.get("period") or request.GET.get("period"))
    membership = get_membership_to_record_for_user(request.user, pk, membership_pk)
    cluster_year = membership.cluster_year
    form = NonSubmissionForm(request.POST) if request.method == "POST" else NonSubmissionForm()
    recorded = submit(
        request,
        form,
        lambda: services.non_submission_record(
            membership=membership,
            period=period,
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
    )
    if recorded is not None:
        messages.success(
            request,
            _("%(agency)s is recorded as not having submitted.")
            % {"agency": membership.agency.short_name},
        )
        return redirect(_list_url(cluster_year, period))
    agency = membership.agency.short_name
    return confirm_page(
        request,
        title=_("Record that %(agency)s did not submit") % {"agency": agency},
        form=form,
        back_url=_list_url(cluster_year, period),
        back_label=_("Self-assessments"),
        button=_("Record “did not submit”"),
        consequences=[
            _(
                "The ranking lists %(agency)s last, without a rank or a classification; its "
                "scores, if any, count for nothing, and the publication no longer waits for it."
            )
            % {"agency": agency},
            _("The reason is kept in the change log and sent to the staff of %(agency)s.")
            % {"agency": agency},
            _("It can be withdrawn, with a reason, until the ranking is published."),
        ],
        refusal=services.non_submission_refusal(membership, period),
    )


@login_required
@require_http_methods(["GET", "POST"])
def non_submission_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_non_submission_for_user(request.user, pk)
    cluster_year = record.membership.cluster_year
    form = ReasonConfirmForm(request.POST) if request.method == "POST" else ReasonConfirmForm()
    withdrawn = submit(
        request,
        form,
        lambda: undo.non_submission_withdraw(
            record=record, reason=form.cleaned_data["reason"], by=request.user
        ),
    )
    if withdrawn is not None:
        messages.success(request, _("The record has been withdrawn."))
        return redirect(_list_url(cluster_year, record.period))
    agency = record.membership.agency.short_name
    return confirm_page(
        request,
        title=_("Withdraw the record that %(agency)s did not submit") % {"agency": agency},
        form=form,
        back_url=_list_url(cluster_year, record.period),
        back_label=_("Self-assessments"),
        button=_("Withdraw the record"),
        consequences=[
            _(
                "The ranking waits for %(agency)s again; to let it submit, reopen its "
                "self-assessment with a new deadline."
            )
            % {"agency": agency},
            _("The reason is kept in the change log and sent to the staff of %(agency)s.")
            % {"agency": agency},
        ],
        refusal=undo.non_submission_withdraw_refusal(record),
    )
