"""The plan of a movement (Kế hoạch phát động phong trào thi đua) in the layout of Decree
30/2020/NĐ-CP: purpose and requirements, contents, phases, forms and criteria of commendation,
organisation of implementation.

The number is a parameter: the plan renders as a draft with the blank number line of today's
documents (“Số:      /KH-CTĐ3”) and the mark DỰ THẢO until the document register issues it
(reports/movement_issue.py) with its number, date and signer.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from clusters.models import Agency, Movement, Participant, Province
from scoring.movement_links import ContentCriterion

from .documents import (
    Document,
    Kind,
    _head,
    _heading,
    _place_of,
    in_document_language,
    official_date,
)
from .models import DocumentKind
from .register import symbol_of


def _agency_heading(movement: Movement, *, number: str) -> dict:
    agency = movement.agency
    province = agency.province
    # The agency's superior: the province's People's Committee, in the fixed words of the
    # legal form (documents are in Vietnamese whatever the page's language).
    level = "thành phố" if province and province.kind == Province.Kind.CITY else "tỉnh"
    return {
        "parent": f"UBND {level} {province.name}" if province else "",
        "issuer": agency.name,
        "number": number,
        # The symbol its register will issue it under (reports/register.py): the draft and
        # the issued plan read the same.
        "symbol": symbol_of(DocumentKind.PLAN, agency=agency),
        "place": movement.plan_place or (province.name if province else agency.short_name),
        "date": official_date(movement.plan_date, movement.starts_on.year),
        "draft": not number,  # a document without its number is a draft (DỰ THẢO)
    }


@in_document_language
def movement_plan(movement: Movement, *, number: str = "") -> Document:
    """The plan as a document; `number` (“91/KH-CTĐ3”) once issued, blank while a draft."""
    contents = list(
        movement.contents.prefetch_related(
            "commitments",
            Prefetch(
                "criterion_links", queryset=ContentCriterion.objects.select_related("criterion")
            ),
        )
    )
    participants = Participant.objects.filter(movement=movement).select_related("agency")
    head = None
    if movement.cluster_year_id:
        cluster_year = movement.cluster_year
        head = _head(cluster_year)
        heading = _heading(
            cluster_year,
            number=number,
            symbol="KH",
            place=movement.plan_place or _place_of(head),
            day=movement.plan_date,
        )
    else:
        heading = _agency_heading(movement, number=number)
    context = {
        "movement": movement,
        "heading": heading,
        "contents": contents,
        "phases": list(movement.phases.all()),
        "participants": list(participants),
        "head": head,
        "director": movement.agency_id and movement.agency.kind == Agency.Kind.DEPARTMENT,
    }
    return Document(
        kind=Kind.MOVEMENT_PLAN,
        object_id=movement.pk,
        variant="",
        template="reports/pdf/movement_plan.html",
        context=context,
        title=_("Plan - %(movement)s") % {"movement": movement.title},
    )
