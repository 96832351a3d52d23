"""Forms of the peer vote: the ballot, proposals, the tally, a member's vote."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Membership

from ..models import (
    AwardType,
    Ballot,
)
from ..services import Tally


class BallotCreateForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the members vote"), choices=Ballot.Method.choices, widget=forms.RadioSelect
    )


class ProposalForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Unit"), queryset=Membership.objects.none())
    award_type = forms.ModelChoiceField(
        label=_("Award"), queryset=AwardType.objects.filter(active=True)
    )

    def __init__(self, *args, cluster_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = cluster_year.memberships.current().select_related(
            "agency"
        )


class TallyForm(forms.Form):
    """The counted paper ballot: members present, and for, against and abstain per proposal."""

    present = forms.IntegerField(label=_("Members present at the vote"), min_value=0)

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        labels = {"for": _("For"), "against": _("Against"), "abstain": _("Abstain")}
        for proposal in self.proposals:
            for choice, label in labels.items():
                self.fields[f"{choice}_{proposal.pk}"] = forms.IntegerField(
                    label=f"{label} — {proposal}", min_value=0, initial=0
                )

    def tallies(self) -> dict[int, Tally]:
        data = self.cleaned_data
        return {
            p.pk: Tally(
                present=data["present"],
                votes_for=data[f"for_{p.pk}"],
                votes_against=data[f"against_{p.pk}"],
                votes_abstain=data[f"abstain_{p.pk}"],
            )
            for p in self.proposals
        }


class VoteForm(forms.Form):
    """One member's secret ballot: for, against or abstain on every proposal."""

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for proposal in self.proposals:
            self.fields[f"vote_{proposal.pk}"] = forms.ChoiceField(
                label=str(proposal),
                choices=[("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain"))],
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"vote_{p.pk}"] for p in self.proposals}
