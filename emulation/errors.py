"""The domain's own error: what a service raises when it refuses a step."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A refusal in words a user can read.

    `field` names the one thing it is about, in the domain's terms: a model field
    ("ends_on") or a key its caller understands (a criterion's id); a dict gives several at
    once, a list several messages about the whole. Services never name a form's fields:
    emulation.service_forms maps the keys onto the form (a form may translate a key with
    `error_field(key)`). It is a ValidationError, so that a refusal and a model's own
    validation (full_clean) reach the page the same way.
    """

    def __init__(self, message, *, field: str | int | None = None, code: str | None = None):
        self.field = field
        super().__init__({field: message} if field is not None else message, code=code)
