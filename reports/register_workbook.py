"""The register (sổ văn bản đi) of an issuing body's year (a cluster's, an agency's) as
.xlsx: a file the secretariat keeps beside its paper register, so its headers are fixed
Vietnamese whatever the page's language.

One sheet “Sổ văn bản đi”, one row per issued document in register order (kind, then
number): number and symbol, date, kind, summary, signer, capacity, signatures, SHA-256 of the
PDF as issued, and the number it replaces.
"""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from emulation.workbooks import workbook_bytes

from .documents import in_document_language
from .models import DocumentKind

SHEET = "Sổ văn bản đi"
HEADERS = [
    ("Số, ký hiệu", 16),
    ("Ngày ban hành", 14),
    ("Loại văn bản", 16),
    ("Trích yếu nội dung", 60),
    ("Người ký", 24),
    ("Thẩm quyền ký", 28),
    ("Chữ ký số", 36),
    ("SHA-256 bản ban hành", 66),
    ("Thay thế văn bản", 16),
]


@in_document_language
def register_workbook(issuer: str, year: int, entries) -> tuple[bytes, str]:
    """(the .xlsx bytes, the file's title) of the `entries` of `issuer`'s register (its name:
    the cluster's title, the agency's name) for `year`."""
    title = f"Sổ văn bản đi năm {year}"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([title.upper()])
    sheet.append([issuer])
    sheet.append(["Lập ngày", timezone.localdate()])
    sheet["B3"].number_format = "DD/MM/YYYY"
    sheet.append([])
    sheet.append([header for header, _width in HEADERS])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet["A1"].font = Font(bold=True, size=13)
    kinds = dict(DocumentKind.choices)
    for entry in sorted(entries, key=lambda e: (e.kind, e.number)):
        signatures = "; ".join(
            f"{s.signed_as} ({timezone.localtime(s.signed_at):%d/%m/%Y %H:%M})"
            for s in entry.signatures.all()
        )
        sheet.append(
            [
                entry.number_symbol,
                entry.issued_on,
                str(kinds[entry.kind]),
                entry.title,
                entry.signer_name,
                " ".join(filter(None, [entry.capacity_line, entry.signer_position.upper()])),
                signatures,
                entry.sha256,
                entry.replaces.number_symbol if entry.replaces_id else "",
            ]
        )
        sheet.cell(sheet.max_row, 2).number_format = "DD/MM/YYYY"
    for index, (_header, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.freeze_panes = "A6"
    return workbook_bytes(workbook), title
