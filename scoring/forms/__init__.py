"""Forms validate what a person typed; the services act on it. One module per concept."""

from .assessments import (
    EntryForm,
    EvidenceForm,
    ReopenForm,
    ReturnForm,
    ReviewForm,
    SendExplanationForm,
)
from .criteria import (
    CriteriaImportForm,
    CriterionForm,
    WorkbookUploadForm,
)
from .nominations import (
    AchievementReportForm,
    AwardTypeForm,
    NominationApproveForm,
    NominationFileForm,
    NominationFilterForm,
    NominationRejectForm,
    NominationReturnForm,
    NominationSubmitForm,
    StandingRecordEndForm,
    StandingRecordForm,
)
from .votes import (
    BallotCreateForm,
    ProposalForm,
    TallyForm,
    VoteForm,
)

__all__ = [
    "CriterionForm",
    "CriteriaImportForm",
    "WorkbookUploadForm",
    "EntryForm",
    "EvidenceForm",
    "SendExplanationForm",
    "ReviewForm",
    "ReturnForm",
    "ReopenForm",
    "BallotCreateForm",
    "ProposalForm",
    "TallyForm",
    "VoteForm",
    "AchievementReportForm",
    "NominationFileForm",
    "NominationSubmitForm",
    "NominationReturnForm",
    "NominationApproveForm",
    "NominationRejectForm",
    "NominationFilterForm",
    "AwardTypeForm",
    "StandingRecordForm",
    "StandingRecordEndForm",
]
