"""Forms validate what a person typed; the services in services.py act on it."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput
from clusters.models import Cluster, Membership
from emulation.confirm import ConfirmForm
from emulation.numbers import NumberField

from .calculation import typed_number
from .codes import CODE_RE, normalise_code
from .models import AwardType, Ballot, Criterion, Nomination, Score, StandingRecord
from .services import STAGE_FIELDS, CriterionData, Entered, Tally

# Criteria ----------------------------------------------------------------------------------


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


# The member's side: self-assessment and explanation -----------------------------------------


class EntryForm(forms.Form):
    """The member's entries for every criterion of an assessment, at one stage.

    `stage` is "self" (score, target of a quantitative criterion, explanation of the score) or
    "explained" (score after explanation and the explanation; the target stays). Fields are
    named `value_<criterion id>`, `target_<criterion id>` and `note_<criterion id>`; a refusal
    about a criterion (keyed by its id) shows next to its value (`error_field`). `revision` is the
    assessment's revision the form was made from; a save from an older one is refused.
    """

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def error_field(self, key) -> str:
        """A refusal about a criterion (keyed by its id) goes next to its value."""
        return f"value_{key}" if isinstance(key, int) else key

    def __init__(self, *args, scores, stage: str, revision: int, editable: bool = True, **kwargs):
        self.scores = list(scores)
        self.stage = stage
        value_name, note_name = STAGE_FIELDS[stage]
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

    def valid_entries(self) -> dict[int, Entered]:
        """The entries of every criterion none of whose fields is in error (after
        `is_valid()`): those can be saved while the others are corrected."""
        invalid = {
            score.criterion_id
            for score in self.scores
            for name in ("value", "target", "note")
            if f"{name}_{score.criterion_id}" in self.errors
        }
        return {pk: entered for pk, entered in self.entries().items() if pk not in invalid}

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


# The reviewer's side: review, return with questions, reopening -------------------------------


class ReviewForm(forms.Form):
    """The reviewer's value and comment for every criterion of an assessment.

    `stage` is "reviewed" (on a submission) or "final" (on an explanation); each input starts
    from the value standing at that stage (the member's own, or its latest after explanation).
    Fields are named `value_<criterion id>` and `comment_<criterion id>`; a refusal about a
    criterion shows next to its value (`error_field`); `revision` makes a save from an older
    page stale.
    """

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def error_field(self, key) -> str:
        """A refusal about a criterion (keyed by its id) goes next to its value."""
        return f"value_{key}" if isinstance(key, int) else key

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

    def valid_entries(self) -> dict[int, Entered]:
        """The entries of every criterion whose value and comment are valid (after
        `is_valid()`): those can be saved while the others are corrected."""
        invalid = {
            score.criterion_id
            for score in self.scores
            for name in ("value", "comment")
            if f"{name}_{score.criterion_id}" in self.errors
        }
        return {pk: entered for pk, entered in self.entries().items() if pk not in invalid}


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


# The peer vote ---------------------------------------------------------------------------------


class BallotCreateForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the members vote"), choices=Ballot.Method.choices, widget=forms.RadioSelect
    )


class ProposalForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Unit"), queryset=Membership.objects.none())
    award_type = forms.ModelChoiceField(
        label=_("Award"), queryset=AwardType.objects.filter(active=True)
    )

    def __init__(self, *args, cluster_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = cluster_year.memberships.current().select_related(
            "agency"
        )


class TallyForm(forms.Form):
    """The counted paper ballot: members present, and for, against and abstain per proposal."""

    present = forms.IntegerField(label=_("Members present at the vote"), min_value=0)

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        labels = {"for": _("For"), "against": _("Against"), "abstain": _("Abstain")}
        for proposal in self.proposals:
            for choice, label in labels.items():
                self.fields[f"{choice}_{proposal.pk}"] = forms.IntegerField(
                    label=f"{label} — {proposal}", min_value=0, initial=0
                )

    def tallies(self) -> dict[int, Tally]:
        data = self.cleaned_data
        return {
            p.pk: Tally(
                present=data["present"],
                votes_for=data[f"for_{p.pk}"],
                votes_against=data[f"against_{p.pk}"],
                votes_abstain=data[f"abstain_{p.pk}"],
            )
            for p in self.proposals
        }


class VoteForm(forms.Form):
    """One member's secret ballot: for, against or abstain on every proposal."""

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for proposal in self.proposals:
            self.fields[f"vote_{proposal.pk}"] = forms.ChoiceField(
                label=str(proposal),
                choices=[("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain"))],
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"vote_{p.pk}"] for p in self.proposals}


# Nominations -------------------------------------------------------------------------------------


class AchievementReportForm(forms.Form):
    achievement_report = forms.CharField(
        label=_("Achievement report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Write it here, or upload the signed report below."),
    )


class NominationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Achievement report or supporting document"),
        help_text=_("PDF or office document (Word, Excel)."),
    )


class NominationSubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Message to the ministry"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NominationReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What the cluster should complete or correct"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NominationApproveForm(ConfirmForm):
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=50, help_text=_("E.g. 123/QĐ-BNG")
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    decision_signer = forms.CharField(
        label=_("Signer"), max_length=200, help_text=_("Name and title of the signer.")
    )
    field_order = ["decision_number", "decision_date", "decision_signer", "confirm"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_approve_%s")  # beside the rejection's form
        super().__init__(*args, **kwargs)


class NominationRejectForm(ConfirmForm):
    reason = forms.CharField(
        label=_("Reason for the rejection"), widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["reason", "confirm"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_reject_%s")  # beside the approval's form
        super().__init__(*args, **kwargs)


class NominationFilterForm(forms.Form):
    """The ministry's queue: every filter optional."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.all(), required=False
    )
    award_type = forms.ModelChoiceField(
        label=_("Award"), queryset=AwardType.objects.all(), required=False
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Any")),
            ("waiting", _("Waiting for the ministry")),
            *Nomination.State.choices,
        ],
    )

    def __init__(self, *args, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters


class AwardTypeForm(forms.ModelForm):
    class Meta:
        model = AwardType
        fields = [
            "name",
            "requires_excellent",
            "quota_per_cluster",
            "quota_percent",
            "quota_base",
            "active",
            "position",
        ]
        widgets = {"quota_percent": forms.TextInput(attrs={"inputmode": "decimal"})}
        field_classes = {"quota_percent": NumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["quota_base"].queryset = AwardType.objects.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        if data.get("quota_percent") is not None and data.get("quota_base") is None:
            self.add_error("quota_base", _("Say whose standard the percentage counts."))
        return data


class StandingRecordForm(forms.ModelForm):
    class Meta:
        model = StandingRecord
        fields = ["kind", "started_on", "note"]
        widgets = {"started_on": DateInput()}


class StandingRecordEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Resolved on"), widget=DateInput())
