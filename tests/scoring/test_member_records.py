"""Scoring's records of a member keep it in its year: clusters learns of them through
register_member_record (called in scoring's AppConfig.ready), never by naming scoring."""

import pytest
from django.core.exceptions import ValidationError

from clusters import services as cluster_services
from clusters.models import Conference, member_record_models, register_member_record
from scoring import services
from scoring.models import Assessment, Ballot, BallotReceipt, Nomination, Proposal, Reminder


def test_scoring_registers_the_models_that_keep_records_of_a_member():
    assert {Assessment, Proposal, Nomination, BallotReceipt} <= set(member_record_models())


def test_only_a_foreign_key_to_a_membership_can_be_registered():
    with pytest.raises(TypeError):
        register_member_record(Reminder, field="cluster_year")


def test_a_member_proposed_in_the_vote_cannot_be_removed(world, make_conference):
    awards = services.award_types_ensure_defaults(by=None)
    conference = make_conference(world.year, kind=Conference.Kind.YEAR_END)
    ballot = services.ballot_create(conference=conference, method=Ballot.Method.PAPER, by=None)
    services.proposal_add(
        ballot=ballot,
        membership=world.memberships["D"],
        award_type=awards[services.MINISTERS_MERIT],
        by=None,
    )

    with pytest.raises(ValidationError):
        cluster_services.membership_remove(membership=world.memberships["D"], by=None)

    assert world.year.memberships.filter(agency=world.agencies["D"]).exists()
