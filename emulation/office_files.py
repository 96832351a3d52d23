"""Office files (zip packages: .xlsx, .docx, .odt…) looked into with bounds.

An upload's size on the wire says nothing of what it unpacks to: a 1 MB zip can hold a part
that inflates to gigabytes. So, before any part is unpacked:

- `check_zip(file, limits)` reads the zip's end record and directory only and refuses a file
  with too many parts, too much uncompressed data or a part compressed beyond a sane ratio.
  Python's zipfile never inflates a part past the size its directory declares, so a directory
  that lies about a size only makes that part unreadable, never larger.
- `zip_office_type(file)` recognises Office Open XML and OpenDocument files from the directory
  and at most a few bytes of the `mimetype` part.
- `open_workbook(file)` opens an .xlsx in openpyxl's read-only mode after those checks, and
  `sheet_rows(sheet, …)` reads a sheet row by row with limits on rows (blank ones count),
  columns and time.

Every refusal is an `OfficeFileError` whose message a user can read.
"""

from __future__ import annotations

import io
import signal
import struct
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MiB = 1024 * 1024

OOXML_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}
MIMETYPE_MAX_BYTES = 100  # the longest ODF type is 47 bytes


class OfficeFileError(ValueError):
    """The file is refused; str() is a message a user can read."""


class BeyondLimits(OfficeFileError):
    """The file would unpack to more than the limits allow."""


@dataclass(frozen=True)
class ZipLimits:
    parts: int  # entries in the directory
    total_bytes: int  # all parts together, uncompressed
    ratio: int  # uncompressed / compressed, for a part above `ratio_from_bytes`
    ratio_from_bytes: int = 1 * MiB  # small parts (XML headers) compress well and harm no one
    named_parts: tuple[tuple[str, int], ...] = ()  # (part, its own limit in bytes)


# Evidence is stored, never unpacked: the limits only refuse files no office program made.
EVIDENCE_LIMITS = ZipLimits(parts=5000, total_bytes=512 * MiB, ratio=100)
# A workbook the application reads: a few sheets of a few thousand rows.
# openpyxl reads the styles slowly (60,000 cell formats, 2 MB: 9 s); Excel's own files with
# hundreds of formats take a few kilobytes.
WORKBOOK_LIMITS = ZipLimits(
    parts=200, total_bytes=32 * MiB, ratio=100, named_parts=(("xl/styles.xml", 1 * MiB),)
)

_END_RECORD = struct.Struct("<4s4H2LH")  # end of central directory, without its comment
_END_SIGNATURE = b"PK\x05\x06"


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    return size


def _not_office() -> OfficeFileError:
    return OfficeFileError(_("The file is damaged or is not an office document."))


def _entries_declared(file: IO[bytes], size: int, limits: ZipLimits) -> None:
    """Refuse a directory too large to read, from the end record alone (its last 64 KiB)."""
    tail = min(size, _END_RECORD.size + 0xFFFF)
    file.seek(size - tail)
    data = file.read(tail)
    at = data.rfind(_END_SIGNATURE)
    if at < 0 or len(data) - at < _END_RECORD.size:
        raise _not_office()
    _signature, _disk, _start, _here, entries, directory_size, _offset, _comment = (
        _END_RECORD.unpack_from(data, at)
    )
    # 46 bytes of fixed header and a name per entry; 0xFFFF entries means a zip64 directory.
    if entries >= 0xFFFF or entries > limits.parts or directory_size > limits.parts * 1024:
        raise BeyondLimits(
            _("The file holds more than %(limit)s parts: it is not a document this site reads.")
            % {"limit": number_format(limits.parts, force_grouping=True)}
        )


def check_zip(file: IO[bytes], limits: ZipLimits) -> zipfile.ZipFile:
    """The zip's directory, once it is known to be within `limits`; nothing is unpacked.

    The caller closes the returned archive (or uses it in a `with`)."""
    size = _size(file)
    _entries_declared(file, size, limits)
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _not_office() from None
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    too_large = None
    if len(infos) > limits.parts:
        too_large = _("The file holds more than %(limit)s parts.") % {
            "limit": number_format(limits.parts, force_grouping=True)
        }
    elif total > limits.total_bytes:
        too_large = _("The file unpacks to %(size)s; the limit is %(limit)s.") % {
            "size": filesizeformat(total),
            "limit": filesizeformat(limits.total_bytes),
        }
    else:
        named = dict(limits.named_parts)
        for info in infos:
            if info.file_size > named.get(info.filename, info.file_size):
                too_large = _(
                    "A part of the file (%(name)s) is %(size)s; the limit is %(limit)s."
                ) % {
                    "name": info.filename,
                    "size": filesizeformat(info.file_size),
                    "limit": filesizeformat(named[info.filename]),
                }
                break
            if info.file_size > limits.ratio_from_bytes and info.file_size > limits.ratio * max(
                info.compress_size, 1
            ):
                too_large = _(
                    "A part of the file (%(name)s) unpacks to %(size)s from %(packed)s: "
                    "no office program writes that, the file is refused."
                ) % {
                    "name": info.filename[:80],
                    "size": filesizeformat(info.file_size),
                    "packed": filesizeformat(info.compress_size),
                }
                break
    if too_large:
        archive.close()
        raise BeyondLimits(too_large)
    return archive


def zip_office_type(file: IO[bytes], limits: ZipLimits = EVIDENCE_LIMITS) -> tuple[str, str] | None:
    """(content type, extension) of an Office Open XML or OpenDocument file, recognised from
    its directory and at most 100 bytes of its `mimetype`; None for any other or a damaged
    zip; BeyondLimits for one that would unpack beyond `limits`."""
    try:
        with check_zip(file, limits) as archive:
            names = {info.filename: info for info in archive.infolist()}
            mimetype = names.get("mimetype")
            if mimetype is not None and mimetype.file_size <= MIMETYPE_MAX_BYTES:
                with archive.open(mimetype) as part:
                    declared = part.read(MIMETYPE_MAX_BYTES).strip()
                if declared in ODF_TYPES:
                    return declared.decode(), ODF_TYPES[declared]
            if "[Content_Types].xml" in names:
                for prefix, found in OOXML_TYPES.items():
                    if any(name.startswith(prefix) for name in names):
                        return found
    except BeyondLimits:
        raise
    except (OfficeFileError, zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return None
    finally:
        file.seek(0)
    return None


# Workbooks ---------------------------------------------------------------------------------

# The processor time a workbook may take to be read, whatever it holds: processor time, not
# the clock's, so that a busy server does not refuse a sound file (a review workbook of 60
# members × 120 criteria takes about a second).
WORKBOOK_SECONDS = 8.0


def _unreadable() -> OfficeFileError:
    return OfficeFileError(
        _(
            "This file cannot be read as an Excel workbook (.xlsx). Open it in Excel or "
            "LibreOffice, save it as “Excel Workbook (.xlsx)” and upload it again."
        )
    )


class _Sheet(ReadOnlyWorksheet):
    def _get_size(self) -> None:
        """openpyxl reads the size a sheet claims as it opens the workbook, and parses the
        whole sheet to find it when the claim is missing (a 30 MB sheet of empty rows: tens
        of seconds). The size is never used here (`sheet_rows` reads row by row)."""


class _Reader(ExcelReader):
    def read_worksheets(self) -> None:
        """The worksheets, in read-only mode, without their claimed size; charts are not
        read."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


class _TooLong(BaseException):
    """Raised by the alarm; a BaseException, so that no `except Exception` on the way (in
    openpyxl or here) takes it for a broken file and goes on."""


@contextmanager
def _time_bound(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` of processor time (_TooLong), wherever it is:
    parsing styles, shared strings or a row of a million cells. Signals reach the main thread
    only (gunicorn's sync workers, management commands); elsewhere `sheet_rows` checks the
    time between rows."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum, _frame):
        raise _TooLong

    previous = signal.signal(signal.SIGVTALRM, stop)
    outer, _interval = signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    started = time.process_time()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
        if outer:  # someone else's timer was running: give it back what remains of it
            used = time.process_time() - started
            signal.setitimer(signal.ITIMER_VIRTUAL, max(outer - used, 0.001))


def _too_long() -> OfficeFileError:
    return OfficeFileError(_("The file takes too long to read: it is not a table this site reads."))


@contextmanager
def open_workbook(file: IO[bytes], *, seconds: float = WORKBOOK_SECONDS) -> Iterator[Workbook]:
    """An uploaded .xlsx in read-only mode (values, not formulas), after the size checks.

    Only the directory is read before the checks; openpyxl then reads the workbook's own
    parts, the styles and the shared strings, which the checks bound. The sheets are read
    later, row by row, through `sheet_rows`."""
    size = _size(file)
    if size == 0:
        raise OfficeFileError(_("The file is empty."))
    if size > settings.UPLOAD_MAX_BYTES:
        raise OfficeFileError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            }
        )
    if file.read(4) != b"PK\x03\x04":
        raise _unreadable()
    try:
        check_zip(file, WORKBOOK_LIMITS).close()
    except BeyondLimits:
        raise
    except OfficeFileError:
        raise _unreadable() from None
    file.seek(0)
    try:
        with _time_bound(seconds):
            try:
                reader = _Reader(file, read_only=True, data_only=True, keep_links=False)
                reader.read()
            except Exception:  # not a workbook inside, broken XML, a part that lied…
                raise _unreadable() from None
            try:
                yield reader.wb
            finally:
                reader.wb.close()
    except _TooLong:
        raise _too_long() from None


def visible_sheet(workbook: Workbook, name: str):
    """The sheet called `name`, else the first sheet; refused when hidden, with its name,
    and when `name` is absent but a hidden sheet would be read instead of a visible one."""
    hidden = [sheet.title for sheet in workbook.worksheets if sheet.sheet_state != "visible"]
    if name in workbook.sheetnames:
        sheet = workbook[name]
    else:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise _unreadable()
    if sheet.sheet_state != "visible" or hidden:
        raise OfficeFileError(
            _(
                "The workbook has hidden sheets (%(sheets)s). Show or delete them in Excel "
                "so that what is read is what you see, and upload it again."
            )
            % {"sheets": ", ".join(f"“{title}”" for title in hidden)}
        )
    return sheet


def sheet_rows(
    sheet, *, max_rows: int, max_columns: int, seconds: float = WORKBOOK_SECONDS
) -> Iterator[tuple[int, tuple]]:
    """(row number, values of the first `max_columns` cells) for every row of the sheet,
    blank rows included; OfficeFileError past `max_rows` rows or `seconds` of reading."""
    deadline = time.process_time() + seconds
    sheet.reset_dimensions()  # trust the rows, not the size the file claims
    try:
        for number, values in enumerate(
            sheet.iter_rows(max_col=max_columns, values_only=True), start=1
        ):
            if number > max_rows:
                raise OfficeFileError(
                    _(
                        "The sheet “%(sheet)s” has more than %(limit)s rows (blank rows count "
                        "too): delete the rows below your table and upload it again."
                    )
                    % {"sheet": sheet.title, "limit": number_format(max_rows, force_grouping=True)}
                )
            if time.process_time() > deadline:
                raise OfficeFileError(
                    _("The sheet “%(sheet)s” takes too long to read: it is not a table.")
                    % {"sheet": sheet.title}
                )
            yield number, values
    except OfficeFileError:
        raise
    except Exception:  # read-only mode parses the sheet's XML while reading: broken inside
        raise _unreadable() from None
