"""The one way a view hands a form to a service: validate, run, turn refusals into errors."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def submit(request: HttpRequest, form, action):
    """On a valid POST, run the service `action` and return what it returns.

    A refusal from the service (DomainError, or a model's ValidationError) becomes errors on
    the form, and None is returned, as it is for a GET or an invalid form: the view then
    renders the form again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action()
    except ValidationError as error:
        add_errors(form, error)
        return None


def form_step(
    request: HttpRequest,
    form,
    action,
    *,
    done: str,
    refused: Callable[[], HttpResponse],
    then=None,
) -> HttpResponse:
    """A form handed to the service `action` from a page that shows it: when the service
    succeeds, its message `done` and a redirect to `then` (anything redirect() takes; by
    default what the service returned); else `refused()`, the page again with the form's
    errors."""
    result = submit(request, form, action)
    if result is None:
        return refused()
    messages.success(request, done)
    return redirect(result if then is None else then)


def form_page(
    request: HttpRequest, form, action, *, done: str, title: str, then=None, **extra
) -> HttpResponse:
    """A form on a page of its own (render_form, which takes `extra`: back, intro,
    template…), handed to the service `action` as form_step does."""
    return form_step(
        request,
        form,
        action,
        done=done,
        then=then,
        refused=lambda: render_form(request, form, title, **extra),
    )


def run_step(request: HttpRequest, action, done: str):
    """A step without a form: run the service `action`; its refusal, or `done`, is the
    message shown on the next page. Returns what the service returns, None when refused."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, done)
    return result


def add_errors(form, error: ValidationError) -> None:
    """A refusal's messages on the form: each under the field its key names (a form may
    translate a domain key, such as a criterion's id, with `error_field(key)`), else on top."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            field = form.error_field(key) if hasattr(form, "error_field") else key
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def render_form(
    request: HttpRequest,
    form,
    title: str,
    back=None,
    template: str = "clusters/form.html",
    **extra,
) -> HttpResponse:
    """A form page; 400 when what was sent had errors."""
    context = {"form": form, "title": title, "back": back, **extra}
    return render(request, template, context, status=form_status(form))


def form_status(*forms) -> int:
    """400 when what was sent to any of the forms had errors, so tests and tools can tell."""
    return 400 if any(form.is_bound and form.errors for form in forms) else 200
