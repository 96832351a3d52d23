"""Accounts pages: an agency's staff, invitations, the invited person's first visit, and one's
own settings. decorators → access helper → form → service → redirect or render."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clusters.models import Invitation
from emulation.service_forms import form_status, render_form, run_step, submit

from . import services, two_factor
from .access import (
    can_invite,
    can_manage_staff,
    can_name_admins,
    get_invitation_agency_for_user,
    get_invitation_for_user,
    get_staff_agency_for_user,
    get_staff_member_for_user,
)
from .forms import InvitationAcceptForm, InvitationForm, ProfileForm, TokenForm


@login_required
def staff_list(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_staff_agency_for_user(request.user, pk)
    can_manage = can_manage_staff(request.user, agency)
    context = {
        "agency": agency,
        "staff": agency.staff.order_by("-is_active", "full_name", "username"),
        "invitations": (
            agency.invitations.pending(timezone.now()).select_related("invited_by")
            if can_manage
            else []
        ),
        "can_manage": can_manage,
        "can_invite": can_invite(request.user, agency),
    }
    return render(request, "accounts/staff_list.html", context)


@login_required
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_invitation_agency_for_user(request.user, pk)
    may_name_admin = can_name_admins(request.user, agency)
    form = InvitationForm(request.POST or None, may_name_admin=may_name_admin)
    invitation = submit(
        request,
        form,
        lambda: services.invitation_send(
            agency=agency,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            job_title=form.cleaned_data["job_title"],
            as_agency_admin=form.cleaned_data.get("as_agency_admin", False),
            by=request.user,
        ),
    )
    if invitation is not None:
        messages.success(
            request,
            _("The invitation has been sent to %(email)s; the link works for 72 hours.")
            % {"email": invitation.email},
        )
        if can_manage_staff(request.user, agency):
            return redirect("accounts:staff_list", pk=agency.pk)
        return redirect(agency)
    title = _("Invite a person to %(agency)s") % {"agency": agency.short_name}
    intro = _(
        "The person receives an e-mail with a link, valid for 72 hours and usable once, where "
        "they choose their user name and password."
    )
    return render_form(request, form, title, back=agency, intro=intro)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    invitation = get_invitation_for_user(request.user, pk, invitation_pk)
    run_step(
        request,
        lambda: services.invitation_cancel(invitation=invitation, by=request.user),
        _("The invitation has been withdrawn."),
    )
    return redirect("accounts:staff_list", pk=pk)


def _staff_step(request: HttpRequest, pk: int, user_pk: int, step, done: str) -> HttpResponse:
    """The service `step(person=…, by=…)` on one of the agency's staff, then back to the
    staff list; `done` is the message, naming the person as %(name)s."""
    person = get_staff_member_for_user(request.user, pk, user_pk)
    run_step(
        request,
        lambda: step(person=person, by=request.user),
        done % {"name": person.get_full_name()},
    )
    return redirect("accounts:staff_list", pk=pk)


@login_required
@require_POST
def staff_deactivate(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    done = _("%(name)s can no longer sign in.")
    return _staff_step(request, pk, user_pk, services.staff_deactivate, done)


@login_required
@require_POST
def staff_reactivate(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    done = _("%(name)s can sign in again.")
    return _staff_step(request, pk, user_pk, services.staff_reactivate, done)


@login_required
@require_POST
def staff_admin(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    is_admin = request.POST.get("admin") == "1"
    done = (
        _("%(name)s is now an administrator of the agency.")
        if is_admin
        else _("%(name)s is no longer an administrator of the agency.")
    )
    step = partial(services.staff_set_admin, is_admin=is_admin)
    return _staff_step(request, pk, user_pk, step, done)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the e-mail: open to anyone holding it, once, for 72 hours."""
    invitation = (
        Invitation.objects.select_related("agency")
        .filter(token_digest=services.token_digest(token))
        .first()
    )
    problem = services.invitation_problem(invitation, timezone.now())
    if problem:
        if invitation is not None:
            services.invitation_refused(invitation=invitation, reason=problem)
        status = 404 if invitation is None else 410
        return render(
            request, "accounts/invitation_invalid.html", {"problem": problem}, status=status
        )
    form = InvitationAcceptForm(request.POST or None, invitation=invitation)
    person = submit(
        request,
        form,
        lambda: services.invitation_accept(
            invitation=invitation,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
        ),
    )
    if person is not None:
        login(request, person, backend="clusters.accounts.backends.UserBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("dashboard")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/invitation_accept.html", context, status=form_status(form))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "full_name": person.full_name,
            "job_title": person.job_title,
            "notification_mail": person.notification_mail,
        },
    )
    saved = submit(
        request,
        form,
        lambda: services.profile_update(person=person, by=person, **form.cleaned_data),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "title": _("My account"),
        "has_two_factor": two_factor.device_of(person) is not None,
        "two_factor_required": two_factor.is_required(person),
    }
    return render(request, "accounts/profile.html", context, status=form_status(form))


# Two-factor sign-in ------------------------------------------------------------------------


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code asked after the password, of whoever has turned two-factor sign-in on."""
    device = two_factor.device_of(request.user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    wait = two_factor.wait_seconds(device) if form.is_bound else None
    if wait is not None:
        # django-otp refuses any code until the delay is over: the code was not wrong.
        form.is_valid()
        form.add_error(
            None,
            ngettext(
                "Too many wrong codes: wait %(seconds)s second, then type the code again.",
                "Too many wrong codes: wait %(seconds)s seconds, then type the code again.",
                wait,
            )
            % {"seconds": wait},
        )
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            two_factor.settle(request, device)
            return redirect("dashboard")
        failures = request.session.get(two_factor.FAILURES, 0) + 1
        request.session[two_factor.FAILURES] = failures
        if failures >= two_factor.MAX_FAILURES:
            person = request.user
            two_factor.record(person, f"{failures} wrong codes: signed out")
            logout(request)
            messages.error(
                request,
                _(
                    "%(count)s wrong codes in a row: you have been signed out. Check your "
                    "phone's clock and sign in again."
                )
                % {"count": failures},
            )
            return redirect("login")
        form.add_error(
            "token",
            _("This code is not right (attempt %(count)s of %(max)s).")
            % {"count": failures, "max": two_factor.MAX_FAILURES},
        )
    context = {"form": form, "title": _("Two-factor sign-in")}
    return render(request, "accounts/two_factor_verify.html", context, status=form_status(form))


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on: scan the code, type the first code the app shows."""
    if request.session.get(two_factor.PENDING) == two_factor.VERIFY:
        return redirect("accounts:two_factor_verify")
    device = two_factor.device_of(request.user, confirmed=False)
    if device is None or request.method == "GET":
        device = two_factor.device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.device_confirm(device=device, token=form.cleaned_data["token"]):
            two_factor.settle(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("accounts:profile")
        form.add_error("token", _("This code is not right: type the code the app shows now."))
    context = {
        "form": form,
        "title": _("Turn on two-factor sign-in"),
        "qr": two_factor.qr_data_uri(device),
        "secret": two_factor.secret_text(device),
        "required": two_factor.is_required(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=form_status(form))


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if two_factor.is_required(request.user):
        messages.error(request, _("Your role requires two-factor sign-in: it stays on."))
    else:
        two_factor.devices_remove(user=request.user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:profile")
