"""Forms of nominations, award types and standing records."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput
from clusters.models import Cluster
from emulation.confirm import ConfirmForm
from emulation.numbers import NumberField

from ..models import (
    AwardType,
    Nomination,
    StandingRecord,
)
from ..services import AWARD_TYPE_FIELDS


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
        fields = list(AWARD_TYPE_FIELDS)
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
