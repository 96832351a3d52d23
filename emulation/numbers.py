"""The one reader of numbers typed or pasted the Vietnamese way.

"," is the decimal mark and "." groups thousands: "1.000" is one thousand and "1.250,5" is
1250,5. A "." that is not followed by exactly three digits ("8.5") can only be a decimal mark,
since no Vietnamese number is written so, and is read as one. Spaces (also non-breaking) may
group thousands too. Every form and every spreadsheet reads numbers through `parse_number`;
forms use `NumberField`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")
NOT_A_NUMBER = _("Enter a number, for example 8,5 or 1.250,5.")
MISPLACED_DOT = _("A dot only groups thousands (1.000); a comma marks the decimals (8,5).")


class NumberError(ValueError):
    """The text is not a number; str() is a message a user can read."""


def parse_number(value: str | int | float | Decimal) -> Decimal:
    """The number `value` stands for, read the Vietnamese way; NumberError if it is none.

    Numbers that are already numbers (a spreadsheet's numeric cell) are taken as they are.
    """
    if isinstance(value, bool):
        raise NumberError(str(NOT_A_NUMBER))
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _SPACES.sub("", str(value))
    sign = "-" if text.startswith("-") else ""
    text = text[1:] if text[:1] in "+-" else text
    whole, comma, fraction = text.partition(",")
    if "." in whole:
        if _GROUPED.fullmatch(whole):
            whole = whole.replace(".", "")
        elif not comma and whole.count(".") == 1:
            whole, fraction = whole.split(".")  # "8.5": the dot can only be a decimal mark
        else:
            raise NumberError(str(MISPLACED_DOT))
    if not _DIGITS.fullmatch(whole or "0") or not _DIGITS.fullmatch(fraction or "0"):
        raise NumberError(str(NOT_A_NUMBER))
    if not whole and not fraction or comma and not fraction:
        raise NumberError(str(NOT_A_NUMBER))
    return Decimal(f"{sign}{whole or '0'}.{fraction}" if fraction else f"{sign}{whole}")


class NumberField(forms.DecimalField):
    """A DecimalField that reads what people type ("1.000", "1.250,5", "8.5")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_number(value)
        except NumberError as error:
            raise ValidationError(str(error), code="invalid") from error
