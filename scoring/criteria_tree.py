"""The criteria of a year as plain rows (a form's or a spreadsheet's), and the checks a whole
tree must pass before it is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import CriteriaSet, Criterion

Kind = Criterion.Kind


@dataclass(frozen=True)
class CriterionData:
    """A criterion as typed in a form or read from a spreadsheet row."""

    code: str
    title: str
    kind: str
    max_points: Decimal
    points_per_occurrence: Decimal | None = None
    evidence_required: bool = False
    guidance: str = ""


def parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else ""


def check_criteria(rows: Sequence[CriterionData]) -> list[tuple[int, str]]:
    """Problems of a whole criteria tree, as (row index, message); empty when it is sound."""
    problems = []
    kinds = {}
    for index, row in enumerate(rows):
        if not row.code:
            problems.append((index, _("The code is empty.")))
            continue
        if row.code in kinds:
            problems.append((index, _("The code %(code)s appears twice.") % {"code": row.code}))
            continue
        kinds[row.code] = row.kind
    position = {row.code: index for index, row in reversed(list(enumerate(rows)))}
    for index, row in enumerate(rows):
        parent = parent_code(row.code)
        if not row.title.strip():
            problems.append((index, _("The title is empty.")))
        if parent and parent in position and position[parent] > index:
            problems.append(
                (index, _("Its group %(parent)s must come before it.") % {"parent": parent})
            )
        if parent and parent not in kinds:
            problems.append(
                (index, _("Its group %(parent)s is not in the list.") % {"parent": parent})
            )
        elif parent and kinds[parent] != Kind.GROUP:
            problems.append(
                (
                    index,
                    _("%(parent)s is not a group: it cannot contain %(code)s.")
                    % {"parent": parent, "code": row.code},
                )
            )
        if row.kind == Kind.PER_OCCURRENCE and not row.points_per_occurrence:
            problems.append((index, _("Give the points per occurrence.")))
        if row.max_points < 0:
            problems.append((index, _("The maximum cannot be negative.")))
    return problems


def criteria_rows(criteria_set: CriteriaSet | None) -> list[CriterionData]:
    if criteria_set is None:
        return []
    return [
        CriterionData(
            code=c.code,
            title=c.title,
            kind=c.kind,
            max_points=c.max_points,
            points_per_occurrence=c.points_per_occurrence,
            evidence_required=c.evidence_required,
            guidance=c.guidance,
        )
        for c in criteria_set.criteria.order_by("position")
    ]
