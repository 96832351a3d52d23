"""Files the application makes (PDFs, workbooks) sent as downloads, with names every browser
and every operating system keeps."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.text import slugify


def ascii_name(text: str) -> str:
    """Vietnamese as a plain file name: no diacritics (đ included), words joined by hyphens."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))


def download(content: bytes, *, title: str, extension: str, content_type: str) -> HttpResponse:
    """A file to save, named after its title: an ASCII name for old clients and the
    Vietnamese one (filename*) for the others."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{ascii_name(title) or "tai-lieu"}.{extension}"; '
        f"filename*=UTF-8''{quote(f'{title}.{extension}')}"
    )
    return response
