"""The `<id:…>` URL converter: a database id, digits that fit the 64-bit integer every
database here stores ids in. A longer number matches no URL, so it is a 404 like any id that
does not exist, not a 500 from a database that cannot hold it (SQLite overflows)."""

from __future__ import annotations

from django.urls import register_converter

LARGEST_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST_ID:
            raise ValueError(value)  # no match: 404
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
