"""Who manages whose account.

- An agency's administrators (`User.is_agency_admin`) manage their own agency's staff.
- The ministry's reviewers manage the accounts of the cluster heads' agencies (every agency
  that has been Cụm trưởng / Trưởng khối of a year), and name their administrators.
- Superusers manage every agency.
- A year's secretariat may invite a contact person for a current member agency of that year
  that has no active account yet (so that the member can file its assessment).
- Each agency's staff see their colleagues' list; nobody else does.

Everything else is 403 (the agency directory is public to signed-in users: an agency is never
hidden, its accounts are).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from clusters.access import administered_years, get_agency_for_user, int_or_404, is_ministry
from clusters.models import Agency, Invitation, Membership, Officer, User


def _head_agency_ids() -> QuerySet:
    return Officer.objects.filter(role=Officer.Role.HEAD).values("membership__agency_id")


def managed_agencies(user) -> QuerySet[Agency]:
    """The agencies whose staff the user adds, deactivates and reactivates."""
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    agencies = Agency.objects.none()
    if is_ministry(user):
        agencies = Agency.objects.filter(pk__in=_head_agency_ids())
    if user.is_agency_admin and user.agency_id:
        agencies = agencies | Agency.objects.filter(pk=user.agency_id)
    return agencies


def can_manage_staff(user, agency: Agency) -> bool:
    return managed_agencies(user).filter(pk=agency.pk).exists()


def can_see_staff(user, agency: Agency) -> bool:
    return user.agency_id == agency.pk or can_manage_staff(user, agency)


def can_name_admins(user, agency: Agency) -> bool:
    """Administrators are named by the ministry (for the heads' agencies), by the superusers,
    and by the agency's own administrators."""
    return can_manage_staff(user, agency)


def can_invite_contact(user, agency: Agency) -> bool:
    """A secretariat invites the first account of a current member of a year it runs."""
    if agency.staff.filter(is_active=True).exists():
        return False
    return Membership.objects.filter(
        agency=agency, left_on__isnull=True, cluster_year__in=administered_years(user)
    ).exists()


def can_invite(user, agency: Agency) -> bool:
    """Only to an agency that exists today (a merged one's people belong to its successor)."""
    if not agency.is_valid_on(timezone.localdate()):
        return False
    return can_manage_staff(user, agency) or can_invite_contact(user, agency)


def get_staff_agency_for_user(user, pk, *, write: bool = False) -> Agency:
    """Read: the agency's own staff and those who manage it. Write: those who manage it."""
    agency = get_agency_for_user(user, pk)
    if write and not can_manage_staff(user, agency):
        raise PermissionDenied
    if not can_see_staff(user, agency):
        raise PermissionDenied
    return agency


def get_invitation_agency_for_user(user, pk) -> Agency:
    agency = get_agency_for_user(user, pk)
    if not can_invite(user, agency):
        raise PermissionDenied
    return agency


def get_staff_member_for_user(user, agency_pk, user_pk) -> User:
    """A person of an agency the user manages (404 when the person is not its staff)."""
    agency = get_staff_agency_for_user(user, agency_pk, write=True)
    person = agency.staff.filter(pk=int_or_404(user_pk)).first()
    if person is None:
        raise Http404
    return person


def get_invitation_for_user(user, agency_pk, pk) -> Invitation:
    agency = get_staff_agency_for_user(user, agency_pk, write=True)
    invitation = agency.invitations.filter(pk=int_or_404(pk)).first()
    if invitation is None:
        raise Http404
    return invitation
