"""The demo's people beyond the fixed cast of `directory.DEMO_USERS`: one login for every member
agency of each demo cluster's latest year (so that every member can file its assessment), an
agency administrator, and a pending invitation. Written through the services; re-running adds
only what is missing."""

from __future__ import annotations

import unicodedata

from django.utils import timezone

from clusters.accounts import services as accounts
from clusters.models import Agency, Cluster, Invitation, User

# Username prefix of each demo cluster's logins (by its number; the Cao Bằng block has none).
LOGIN_PREFIXES = {"II": "cum2", "3": "cum3", "": "caobang"}
ADMIN = {
    "username": "cum3.quantri",
    "full_name": "Lê Văn Bình",
    "job_title": "Chánh Văn phòng Sở, quản trị tài khoản của Sở",
    "agency": "Sở Ngoại vụ tỉnh Thanh Hóa",
}
INVITED = {"email": "nguyen.thi.hoa@example.vn", "full_name": "Nguyễn Thị Hoa"}


def ascii_slug(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return "".join(character for character in plain.lower() if character.isalnum())


def ensure_member_logins(password: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every current member of each cluster's latest year has at least one active login;
    returns, by cluster year, (username, agency) of one login per member."""
    groups = []
    for cluster in Cluster.objects.order_by("kind", "number"):
        year = cluster.years.order_by("-year").first()
        if year is None or cluster.number not in LOGIN_PREFIXES:
            continue
        rows = []
        memberships = year.memberships.current().select_related("agency")
        for membership in memberships.order_by("agency__short_name"):
            agency = membership.agency
            user = agency.staff.filter(is_active=True).order_by("pk").first()
            if user is None:
                username = f"{LOGIN_PREFIXES[cluster.number]}.{ascii_slug(agency.short_name)}"
                user = User.objects.filter(username=username).first() or User.objects.create_user(
                    username=username,
                    password=password,
                    full_name=f"Chuyên viên {agency.short_name}",
                    job_title="Chuyên viên phụ trách thi đua, khen thưởng",
                    agency=agency,
                )
            rows.append((user.username, agency.short_name))
        groups.append((str(year), rows))
    return groups


def ensure_agency_admin(password: str) -> User | None:
    agency = Agency.objects.filter(name=ADMIN["agency"]).order_by("-valid_from").first()
    if agency is None:
        return None
    user = User.objects.filter(username=ADMIN["username"]).first()
    if user is None:
        user = User.objects.create_user(
            username=ADMIN["username"],
            password=password,
            full_name=ADMIN["full_name"],
            job_title=ADMIN["job_title"],
            agency=agency,
            is_agency_admin=True,
        )
    return user


def ensure_pending_invitation(admin: User | None) -> Invitation | None:
    """A colleague of the administrator invited and not yet arrived (renewed once expired)."""
    if admin is None or User.objects.filter(email__iexact=INVITED["email"]).exists():
        return None
    pending = Invitation.objects.pending(timezone.now()).filter(email=INVITED["email"]).first()
    return pending or accounts.invitation_send(
        agency=admin.agency,
        email=INVITED["email"],
        full_name=INVITED["full_name"],
        job_title="Chuyên viên",
        by=admin,
    )
