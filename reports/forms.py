from django import forms

from clusters.forms import DateInput

from .models import TermReport


class TermReportForm(forms.ModelForm):
    class Meta:
        model = TermReport
        fields = ["number", "place", "issued_on", "results", "limitations", "tasks"]
        widgets = {
            "issued_on": DateInput(),
            "results": forms.Textarea(attrs={"rows": 10}),
            "limitations": forms.Textarea(attrs={"rows": 6}),
            "tasks": forms.Textarea(attrs={"rows": 6}),
        }
