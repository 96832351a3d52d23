import dataclasses

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput

from .models import DocumentKind, IssuedDocument, TermReport

Capacity = IssuedDocument.Capacity
OWN = "own"  # the form's value for signing in one's own right (the model's is empty)


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


class IssueForm(forms.Form):
    """Issuing a document: who signs (a member of the secretariat's staff, with the capacity
    the register proposes), and the date it bears."""

    signer = forms.ChoiceField(label=_("Signer"))
    capacity = forms.ChoiceField(
        label=_("Capacity"),
        choices=[
            ("", _("As their office implies: TM. for the head, KT. for a deputy")),
            *[(value, label) for value, label in Capacity.choices if value],
            (OWN, Capacity.OWN.label),
        ],
        required=False,
    )
    issued_on = forms.DateField(label=_("Dated"), widget=DateInput())

    def __init__(self, *args, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.signers = {str(user.pk): signer for user, signer in signers}
        self.fields["signer"].choices = [
            (str(user.pk), f"{signer.name} · {signer.title or signer.position}")
            for user, signer in signers
        ]

    def signer_chosen(self, *, collective: str, head_position: str):
        """The chosen signer, with the capacity the form says: TM. signs for the `collective`
        (the cluster), KT. for the head (`head_position`)."""
        signer = self.signers[self.cleaned_data["signer"]]
        capacity = self.cleaned_data["capacity"]
        if not capacity:
            return signer
        if capacity == OWN:
            return dataclasses.replace(signer, capacity=Capacity.OWN, signing_for="")
        if capacity == Capacity.ACTING:
            return dataclasses.replace(
                signer, capacity=capacity, signing_for="", position=head_position
            )
        signing_for = collective if capacity == Capacity.ON_BEHALF else head_position
        return dataclasses.replace(signer, capacity=capacity, signing_for=signing_for)


class RegisterFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *DocumentKind.choices], required=False
    )
    issued_from = forms.DateField(label=_("Issued from"), required=False, widget=DateInput())
    issued_until = forms.DateField(label=_("Issued until"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Summary or signer contains"), required=False, max_length=100)

    def filter(self, documents):
        if not self.is_valid():
            return documents
        data = self.cleaned_data
        if data["kind"]:
            documents = documents.filter(kind=data["kind"])
        if data["issued_from"]:
            documents = documents.filter(issued_on__gte=data["issued_from"])
        if data["issued_until"]:
            documents = documents.filter(issued_on__lte=data["issued_until"])
        if data["q"]:
            documents = documents.filter(
                Q(title__icontains=data["q"]) | Q(signer_name__icontains=data["q"])
            )
        return documents


class CertificateForm(forms.Form):
    pkcs12_file = forms.FileField(
        label=_("Certificate (PKCS#12: .p12, .pfx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx"}),
    )
    password = forms.CharField(
        label=_("Its password"), widget=forms.PasswordInput(render_value=False), required=False
    )

    def clean_pkcs12_file(self):
        upload = self.cleaned_data["pkcs12_file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("A certificate file is smaller than 1 MB."))
        return upload.read()


class RemoteSignForm(forms.Form):
    credential_id = forms.CharField(
        label=_("Your credential at the remote-signing service"), max_length=200
    )
    pin = forms.CharField(
        label=_("PIN or one-time password, if the service asks for one"),
        required=False,
        max_length=100,
        widget=forms.PasswordInput(render_value=False),
    )


class VerifyForm(forms.Form):
    pdf = forms.FileField(
        label=_("The PDF to check"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )
