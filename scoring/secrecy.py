"""Ballot secrecy by design: an online vote shows its counters only once enough members have
voted that no single ballot can be read from them (Ballot.turnout_needed)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from clusters.models import Membership

from .models import Ballot, BallotReceipt


def not_voted(ballot: Ballot) -> QuerySet[Membership]:
    """The members entitled to vote that have not voted yet, by name."""
    voted = BallotReceipt.objects.filter(ballot=ballot).values("membership_id")
    return (
        ballot.voters()
        .exclude(pk__in=voted)
        .select_related("agency")
        .order_by("agency__short_name")
    )


def close_refusal(ballot: Ballot, turnout: int) -> str:
    """Why the vote cannot close at this turnout, or ""."""
    needed = ballot.turnout_needed()
    if turnout >= needed:
        return ""
    return _(
        "The vote cannot close yet: %(turnout)s of %(electorate)s members have voted, and the "
        "results are shown only once %(needed)s have, so that no single ballot can be read "
        "from the counts. Still to vote: %(agencies)s."
    ) % {
        "turnout": turnout,
        "electorate": ballot.electorate,
        "needed": needed,
        "agencies": ", ".join(m.agency.short_name for m in not_voted(ballot)),
    }
