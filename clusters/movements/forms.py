"""Forms of the movement pages; the services in services.py act on what they validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput
from clusters.models import Agency, Conference

from .models import Movement, MovementContent, MovementPhase
from .services import ContentText, PhaseDates, Plan, ReportEntry

NEW_ROWS = 2  # blank rows offered for new contents or phases


class MovementForm(forms.ModelForm):
    class Meta:
        model = Movement
        fields = [
            "title",
            "kind",
            "occasion",
            "starts_on",
            "ends_on",
            "objectives",
            "requirements",
            "commendation",
            "organisation",
            "plan_place",
            "plan_date",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "plan_date": DateInput(),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "commendation": forms.Textarea(attrs={"rows": 3}),
            "organisation": forms.Textarea(attrs={"rows": 3}),
        }

    def plan(self) -> Plan:
        return Plan(**{name: self.cleaned_data[name] for name in self.Meta.fields})


class ContentsForm(forms.Form):
    """One text per content, in order, and blank rows for new ones; a cleared text removes."""

    def __init__(self, *args, contents: list[MovementContent], **kwargs):
        super().__init__(*args, **kwargs)
        self.contents = contents
        for content in contents:
            self.fields[f"text_{content.pk}"] = forms.CharField(
                label=_("Content %(number)s") % {"number": content.position},
                initial=content.text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for index in range(NEW_ROWS):
            self.fields[f"new_{index}"] = forms.CharField(
                label=_("New content"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def rows(self) -> list[ContentText]:
        data = self.cleaned_data
        return [ContentText(c, data[f"text_{c.pk}"]) for c in self.contents] + [
            ContentText(None, data[f"new_{i}"]) for i in range(NEW_ROWS)
        ]


class PhasesForm(forms.Form):
    """Dates of each phase and blank rows for new ones; a row without dates removes it."""

    def __init__(self, *args, phases: list[MovementPhase], **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = [(str(p.pk), p) for p in phases] + [(f"new{i}", None) for i in range(NEW_ROWS)]
        for key, phase in self.keys:
            label = _("Phase %(number)s") % {"number": phase.position} if phase else _("New phase")
            self.fields[f"start_{key}"] = forms.DateField(
                label=_("%(phase)s: from") % {"phase": label},
                required=False,
                widget=DateInput(),
                initial=phase.starts_on if phase else None,
            )
            self.fields[f"end_{key}"] = forms.DateField(
                label=_("%(phase)s: until") % {"phase": label},
                required=False,
                widget=DateInput(),
                initial=phase.ends_on if phase else None,
            )
            self.fields[f"aim_{key}"] = forms.CharField(
                label=_("%(phase)s: aim") % {"phase": label},
                required=False,
                max_length=500,
                initial=phase.aim if phase else "",
            )
            self.fields[f"deadline_{key}"] = forms.DateField(
                label=_("%(phase)s: reports due by") % {"phase": label},
                required=False,
                widget=DateInput(),
                initial=phase.report_deadline if phase else None,
            )
        for field in self.fields.values():  # a table of inputs, each named for the reader
            field.widget.attrs.update(
                {"class": "form-control form-control-sm", "aria-label": str(field.label)}
            )

    column_labels = (_("First day"), _("Last day"), _("Aim"), _("Reports due by"))

    def table(self) -> list[tuple[str, list]]:
        """(row label, bound fields) for the page's table: one row per phase."""
        return [
            (
                _("Phase %(number)s") % {"number": phase.position} if phase else _("New phase"),
                [self[f"{name}_{key}"] for name in ("start", "end", "aim", "deadline")],
            )
            for key, phase in self.keys
        ]

    def rows(self) -> list[PhaseDates]:
        data = self.cleaned_data
        return [
            PhaseDates(
                phase=phase,
                starts_on=data[f"start_{key}"],
                ends_on=data[f"end_{key}"],
                aim=data[f"aim_{key}"],
                report_deadline=data[f"deadline_{key}"],
            )
            for key, phase in self.keys
        ]


class AgencyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class ParticipantsForm(forms.Form):
    agencies = AgencyChoices(
        label=_("Participating agencies"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, movement: Movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(
            memberships__cluster_year=movement.cluster_year
        ).order_by("short_name")
        self.fields["agencies"].initial = list(
            movement.participants.values_list("agency_id", flat=True)
        )


class ConferenceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Conference) -> str:
        return f"{obj.starts_on:%d/%m/%Y} · {obj.title}"


class LaunchForm(forms.Form):
    """A cluster's movement is launched at a conference; an agency's on a date."""

    conference = ConferenceChoice(label=_("Launched at"), queryset=Conference.objects.none())
    launched_on = forms.DateField(label=_("Launched on"), widget=DateInput())

    def __init__(self, *args, movement: Movement, **kwargs):
        super().__init__(*args, **kwargs)
        if movement.cluster_year_id:
            year = movement.cluster_year
            self.fields["conference"].queryset = Conference.objects.filter(
                cluster_year__cluster_id=year.cluster_id,
                cluster_year__year__in=[year.year - 1, year.year],
            ).order_by("starts_on")
            del self.fields["launched_on"]
        else:
            del self.fields["conference"]


class PhaseReportForm(forms.Form):
    """The agency's report on each content, with an optional evidence file each."""

    def __init__(self, *args, contents: list[MovementContent], reports: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.contents = contents
        for content in contents:
            report = reports.get(content.pk)
            self.fields[f"text_{content.pk}"] = forms.CharField(
                label=f"{content.position}. {content.text}",
                required=False,
                initial=report.text if report else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"file_{content.pk}"] = forms.FileField(
                label=_("Evidence for content %(number)s (optional)")
                % {"number": content.position},
                required=False,
            )

    def entries(self) -> list[ReportEntry]:
        data = self.cleaned_data
        return [
            ReportEntry(
                content=content,
                text=data[f"text_{content.pk}"],
                upload=data[f"file_{content.pk}"] or None,
            )
            for content in self.contents
        ]
