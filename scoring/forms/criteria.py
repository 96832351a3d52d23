"""Forms of the criteria: one criterion, a spreadsheet to import."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from emulation.numbers import NumberField

from ..calculation import typed_number
from ..codes import CODE_RE, normalise_code
from ..models import (
    Criterion,
)
from ..services import CriterionData


class CriterionForm(forms.Form):
    """One node of the criteria tree; the service checks it against the whole tree."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("1 for a group, 1.1 for a criterion in it, 1.1.a for a sub-criterion."),
    )
    title = forms.CharField(label=_("Criterion"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Criterion.Kind.choices)
    max_points = NumberField(
        label=_("Maximum (points)"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        help_text=_("For a group, the total of the group; for a bonus or a deduction, the cap."),
    )
    points_per_occurrence = NumberField(
        label=_("Points per occurrence"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        help_text=_("Only for “points per occurrence”: what each occurrence is worth."),
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How to score it and what evidence to attach."),
    )

    @classmethod
    def initial_for(cls, criterion: Criterion) -> dict:
        initial = {name: getattr(criterion, name) for name in cls.base_fields}
        for name in ("max_points", "points_per_occurrence"):
            initial[name] = typed_number(initial[name])
        return initial

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not CODE_RE.fullmatch(code):
            raise ValidationError(
                _(
                    "Write the code like 1, 1.1 or 1.1.a: letters without accents and digits, "
                    "parts joined by dots, no spaces."
                )
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("kind") == Criterion.Kind.PER_OCCURRENCE:
            if not data.get("points_per_occurrence") and "points_per_occurrence" not in self.errors:
                self.add_error("points_per_occurrence", _("Give the points per occurrence."))
        else:
            data["points_per_occurrence"] = None
        return data

    def criterion_data(self) -> CriterionData:
        data = self.cleaned_data
        return CriterionData(
            code=data["code"],
            title=data["title"].strip(),
            kind=data["kind"],
            max_points=data["max_points"],
            points_per_occurrence=data["points_per_occurrence"],
            evidence_required=data["evidence_required"],
            guidance=data["guidance"].strip(),
        )


class CriteriaImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("The sheet “Tiêu chí” of the template, filled in."),
    )
    note = forms.CharField(
        label=_("Reason for the amendment"),
        max_length=255,
        required=False,
        help_text=_("E.g. “Amended at the mid-year review of 06/07/2025”."),
    )


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
