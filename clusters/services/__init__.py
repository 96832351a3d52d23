"""Writes of the clusters domain, one module per concept."""

from .agencies import (
    agency_create,
    agency_merge,
    agency_merger_redate,
    agency_update,
    province_create,
    province_merge,
)
from .conferences import (
    Delegate,
    attachment_add,
    attendance_set,
    conference_item_delete,
    conference_record_election,
    conference_save,
    decision_add,
    document_add,
    guest_add,
)
from .covenants import Signature, covenant_save, signatories_set
from .notifications import notifications_mark_read
from .years import (
    RANKING_SETTINGS,
    YEAR_SETTINGS,
    cluster_create,
    cluster_update,
    cluster_year_create,
    cluster_year_start_next,
    cluster_year_update,
    membership_add,
    membership_remove,
    officers_set,
)

__all__ = [
    "agency_create",
    "province_create",
    "province_merge",
    "agency_merge",
    "agency_merger_redate",
    "agency_update",
    "YEAR_SETTINGS",
    "cluster_create",
    "cluster_update",
    "cluster_year_create",
    "RANKING_SETTINGS",
    "cluster_year_update",
    "cluster_year_start_next",
    "membership_add",
    "membership_remove",
    "officers_set",
    "covenant_save",
    "Signature",
    "signatories_set",
    "conference_save",
    "Delegate",
    "attendance_set",
    "guest_add",
    "document_add",
    "decision_add",
    "conference_item_delete",
    "attachment_add",
    "conference_record_election",
    "notifications_mark_read",
]
