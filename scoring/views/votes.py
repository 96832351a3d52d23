"""The peer vote (bình xét) of a year-end conference: proposals, the paper tally or the online
secret ballot, and the results once it has closed.

Before closing, nobody sees a count: the page shows the turnout (how many members have voted,
as the receipts say; the secretariat also sees which members have not, to remind them) and
nothing else. An online vote moves counters only.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusters.access import can_administer_year, get_conference_for_user, is_ministry
from clusters.models import Conference
from emulation.confirm import ConfirmForm, ReasonConfirmForm, confirm_form, confirm_page
from emulation.service_forms import form_status, form_step, run_step

from .. import services, undo
from ..access import get_ballot_for_user, get_proposal_for_user, voting_membership
from ..forms import BallotCreateForm, ProposalForm, TallyForm, VoteForm
from ..models import Ballot, BallotReceipt
from ..secrecy import close_refusal, not_voted


def _ballot_page(request: HttpRequest, conference: Conference, **forms) -> HttpResponse:
    cluster_year = conference.cluster_year
    can_run = can_administer_year(request.user, cluster_year)
    ballot = Ballot.objects.filter(conference=conference).first()
    context = {"conference": conference, "cluster_year": cluster_year, "ballot": ballot}
    context["can_run"] = can_run
    status = form_status(*forms.values())
    if ballot is None:
        if can_run and conference.kind == Conference.Kind.YEAR_END:
            context["create_form"] = forms.get("create_form") or BallotCreateForm()
        return render(request, "scoring/ballot.html", context, status=status)
    ballot.conference = conference
    proposals = ballot.proposals_in_order()
    context["proposals"] = proposals
    preparing = ballot.state == Ballot.State.PREPARING
    if preparing and can_run:
        context["proposal_form"] = forms.get("proposal_form") or ProposalForm(
            cluster_year=cluster_year
        )
        if ballot.method == Ballot.Method.PAPER and proposals:
            context["tally_form"] = forms.get("tally_form") or TallyForm(proposals=proposals)
    if ballot.state == Ballot.State.OPEN:
        voter = voting_membership(request.user, cluster_year)
        voted = BallotReceipt.objects.filter(ballot=ballot).values_list("membership_id", flat=True)
        voted = set(voted)
        context["turnout"] = len(voted)
        if can_run:
            context["not_voted"] = not_voted(ballot)
            context["turnout_needed"] = ballot.turnout_needed()
        context["voter"] = voter
        if voter is not None and voter.pk not in voted:
            context["vote_form"] = forms.get("vote_form") or VoteForm(proposals=proposals)
    context["sees_nominations"] = can_run or is_ministry(request.user)
    return render(request, "scoring/ballot.html", context, status=status)


@login_required
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    return _ballot_page(request, get_conference_for_user(request.user, pk))


@login_required
@require_POST
def ballot_create(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    form = BallotCreateForm(request.POST)
    return form_step(
        request,
        form,
        lambda: services.ballot_create(
            conference=conference, method=form.cleaned_data["method"], by=request.user
        ),
        done=_("Now add the proposals."),
        refused=lambda: _ballot_page(request, conference, create_form=form),
    )


@login_required
@require_POST
def proposal_add(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk, write=True)
    form = ProposalForm(request.POST, cluster_year=ballot.conference.cluster_year)
    return form_step(
        request,
        form,
        lambda: services.proposal_add(ballot=ballot, by=request.user, **form.cleaned_data),
        done=_("The proposal has been added."),
        then=ballot,
        refused=lambda: _ballot_page(request, ballot.conference, proposal_form=form),
    )


@login_required
@require_POST
def proposal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, write=True)
    run_step(
        request,
        lambda: services.proposal_remove(proposal=proposal, by=request.user),
        _("The proposal has been removed."),
    )
    return redirect(proposal.ballot)


@login_required
@require_POST
def ballot_open(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk, write=True)
    run_step(
        request,
        lambda: services.ballot_open(ballot=ballot, by=request.user),
        _("The vote is open."),
    )
    return redirect(ballot)


@login_required
@require_http_methods(["GET", "POST"])
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first: who has not voted, and that the results will show. Refused below the
    turnout that keeps every ballot secret (Ballot.turnout_needed)."""
    ballot = get_ballot_for_user(request.user, pk, write=True)
    form = confirm_form(request)
    return form_step(
        request,
        form,
        lambda: services.ballot_close(ballot=ballot, by=request.user),
        done=_("The vote is closed."),
        then=ballot,
        refused=lambda: _close_page(request, ballot, form),
    )


def _close_page(request: HttpRequest, ballot: Ballot, form: ConfirmForm) -> HttpResponse:
    turnout = ballot.receipts.count()
    refusal = _("The vote is not open.") if ballot.state != Ballot.State.OPEN else ""
    missing = [m.agency.short_name for m in not_voted(ballot)]
    consequences = [
        _(
            "The vote closes with %(turnout)s of %(electorate)s members having voted; nobody "
            "can vote after that."
        )
        % {"turnout": turnout, "electorate": ballot.electorate}
    ]
    if missing:
        consequences.append(
            _("Have not voted and will not be able to: %(agencies)s.")
            % {"agencies": ", ".join(missing)}
        )
    consequences += [
        _("The counts and the result of every proposal are shown to whoever sees the vote."),
        _("It can be reopened, with a reason, only until a nomination is prepared from it."),
    ]
    return confirm_page(
        request,
        title=_("Close the vote"),
        form=form,
        back_url=ballot.get_absolute_url(),
        back_label=str(ballot),
        button=_("Close the vote"),
        consequences=consequences,
        refusal=refusal or close_refusal(ballot, turnout),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Takes a closed vote back, with a reason, until a nomination is prepared from it."""
    ballot = get_ballot_for_user(request.user, pk, write=True)
    form = confirm_form(request, ReasonConfirmForm)
    return form_step(
        request,
        form,
        lambda: undo.ballot_reopen(
            ballot=ballot, reason=form.cleaned_data["reason"], by=request.user
        ),
        done=_("The vote has been reopened."),
        then=ballot,
        refused=lambda: _reopen_page(request, ballot, form),
    )


def _reopen_page(request: HttpRequest, ballot: Ballot, form: ReasonConfirmForm) -> HttpResponse:
    if ballot.method == Ballot.Method.ONLINE:
        consequences = [
            _(
                "The vote opens again: the votes already cast stay counted and the members "
                "that have not voted can vote. The results are hidden until it closes again."
            )
        ]
    else:
        consequences = [
            _("The vote goes back to its proposals: the tally has to be entered again.")
        ]
    consequences.append(
        _("The reason is kept in the change log and sent to the staff of every member.")
    )
    return confirm_page(
        request,
        title=_("Reopen the vote"),
        form=form,
        back_url=ballot.get_absolute_url(),
        back_label=str(ballot),
        button=_("Reopen the vote"),
        consequences=consequences,
        refusal=undo.ballot_reopen_refusal(ballot),
    )


@login_required
@require_POST
def ballot_tally(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk, write=True)
    form = TallyForm(request.POST, proposals=ballot.proposals_in_order())
    return form_step(
        request,
        form,
        lambda: services.ballot_record_tally(
            ballot=ballot, tallies=form.tallies(), by=request.user
        ),
        done=_("The tally has been recorded and the vote closed."),
        then=ballot,
        refused=lambda: _ballot_page(request, ballot.conference, tally_form=form),
    )


@login_required
@require_POST
def ballot_cast(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk)
    voter = voting_membership(request.user, ballot.conference.cluster_year)
    if voter is None:
        raise PermissionDenied(_("Only the member agencies of the year vote."))
    form = VoteForm(request.POST, proposals=ballot.proposals_in_order())
    return form_step(
        request,
        form,
        lambda: services.ballot_cast(
            ballot=ballot, membership=voter, choices=form.choices(), by=request.user
        ),
        done=_("Your agency's vote has been counted. It is secret."),
        then=ballot,
        refused=lambda: _ballot_page(request, ballot.conference, vote_form=form),
    )
