"""Forms of the accounts pages: they validate, the services act."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import User

from . import services


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    as_agency_admin = forms.BooleanField(
        label=_("Agency administrator"),
        required=False,
        help_text=_("May add, deactivate and reactivate the agency's accounts."),
    )

    def __init__(self, *args, may_name_admin: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_name_admin:
            del self.fields["as_agency_admin"]


class InvitationAcceptForm(forms.Form):
    username = UsernameField(
        label=_("User name"),
        max_length=150,
        help_text=_("What you will type to sign in, e.g. “nguyenvana”."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation=None, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"]
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This user name is taken: choose another."))
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first and self.invitation is not None:
            person = User(
                username=cleaned.get("username", ""),
                email=self.invitation.email,
                full_name=self.invitation.full_name,
            )
            try:
                password_validation.validate_password(first, person)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    notification_mail = forms.ChoiceField(
        label=_("Notifications by e-mail"),
        choices=User.Mail.choices,
        widget=forms.RadioSelect,
        help_text=_("Every notification stays in the application's list, whatever you choose."),
    )


class LoginForm(AuthenticationForm):
    """Django's sign-in, which also says plainly when an account has been deactivated."""

    def get_invalid_login_error(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        person = User.objects.filter(username=username, is_active=False).first()
        if person is not None and password and person.check_password(password):
            services.sign_in_refused(person=person)
            return ValidationError(
                _(
                    "This account has been deactivated. Ask your agency's administrator to "
                    "reactivate it."
                ),
                code="inactive",
            )
        return super().get_invalid_login_error()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
