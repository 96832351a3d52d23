"""Who may see and act on criteria, assessments, evidence and the ranking.

- Criteria: everyone who sees the year reads them; the year's secretariat keeps them.
- An assessment: the assessed agency's staff, the year's secretariat, its reviewers and the
  ministry see it; no other member ever does (pages, exports and evidence alike).
- Review: the secretariat reviews every assessment but its own agency's. The head's own
  assessment is reviewed by a deputy's agency, or by a ministry reviewer where the year has no
  deputy; nobody reviews their own agency.
- The ranking: the secretariat, the reviewers and the ministry always; members once published.
- The vote: whoever sees the conference sees its proposals, and the counts once it has closed;
  each current member agency casts one vote; the secretariat prepares, opens and closes it.
- A nomination: the year's secretariat prepares and files it, the ministry decides; the
  nominated unit's staff follow it; no other member sees it.
- Award types are the ministry's list; statuses that bar a unit from awards are recorded by
  the ministry, or by the secretariat for its own members.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from clusters.access import (
    administered_years,
    can_administer_year,
    get_agency_for_user,
    get_conference_for_user,
    get_year_for_user,
    int_or_404,
    is_ministry,
    lineage_ids,
    visible_years,
)
from clusters.models import Agency, ClusterYear, Membership, Officer

from .models import (
    Assessment,
    AwardType,
    Ballot,
    Criterion,
    Evidence,
    Nomination,
    NominationFile,
    NonSubmission,
    Proposal,
    StandingRecord,
)
from .ranking import Ranking


def _officer_agencies(cluster_year: ClusterYear) -> dict[str, int]:
    if not hasattr(cluster_year, "_officer_agencies"):
        cluster_year._officer_agencies = dict(
            cluster_year.officers.values_list("role", "membership__agency_id")
        )
    return cluster_year._officer_agencies


def is_own(user, assessment: Assessment) -> bool:
    """The user works for the assessed agency (or for the agency that succeeded it)."""
    return (
        user.is_authenticated
        and user.agency_id is not None
        and assessment.membership.agency_id in lineage_ids(user)
    )


def can_review(user, assessment: Assessment) -> bool:
    if not user.is_authenticated or is_own(user, assessment):
        return False
    if user.is_superuser:
        return True
    cluster_year = assessment.membership.cluster_year
    officers = _officer_agencies(cluster_year)
    if assessment.membership.agency_id == officers.get(Officer.Role.HEAD):
        deputies = {officers.get(Officer.Role.DEPUTY_1), officers.get(Officer.Role.DEPUTY_2)}
        deputies.discard(None)
        if deputies:
            return not deputies.isdisjoint(lineage_ids(user))
        return is_ministry(user)
    return can_administer_year(user, cluster_year)


def can_see_assessment(user, assessment: Assessment) -> bool:
    cluster_year = assessment.membership.cluster_year
    return (
        is_ministry(user)
        or is_own(user, assessment)
        or can_administer_year(user, cluster_year)
        or can_review(user, assessment)
    )


# Each object with more than one kind of change has a read getter and one getter per kind
# of change, so that a mistyped name fails at once instead of becoming a read check.


def get_assessment_for_user(user, pk) -> Assessment:
    """An assessment the user may see (404 otherwise)."""
    pk = int_or_404(pk)
    assessment = (
        Assessment.objects.select_related(
            "membership__agency", "membership__cluster_year__cluster", "criteria_set"
        )
        .filter(pk=pk, membership__cluster_year__in=visible_years(user))
        .first()
    )
    if assessment is None or not can_see_assessment(user, assessment):
        raise Http404
    return assessment


def get_own_assessment_for_user(user, pk) -> Assessment:
    """The member's own assessment, for its entries (403 for anyone else who may see it)."""
    assessment = get_assessment_for_user(user, pk)
    if not is_own(user, assessment):
        raise PermissionDenied
    return assessment


def get_assessment_to_review_for_user(user, pk) -> Assessment:
    """An assessment the user reviews (which includes reopening and carrying over: never by
    the assessed agency itself); 403 for anyone else who may see it."""
    assessment = get_assessment_for_user(user, pk)
    if not can_review(user, assessment):
        raise PermissionDenied
    return assessment


def get_evidence_for_user(user, pk) -> Evidence:
    pk = int_or_404(pk)
    evidence = (
        Evidence.objects.select_related("score__assessment__membership__cluster_year")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    get_assessment_for_user(user, evidence.score.assessment_id)
    return evidence


def get_membership_to_record_for_user(user, year_pk, membership_pk) -> Membership:
    """A member of a year whose non-submission the user may record: the year's secretariat."""
    cluster_year = get_year_for_user(user, year_pk, write=True)
    membership = (
        cluster_year.memberships.select_related("agency", "cluster_year__cluster")
        .filter(pk=int_or_404(membership_pk))
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def get_non_submission_for_user(user, pk) -> NonSubmission:
    """A recorded non-submission the user may take back: its year's secretariat."""
    record = (
        NonSubmission.objects.select_related("membership__agency", "membership__cluster_year")
        .filter(pk=int_or_404(pk), membership__cluster_year__in=visible_years(user))
        .first()
    )
    if record is None:
        raise Http404
    if not can_administer_year(user, record.membership.cluster_year):
        raise PermissionDenied
    return record


def get_period(value) -> str:
    """A period named in a URL's query or a form: the whole year when none is given."""
    if not value:
        return Assessment.Period.YEAR
    if value not in Assessment.Period.values:
        raise Http404
    return value


def can_see_ranking(
    user,
    cluster_year: ClusterYear,
    period: str = Assessment.Period.YEAR,
    *,
    administers: bool | None = None,
) -> bool:
    """Before publication: the ministry and those who run the year (a deputy only where the
    year lets deputies help run it; reviewing the head's assessment does not show it the
    others'). Once published: everyone who sees the year. `administers`: can_administer_year
    when the caller knows it already."""
    if administers is None:
        administers = can_administer_year(user, cluster_year)
    if is_ministry(user) or administers:
        return True
    return cluster_year.ranking_publications.filter(period=period).exists()


def get_ranking_year_for_user(
    user, pk, *, period: str = Assessment.Period.YEAR, write: bool = False
) -> ClusterYear:
    cluster_year = get_year_for_user(user, pk, write=write)
    if not can_see_ranking(user, cluster_year, period, administers=cluster_year.runs):
        raise PermissionDenied(_("The ranking of this year has not been published yet."))
    return cluster_year


def get_criterion_for_user(user, pk, *, write: bool = False) -> Criterion:
    """A criterion of a year the user sees (404 otherwise); write: the year's secretariat."""
    pk = int_or_404(pk)
    criterion = (
        Criterion.objects.select_related("criteria_set__cluster_year__cluster")
        .filter(pk=pk, criteria_set__cluster_year__in=visible_years(user))
        .first()
    )
    if criterion is None:
        raise Http404
    if write and not can_administer_year(user, criterion.criteria_set.cluster_year):
        raise PermissionDenied
    return criterion


# The vote ---------------------------------------------------------------------------------


def get_ballot_for_user(user, conference_pk, *, write: bool = False) -> Ballot:
    """The vote of a conference the user sees; write: the year's secretariat."""
    conference = get_conference_for_user(user, conference_pk, write=write)
    ballot = Ballot.objects.filter(conference=conference).first()
    if ballot is None:
        raise Http404
    ballot.conference = conference
    return ballot


def get_proposal_for_user(user, pk, *, write: bool = False) -> Proposal:
    pk = int_or_404(pk)
    proposal = (
        Proposal.objects.select_related("membership__agency", "award_type", "ballot")
        .filter(pk=pk, ballot__conference__cluster_year__in=visible_years(user))
        .first()
    )
    if proposal is None:
        raise Http404
    proposal.ballot = get_ballot_for_user(user, proposal.ballot.conference_id, write=write)
    return proposal


def voting_membership(user, cluster_year: ClusterYear) -> Membership | None:
    """The current membership through which the user's agency votes in `cluster_year`."""
    if not user.is_authenticated or user.agency_id is None:
        return None
    return (
        cluster_year.memberships.current()
        .filter(agency_id__in=lineage_ids(user))
        .select_related("agency")
        .first()
    )


# Nominations ------------------------------------------------------------------------------


def visible_nominations(user):
    nominations = Nomination.objects.with_context()
    if is_ministry(user):
        return nominations
    if not user.is_authenticated or user.agency_id is None:
        return nominations.none()
    return nominations.filter(
        Q(membership__cluster_year__in=administered_years(user))
        | Q(membership__agency_id__in=lineage_ids(user))
    )


def get_nomination_for_user(user, pk) -> Nomination:
    """A nomination the user may see (404 otherwise)."""
    pk = int_or_404(pk)
    nomination = (
        visible_nominations(user)
        .select_related("proposal__ballot__conference__cluster_year")
        .filter(pk=pk)
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


def get_nomination_to_file_for_user(user, pk) -> Nomination:
    """A nomination the year's secretariat prepares and files (403 for others who see it)."""
    nomination = get_nomination_for_user(user, pk)
    if not can_administer_year(user, nomination.membership.cluster_year):
        raise PermissionDenied
    return nomination


def get_nomination_to_decide_for_user(user, pk) -> Nomination:
    """A nomination a ministry reviewer returns, approves or rejects (403 for others)."""
    nomination = get_nomination_for_user(user, pk)
    if not is_ministry(user):
        raise PermissionDenied
    return nomination


def get_nomination_file_for_user(user, pk) -> NominationFile:
    pk = int_or_404(pk)
    record = NominationFile.objects.filter(pk=pk).first()
    if record is None:
        raise Http404
    get_nomination_for_user(user, record.nomination_id)
    return record


# Award types and statuses that bar awards ---------------------------------------------------


def get_award_type_for_user(user, pk) -> AwardType:
    if not is_ministry(user):
        raise PermissionDenied
    award_type = AwardType.objects.filter(pk=int_or_404(pk)).first()
    if award_type is None:
        raise Http404
    return award_type


def can_record_standing(user, agency: Agency) -> bool:
    return is_ministry(user) or administered_years(user).filter(memberships__agency=agency).exists()


def can_see_standing(user, agency: Agency) -> bool:
    """An agency's statuses: the ministry, the agency itself (and its successors' staff), and
    the secretariats of the clusters it is a current member of."""
    if is_ministry(user):
        return True
    if user.agency_id and agency.pk in lineage_ids(user):
        return True
    return (
        administered_years(user)
        .filter(memberships__agency=agency, memberships__left_on__isnull=True)
        .exists()
    )


def get_standing_agency_for_user(user, pk, *, write: bool = False) -> Agency:
    """An agency whose statuses the user may see (403 otherwise: the agency itself is in the
    open directory); write: the ministry, or the secretariat of a year it is in."""
    agency = get_agency_for_user(user, pk)
    if not can_see_standing(user, agency):
        raise PermissionDenied
    if write and not can_record_standing(user, agency):
        raise PermissionDenied
    return agency


def get_standing_record_for_user(user, pk) -> StandingRecord:
    pk = int_or_404(pk)
    record = StandingRecord.objects.select_related("agency").filter(pk=pk).first()
    if record is None:
        raise Http404
    record.agency = get_standing_agency_for_user(user, record.agency_id, write=True)
    return record


def may_see_standing(user, cluster_year: ClusterYear, ranking: Ranking) -> bool:
    """A standing that is not final yet is the secretariat's working view only."""
    return ranking.complete or can_administer_year(user, cluster_year)
