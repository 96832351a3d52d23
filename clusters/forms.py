"""Forms validate what a person typed; the services in services.py act on it."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.numbers import NumberField

from .models import (
    Agency,
    Attachment,
    Cluster,
    ClusterYear,
    Conference,
    ConferenceDocument,
    Covenant,
    Decision,
    Guest,
    Membership,
)
from .services import (
    AGENCY_FIELDS,
    CLUSTER_FIELDS,
    YEAR_SETTING_FIELDS,
    Delegate,
    Signature,
)


class DateInput(forms.DateInput):
    """dd/mm/yyyy typed as text: the same in every browser and language."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.label


class ClusterForm(forms.ModelForm):
    class Meta:
        model = Cluster
        fields = list(CLUSTER_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


DATE_WIDGETS = {
    "self_assessment_opens": DateInput(),
    "self_assessment_deadline": DateInput(),
    "review_deadline": DateInput(),
    "mid_year_deadline": DateInput(),
}


# The year's numbers are read the Vietnamese way (emulation/numbers.py).
NUMBER_FIELDS = dict.fromkeys(
    ["vote_threshold", "excellent_min", "good_min", "fair_min"], NumberField
)


class ClusterYearForm(forms.ModelForm):
    class Meta:
        model = ClusterYear
        fields = list(YEAR_SETTING_FIELDS)
        widgets = DATE_WIDGETS
        field_classes = NUMBER_FIELDS


class ClusterYearCreateForm(forms.ModelForm):
    """The first year of a cluster: its members and who runs it."""

    agencies = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    head = forms.ModelChoiceField(label=_("Head (Cụm trưởng)"), queryset=Agency.objects.none())
    deputy_1 = forms.ModelChoiceField(
        label=_("First deputy"), queryset=Agency.objects.none(), required=False
    )
    deputy_2 = forms.ModelChoiceField(
        label=_("Second deputy"), queryset=Agency.objects.none(), required=False
    )

    class Meta:
        model = ClusterYear
        fields = ["year", *YEAR_SETTING_FIELDS]
        widgets = DATE_WIDGETS
        field_classes = NUMBER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.labelled().order_by("short_name", "valid_from")
        year = self.picker_year()
        if year is not None:
            # Only the agencies that exist during the year typed (or proposed): a record merged
            # away before it, or a successor created after it, is not offered.
            agencies = agencies.existing_during(
                datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            )
            self.fields["agencies"].help_text = _(
                "The agencies that exist during %(year)s. To pick among another year's agencies, "
                "change the year and save: the list follows the year."
            ) % {"year": year}
        for name in ("agencies", "head", "deputy_1", "deputy_2"):
            self.fields[name].queryset = agencies

    def picker_year(self) -> int | None:
        """The year the pickers are for: the one typed in a sent form, else the proposed one."""
        raw = self.data.get("year") if self.is_bound else self.initial.get("year")
        try:
            year = int(raw)
        except (TypeError, ValueError):
            return None
        return year if datetime.MINYEAR < year < datetime.MAXYEAR else None

    def clean(self):
        data = super().clean()
        members = set(data.get("agencies") or [])
        for role in ("head", "deputy_1", "deputy_2"):
            officer = data.get(role)
            if officer and officer not in members:
                self.add_error(role, _("The officers must be among the members."))
        return data


class MemberAddForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, cluster_year: ClusterYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            Agency.objects.labelled()
            .existing_during(cluster_year.first_day, cluster_year.last_day)
            .exclude(memberships__cluster_year=cluster_year)
            .order_by("short_name", "valid_from")
        )


class OfficersForm(forms.Form):
    head = MembershipChoiceField(label=_("Head (Cụm trưởng)"), queryset=Membership.objects.none())
    deputy_1 = MembershipChoiceField(
        label=_("First deputy"), queryset=Membership.objects.none(), required=False
    )
    deputy_2 = MembershipChoiceField(
        label=_("Second deputy"), queryset=Membership.objects.none(), required=False
    )

    def __init__(self, *args, cluster_year: ClusterYear, **kwargs):
        super().__init__(*args, **kwargs)
        members = cluster_year.memberships.select_related("agency")
        for name in ("head", "deputy_1", "deputy_2"):
            self.fields[name].queryset = members


class ElectionForm(forms.Form):
    """Next year's officers, chosen among this year's current members."""

    head = forms.ModelChoiceField(label=_("Head (Cụm trưởng)"), queryset=Agency.objects.none())
    deputy_1 = forms.ModelChoiceField(
        label=_("First deputy"), queryset=Agency.objects.none(), required=False
    )
    deputy_2 = forms.ModelChoiceField(
        label=_("Second deputy"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args, cluster_year: ClusterYear, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = (
            Agency.objects.labelled()
            .filter(memberships__cluster_year=cluster_year, memberships__left_on__isnull=True)
            .order_by("short_name")
        )
        for name in ("head", "deputy_1", "deputy_2"):
            self.fields[name].queryset = agencies


class CovenantForm(forms.ModelForm):
    commitments = forms.CharField(
        label=_("Commitments"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One commitment per line; they are numbered in this order."),
    )

    class Meta:
        model = Covenant
        fields = ["title", "number", "signed_on", "place", "preamble"]
        widgets = {"signed_on": DateInput(), "preamble": forms.Textarea(attrs={"rows": 3})}

    def commitment_lines(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["commitments"].splitlines() if line.strip()
        ]


class PerMemberForm(forms.Form):
    """One row of fields per member of the year (signatures, attendance)."""

    def row_fields(self) -> dict[str, forms.Field]:
        raise NotImplementedError

    def __init__(self, *args, memberships, recorded: dict[int, dict] | None = None, **kwargs):
        """`recorded`: what is already recorded, {membership pk: {row field: value}}."""
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        fields = self.row_fields()
        self.row_names = list(fields)
        self.row_labels = [field.label for field in fields.values()]
        recorded = recorded or {}
        for membership in self.memberships:
            for name, field in self.row_fields().items():
                field.label = f"{field.label} — {membership.label}"
                field.initial = recorded.get(membership.pk, {}).get(name)
                self.fields[f"{name}_{membership.pk}"] = field

    def rows(self):
        """(membership, [bound fields]) for the template's table."""
        return [
            (membership, [self[f"{name}_{membership.pk}"] for name in self.row_names])
            for membership in self.memberships
        ]

    def value(self, name: str, membership: Membership):
        return self.cleaned_data.get(f"{name}_{membership.pk}")


class SignatoriesForm(PerMemberForm):
    def row_fields(self) -> dict[str, forms.Field]:
        return {
            "name": forms.CharField(label=_("Signed by"), max_length=150, required=False),
            "title": forms.CharField(label=_("Title"), max_length=150, required=False),
        }

    def signatures(self) -> list[Signature]:
        return [
            Signature(
                membership=membership,
                signer_name=self.value("name", membership) or "",
                signer_title=self.value("title", membership) or "",
            )
            for membership in self.memberships
        ]


class AttendanceForm(PerMemberForm):
    def row_fields(self) -> dict[str, forms.Field]:
        return {
            "present": forms.BooleanField(label=_("Present"), required=False),
            "name": forms.CharField(label=_("Delegate"), max_length=150, required=False),
            "title": forms.CharField(label=_("Delegate's title"), max_length=200, required=False),
        }

    def delegates(self) -> list[Delegate]:
        return [
            Delegate(
                membership=membership,
                name=self.value("name", membership) or "",
                title=self.value("title", membership) or "",
            )
            for membership in self.memberships
            if self.value("present", membership)
        ]

    def clean(self):
        data = super().clean()
        for membership in self.memberships:
            if self.value("name", membership) and not self.value("present", membership):
                self.add_error(
                    f"present_{membership.pk}",
                    _("Tick “present” for %(agency)s or clear its delegate.")
                    % {"agency": membership.agency.short_name},
                )
        return data


class ConferenceForm(forms.ModelForm):
    class Meta:
        model = Conference
        fields = [
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "place",
            "host",
            "chair_name",
            "chair_title",
            "summary",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"host": MembershipChoiceField}

    def __init__(self, *args, cluster_year: ClusterYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster_year = cluster_year
        members = cluster_year.memberships.select_related("agency")
        if self.instance.starts_on:  # the members on the conference's date, and its host
            members = members.filter(
                Q(pk__in=cluster_year.memberships.on(self.instance.starts_on).values("pk"))
                | Q(pk=self.instance.host_id)
            )
        self.fields["host"].queryset = members
        self.fields["host"].label_from_instance = lambda membership: membership.label


class GuestForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["name", "title", "organisation"]


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ConferenceDocument
        fields = ["title"]


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["kind", "file", "caption"]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = list(AGENCY_FIELDS)
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class AgencyMergeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label=_("Agencies that merge"),
        queryset=Agency.objects.labelled()
        .filter(successor__isnull=True)
        .order_by("short_name", "valid_from"),
        widget=forms.CheckboxSelectMultiple,
    )
    into = forms.ModelChoiceField(
        label=_("Into"),
        queryset=Agency.objects.labelled()
        .filter(successor__isnull=True)
        .order_by("short_name", "valid_from"),
    )
    effective = forms.DateField(label=_("From"), widget=DateInput())
    confirm = forms.BooleanField(
        label=_("Record it even though it changes years whose ranking is published"),
        required=False,
        help_text=_("Needed only when the merger falls in a closed year: you are told which."),
    )


class MergerDateForm(forms.Form):
    effective = forms.DateField(label=_("The merger takes effect on"), widget=DateInput())
    confirm = forms.BooleanField(
        label=_("Correct it even though it changes years whose ranking is published"),
        required=False,
        help_text=_("Needed only when the correction touches a closed year: you are told which."),
    )


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Agency.Kind.choices]
    )
    former = forms.BooleanField(label=_("Include former agencies"), required=False)
