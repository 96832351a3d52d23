"""Agencies, users, clusters (Cụm / Khối thi đua), their years, covenants and conferences."""

from auditlog.registry import auditlog

from .accounts import Invitation, InvitationQuerySet
from .agencies import Agency, Province, Succession, SuccessionQuerySet, User
from .base import AuditedInYear, Recorded, StoredFile, acting_user
from .conferences import (
    Attachment,
    Attendance,
    Conference,
    ConferenceDocument,
    ConferenceQuerySet,
    Decision,
    Guest,
    attachment_path,
)
from .covenants import Commitment, Covenant, Signatory
from .notifications import Notification
from .outbox import OutboxEmail
from .years import (
    DEADLINE_FIELDS,
    DEADLINES,
    Cluster,
    ClusterYear,
    ClusterYearQuerySet,
    Deadline,
    Membership,
    MembershipQuerySet,
    Officer,
    member_record_models,
    register_member_record,
)

for model in (
    Province,
    Agency,
    User,
    Cluster,
    ClusterYear,
    Membership,
    Officer,
    Covenant,
    Commitment,
    Signatory,
    Conference,
    Attendance,
    Guest,
    ConferenceDocument,
    Decision,
    Attachment,
):
    auditlog.register(model, exclude_fields=["password", "last_login"] if model is User else None)
auditlog.register(Invitation, exclude_fields=["token_digest"])

# The movements (clusters/movements/) are models of this app too; they import the models
# above, so they come after them.
from ..movements.models import (  # noqa: E402
    Movement,
    MovementContent,
    MovementPhase,
    Participant,
    PhaseEvidence,
    PhaseReport,
)

__all__ = [
    "DEADLINE_FIELDS",
    "DEADLINES",
    "register_member_record",
    "member_record_models",
    "Deadline",
    "AuditedInYear",
    "acting_user",
    "Recorded",
    "StoredFile",
    "SuccessionQuerySet",
    "Succession",
    "Province",
    "Agency",
    "User",
    "Cluster",
    "ClusterYearQuerySet",
    "ClusterYear",
    "MembershipQuerySet",
    "Membership",
    "Officer",
    "Covenant",
    "Commitment",
    "Signatory",
    "ConferenceQuerySet",
    "Conference",
    "Attendance",
    "Guest",
    "ConferenceDocument",
    "Decision",
    "attachment_path",
    "Attachment",
    "Notification",
    "OutboxEmail",
    "Invitation",
    "InvitationQuerySet",
    "Movement",
    "MovementContent",
    "MovementPhase",
    "Participant",
    "PhaseEvidence",
    "PhaseReport",
]
