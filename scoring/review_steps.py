"""Steps of the review that take what the reviewer typed along with them."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from clusters.models import User

from . import services
from .models import Assessment
from .services import Entered


@transaction.atomic
def assessment_save_and_return(
    *,
    assessment: Assessment,
    entries: Mapping[int, Entered],
    comment: str,
    revision: int,
    by: User | None,
) -> Assessment:
    """Return with the page as it stands: the scores and questions the reviewer typed are
    saved first (in their history), then the assessment goes back to the member. Refused as a
    whole: nothing is saved, and the page keeps what was typed."""
    saved = services.assessment_save_review(
        assessment=assessment, entries=entries, revision=revision, by=by
    )
    return services.assessment_return(
        assessment=saved, comment=comment, revision=saved.revision, by=by
    )
