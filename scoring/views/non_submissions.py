"""A member that did not submit: the secretariat records it after the deadline (asking
first, with the reason), and takes it back until the ranking is published."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusters.models import ClusterYear, Membership
from emulation.confirm import ReasonConfirmForm, confirm_form, confirm_page
from emulation.service_forms import form_step

from .. import services, undo
from ..access import get_membership_to_record_for_user, get_non_submission_for_user, get_period
from ..models import NonSubmission


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
    form = confirm_form(request, NonSubmissionForm)
    return form_step(
        request,
        form,
        lambda: services.non_submission_record(
            membership=membership,
            period=period,
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        done=_("%(agency)s is recorded as not having submitted.")
        % {"agency": membership.agency.short_name},
        then=_list_url(membership.cluster_year, period),
        refused=lambda: _record_page(request, membership, period, form),
    )


def _record_page(
    request: HttpRequest, membership: Membership, period: str, form: NonSubmissionForm
) -> HttpResponse:
    agency = membership.agency.short_name
    return confirm_page(
        request,
        title=_("Record that %(agency)s did not submit") % {"agency": agency},
        form=form,
        back_url=_list_url(membership.cluster_year, period),
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
    form = confirm_form(request, ReasonConfirmForm)
    return form_step(
        request,
        form,
        lambda: undo.non_submission_withdraw(
            record=record, reason=form.cleaned_data["reason"], by=request.user
        ),
        done=_("The record has been withdrawn."),
        then=_list_url(record.membership.cluster_year, record.period),
        refused=lambda: _withdraw_page(request, record, form),
    )


def _withdraw_page(
    request: HttpRequest, record: NonSubmission, form: ReasonConfirmForm
) -> HttpResponse:
    agency = record.membership.agency.short_name
    return confirm_page(
        request,
        title=_("Withdraw the record that %(agency)s did not submit") % {"agency": agency},
        form=form,
        back_url=_list_url(record.membership.cluster_year, record.period),
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
