"""Forms of an assessment: the member's entries and explanation; the reviewer's review,
return with questions and reopening."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput
from emulation.numbers import NumberField

from ..calculation import typed_number
from ..models import (
    SCORE_STAGE_FIELDS,
    Criterion,
    Score,
)
from ..services import Entered


class _ByCriterionForm(forms.Form):
    """A form with fields for every criterion of an assessment, named `<name>_<criterion id>`
    for each name in `criterion_fields`. A refusal about a criterion (keyed by its id) shows
    next to its value (`error_field`); `revision` makes a save from an older page stale."""

    criterion_fields: tuple[str, ...] = ()
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def error_field(self, key) -> str:
        """A refusal about a criterion (keyed by its id) goes next to its value."""
        return f"value_{key}" if isinstance(key, int) else key

    def entries(self) -> dict[int, Entered]:
        raise NotImplementedError

    def valid_entries(self) -> dict[int, Entered]:
        """The entries of every criterion none of whose fields is in error (after
        `is_valid()`): those can be saved while the others are corrected."""
        invalid = {
            score.criterion_id
            for score in self.scores
            for name in self.criterion_fields
            if f"{name}_{score.criterion_id}" in self.errors
        }
        return {pk: entered for pk, entered in self.entries().items() if pk not in invalid}


class EntryForm(_ByCriterionForm):
    """The member's entries for every criterion of an assessment, at one stage.

    `stage` is "self" (score, target of a quantitative criterion, explanation of the score) or
    "explained" (score after explanation and the explanation; the target stays). Fields are
    named `value_<criterion id>`, `target_<criterion id>` and `note_<criterion id>`; a refusal
    about a criterion (keyed by its id) shows next to its value (`error_field`). `revision` is the
    assessment's revision the form was made from; a save from an older one is refused.
    """

    criterion_fields = ("value", "target", "note")

    def __init__(self, *args, scores, stage: str, revision: int, editable: bool = True, **kwargs):
        self.scores = list(scores)
        self.stage = stage
        value_name, note_name = SCORE_STAGE_FIELDS[stage]
        initial = kwargs.pop("initial", {})
        initial.setdefault("revision", revision)
        for score in self.scores:
            initial.setdefault(
                f"value_{score.criterion_id}", typed_number(getattr(score, value_name))
            )
            initial.setdefault(f"target_{score.criterion_id}", typed_number(score.target))
            initial.setdefault(f"note_{score.criterion_id}", getattr(score, note_name))
        super().__init__(*args, initial=initial, **kwargs)
        for score in self.scores:
            criterion = score.criterion
            self.fields[f"value_{criterion.pk}"] = _value_field(criterion, stage)
            if stage == "self" and criterion.kind == Criterion.Kind.QUANTITATIVE:
                self.fields[f"target_{criterion.pk}"] = _number_field(
                    _("Target — %(code)s") % {"code": criterion.code}
                )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Explanation — %(code)s") % {"code": criterion.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        if not editable:
            for field in self.fields.values():
                field.disabled = True

    def mark_invalid(self) -> None:
        """Flag the fields with errors for Bootstrap and screen readers, before rendering."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def value(self, score: Score):
        return self[f"value_{score.criterion_id}"]

    def target(self, score: Score):
        name = f"target_{score.criterion_id}"
        return self[name] if name in self.fields else None

    def note(self, score: Score):
        return self[f"note_{score.criterion_id}"]

    def entries(self) -> dict[int, Entered]:
        data = self.cleaned_data
        return {
            score.criterion_id: Entered(
                value=data.get(f"value_{score.criterion_id}"),
                text=data.get(f"note_{score.criterion_id}") or "",
                target=data.get(f"target_{score.criterion_id}"),
            )
            for score in self.scores
        }

    def uploads(self, files) -> dict[int, list]:
        """The evidence files sent with the page, by criterion id (input `evidence_<id>`)."""
        found = {}
        for score in self.scores:
            chosen = [f for f in files.getlist(f"evidence_{score.criterion_id}") if f]
            if chosen:
                found[score.criterion_id] = chosen
        return found


def _number_field(label: str) -> NumberField:
    """A number typed the Vietnamese way (emulation/numbers.py): “7,5”, “1.250,5”, “8.5”."""
    return NumberField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}
        ),
    )


def _value_field(criterion: Criterion, stage: str) -> NumberField:
    labels = {
        Criterion.Kind.PER_OCCURRENCE: _("Number of occurrences — %(code)s"),
        Criterion.Kind.QUANTITATIVE: _("Actual figure — %(code)s"),
    }
    label = labels.get(criterion.kind, _("Score — %(code)s")) % {"code": criterion.code}
    if stage == "explained":
        label = _("After explanation: %(label)s") % {"label": label}
    field = _number_field(label)
    if criterion.kind == Criterion.Kind.PASS_FAIL:
        field.widget = forms.Select(
            choices=[
                ("", "—"),
                (str(typed_number(criterion.max_points)), _("Pass")),
                ("0", _("Fail")),
            ],
            attrs={"class": "form-select"},
        )
    # What static/js/assessment.js needs to add up the points as the member types.
    field.widget.attrs.update(
        {
            "data-score": criterion.kind,
            "data-max": str(typed_number(criterion.max_points)),
            "data-per": str(typed_number(criterion.points_per_occurrence) or ""),
        }
    )
    return field


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, image (PNG, JPEG, GIF) or office document (Word, Excel, PowerPoint)."),
    )


class SendExplanationForm(forms.Form):
    comment = forms.CharField(
        label=_("Message to the secretariat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(_ByCriterionForm):
    """The reviewer's value and comment for every criterion of an assessment.

    `stage` is "reviewed" (on a submission) or "final" (on an explanation); each input starts
    from the value standing at that stage (the member's own, or its latest after explanation).
    Fields are named `value_<criterion id>` and `comment_<criterion id>`; a refusal about a
    criterion shows next to its value (`error_field`); `revision` makes a save from an older
    page stale.
    """

    criterion_fields = ("value", "comment")

    def __init__(self, *args, scores, stage: str, **kwargs):
        self.scores = list(scores)
        initial = kwargs.pop("initial", {})
        for score in self.scores:
            initial.setdefault(f"value_{score.criterion_id}", typed_number(score.value_at(stage)))
            initial.setdefault(f"comment_{score.criterion_id}", score.review_comment)
        super().__init__(*args, initial=initial, **kwargs)
        value_label = _("Reviewed score") if stage == "reviewed" else _("Final score")
        for score in self.scores:
            code = score.criterion.code
            self.fields[f"value_{score.criterion_id}"] = _number_field(f"{value_label} — {code}")
            self.fields[f"comment_{score.criterion_id}"] = forms.CharField(
                label=_("Comment or question — %(code)s") % {"code": code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def entries(self) -> dict[int, Entered]:
        data = self.cleaned_data
        return {
            score.criterion_id: Entered(
                value=data.get(f"value_{score.criterion_id}"),
                text=data.get(f"comment_{score.criterion_id}") or "",
            )
            for score in self.scores
        }


class ReturnForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Questions for the member"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent together with the questions written beside the criteria."),
    )


class ReopenForm(forms.Form):
    until = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the assessment's history."),
    )
