"""One way to take a step that cannot be undone: a page says what will happen (GET), and the
step is taken only when it comes back (POST) with its box ticked. No script is needed, so the
strict Content-Security-Policy stays as it is."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from emulation.service_forms import form_status


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read what will happen and want to go on."),
        error_messages={"required": _("Tick the box to confirm the step.")},
    )


class ReasonConfirmForm(ConfirmForm):
    """A step taken back: the reason is kept and told to those concerned."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the step is taken back.")},
    )
    field_order = ["reason", "confirm"]


def confirm_form(request: HttpRequest, form_class: type[ConfirmForm] = ConfirmForm) -> ConfirmForm:
    """The step's form, bound on a POST even when nothing was sent (the box left unticked),
    so that the refusal is shown."""
    return form_class(request.POST) if request.method == "POST" else form_class()


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    form: forms.Form,
    back_url: str,
    back_label: str,
    button: str,
    consequences: Sequence[str] = (),
    refusal: str = "",
) -> HttpResponse:
    """The page that asks before a step: what will happen, or why the step cannot be taken
    now (then without a button). 400 when what was sent had errors."""
    context = {
        "title": title,
        "form": form,
        "back_url": back_url,
        "back_label": back_label,
        "button": button,
        "consequences": consequences,
        "refusal": refusal,
    }
    return render(request, "confirm.html", context, status=form_status(form))
