"""Office files looked into with bounds: a corpus of malformed files made here (never
committed), each refused with its message, quickly and in little memory, whatever it would
unpack to."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from contextlib import contextmanager

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from clusters.uploads import checked_upload
from emulation.office_files import (
    EVIDENCE_LIMITS,
    BeyondLimits,
    OfficeFileError,
    ZipLimits,
    check_zip,
    open_workbook,
    sheet_rows,
    visible_sheet,
    zip_office_type,
)

MiB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def workbook_bytes(rows=(("Mã", "Tên"), ("1", "Nhóm"))) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Tiêu chí"
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def with_part(name: str, chunks, *, base: bytes | None = None) -> bytes:
    """A copy of `base` (a small workbook) whose part `name` is written from `chunks`,
    streamed, so that a part of gigabytes never sits in the test's memory either."""
    base = base or workbook_bytes()
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        with target.open(deflated(name), "w", force_zip64=True) as part:
            for chunk in chunks:
                part.write(chunk)
    return output.getvalue()


def deflated(name: str, level: int = 1) -> zipfile.ZipInfo:
    """A part compressed at the fastest level by default: only the sizes matter."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level  # what ZipFile.open(…, "w") reads (no public way in 3.11)
    return info


def zeros(total: int):
    chunk = b"\0" * MiB
    for _ in range(total // MiB):
        yield chunk


def sheet_of(rows):
    """A sheet part from an iterable of <row> elements, in chunks."""
    yield SHEET_HEAD
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 10_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)
    yield SHEET_TAIL


@contextmanager
def bounded(seconds: float, megabytes: int):
    """Assert that the block used at most `seconds` of processor time (the clock's time
    depends on how busy the machine is) and allocated at most `megabytes` at its peak
    (tracemalloc counts Python's allocations: the bytes unpacked, the parsed strings, the XML
    parser's buffers)."""
    tracemalloc.start()
    started = time.process_time()
    try:
        yield
    finally:
        elapsed = time.process_time() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * MiB, f"peaked at {peak / MiB:.0f} MiB"


def refusal_of(content: bytes) -> str:
    with (
        translation.override("en"),
        pytest.raises(OfficeFileError) as refused,
        open_workbook(io.BytesIO(content)) as workbook,
    ):
        sheet = visible_sheet(workbook, "Tiêu chí")
        for _row in sheet_rows(sheet, max_rows=2001, max_columns=30):
            pass
    return str(refused.value)


# Bombs -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_rows_bomb() -> bytes:
    """A sheet of empty rows that unpacks to 300 MB (the issue's 1.6 MB file unpacked to
    1.1 GB: the same file, smaller, to keep the test quick)."""
    row = b"<row/>" * 1000
    return with_part(SHEET, sheet_of(row for _ in range(50_000)))


def test_a_sheet_that_unpacks_to_hundreds_of_megabytes_is_refused_from_the_directory(
    empty_rows_bomb,
):
    assert len(empty_rows_bomb) < 3 * MiB
    with bounded(seconds=2, megabytes=40):
        message = refusal_of(empty_rows_bomb)
    assert message == "The file unpacks to 286.1\xa0MB; the limit is 32.0\xa0MB."


def test_a_huge_shared_strings_part_is_refused_before_it_is_parsed():
    strings = (b"<si><t>a</t></si>" * 10_000 for _ in range(2_000))  # 324 MiB
    content = with_part("xl/sharedStrings.xml", strings)
    with bounded(seconds=2, megabytes=40):
        message = refusal_of(content)
    assert "unpacks to" in message


def test_a_part_compressed_beyond_any_office_program_is_refused_even_under_the_total():
    content = with_part(SHEET, [SHEET_HEAD, b" " * (4 * MiB), SHEET_TAIL])
    with bounded(seconds=2, megabytes=20):
        message = refusal_of(content)
    assert SHEET in message
    assert "no office program" in message


def test_empty_rows_within_the_size_limits_count_towards_the_row_limit():
    # 300,000 empty rows: small enough to pass the zip checks, every one of them counted.
    rows = (b'<row r="%d"/>' % number for number in range(1, 300_001))
    content = with_part(SHEET, sheet_of(rows))
    with bounded(seconds=3, megabytes=60):
        message = refusal_of(content)
    assert "more than 2,001 rows" in message
    assert "blank rows count" in message
    assert "Tiêu chí" in message


def test_a_single_row_far_below_counts_the_gap_of_blank_rows_above_it():
    content = with_part(SHEET, sheet_of([b'<row r="1048576"><c r="A1048576"/></row>']))
    with bounded(seconds=2, megabytes=40):
        message = refusal_of(content)
    assert "more than 2,001 rows" in message


def test_one_empty_cell_per_row_in_the_last_column_is_read_in_milliseconds():
    # The 114 KB sheet of the issue that held a worker for 16–45 s: each row padded to
    # 16,384 columns. Only the first columns are read now.
    rows = (b'<row r="%d"><c r="XFD%d"/></row>' % (n, n) for n in range(1, 2001))
    content = with_part(SHEET, sheet_of(rows))
    with bounded(seconds=2, megabytes=40), open_workbook(io.BytesIO(content)) as workbook:
        read = list(sheet_rows(workbook.worksheets[0], max_rows=2001, max_columns=30))
    assert len(read) == 2000
    assert all(values == (None,) * 30 for _number, values in read)


def test_reading_stops_at_the_time_bound():
    content = workbook_bytes(rows=[(str(n), "x") for n in range(1, 500)])
    with (
        translation.override("en"),
        open_workbook(io.BytesIO(content)) as workbook,
        pytest.raises(OfficeFileError, match="takes too long to read"),
    ):
        for _row in sheet_rows(workbook.active, max_rows=1000, max_columns=5, seconds=-1):
            pass


def _read_a_row_of_a_million_cells() -> float:
    """Read one <row> element of a million cells under a 0.5 s bound; the processor time used.
    Parsing it takes seconds before the first row is yielded: only the alarm interrupts it."""
    cells = b"".join(b'<c r="A1"><v>%d</v></c>' % n for n in range(1_000_000))
    content = with_part(SHEET, sheet_of([b'<row r="1">' + cells + b"</row>"]))
    started = time.process_time()
    with (
        translation.override("en"),
        pytest.raises(OfficeFileError, match="takes too long to read"),
        open_workbook(io.BytesIO(content), seconds=0.5) as workbook,
    ):
        for _row in sheet_rows(workbook.active, max_rows=10, max_columns=5):
            pass
    return time.process_time() - started


def test_a_row_of_a_million_cells_is_cut_off_by_the_time_bound():
    # In a fresh interpreter, as in a gunicorn worker: the processor time that the bound
    # counts is the whole process's, which the threads a long test session leaves behind
    # (live servers, browsers' drivers) share.
    script = (
        "import django; django.setup();"
        "from tests.emulation.test_office_files import _read_a_row_of_a_million_cells as read;"
        "print(read())"
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "emulation.settings"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout.split()[-1]) < 1.5


def _lying(content: bytes, name: str, declared: int) -> bytes:
    """`content` whose directory and local header say part `name` unpacks to `declared`
    bytes, while its data unpacks to far more."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<L", data, local + 22, declared)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name.encode():
            struct.pack_into("<L", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_a_directory_that_lies_about_a_size_only_makes_the_part_unreadable():
    honest = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook_bytes())) as source,
        zipfile.ZipFile(honest, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename == SHEET:
                body = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                target.writestr(SHEET, SHEET_HEAD + body * 400_000 + SHEET_TAIL)
            else:
                target.writestr(item, source.read(item.filename))
    content = _lying(honest.getvalue(), SHEET, declared=50_000)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo(SHEET).file_size == 50_000
    with bounded(seconds=2, megabytes=40):
        message = refusal_of(content)
    assert "cannot be read as an Excel workbook" in message


def test_a_styles_part_beyond_its_own_limit_is_refused():
    formats = b"".join(b'<xf numFmtId="%d" fontId="0"/>' % n for n in range(60_000))
    content = with_part(
        "xl/styles.xml", [b"<styleSheet><cellXfs>", formats, b"</cellXfs></styleSheet>"]
    )
    with bounded(seconds=1, megabytes=20):
        message = refusal_of(content)
    assert message == "A part of the file (xl/styles.xml) is 1.9\xa0MB; the limit is 1.0\xa0MB."


def test_too_many_parts_are_refused_from_the_end_record_alone():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for number in range(300):
            archive.writestr(f"xl/part{number}.xml", b"")
    with translation.override("en"), pytest.raises(BeyondLimits, match="more than 200 parts"):
        check_zip(output, ZipLimits(parts=200, total_bytes=MiB, ratio=100))


# Evidence ----------------------------------------------------------------------------------


def _odf(mimetype_chunks) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(deflated("mimetype"), "w") as part:
            for chunk in mimetype_chunks:
                part.write(chunk)
        archive.writestr("content.xml", b"<office:document-content/>")
    return output.getvalue()


def _odf_bomb(megabytes: int) -> bytes:
    """An OpenDocument text whose `mimetype` unpacks to the type then `megabytes` MiB of
    zeros. The deflate stream is one compressed MiB repeated (each ends with a full flush,
    so it stands alone), then written into the zip by hand: seconds faster than deflating
    the zeros."""
    head = b"application/vnd.oasis.opendocument.text"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(b"\0" * MiB) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = first + block * megabytes + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for chunk in zeros(megabytes * MiB):
        crc = zlib.crc32(chunk, crc)
    size = len(head) + megabytes * MiB
    name = b"mimetype"
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(stream), size, len(name), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(stream),
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    directory = central + name
    offset = len(local) + len(name) + len(stream)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), offset, 0)
    return local + name + stream + directory + end


def test_an_opendocument_whose_mimetype_unpacks_to_a_gigabyte_is_refused_as_evidence():
    content = _odf_bomb(1024)  # the file: 0.97 MB whose mimetype unpacked to 1 GB
    assert len(content) < 2 * MiB
    with zipfile.ZipFile(io.BytesIO(content)) as archive:  # a sound zip, the bomb inside
        assert archive.getinfo("mimetype").file_size > 1024 * MiB
        with archive.open("mimetype") as part:
            assert part.read(39) == b"application/vnd.oasis.opendocument.text"
    upload = SimpleUploadedFile("bao-cao.odt", content)
    with (
        bounded(seconds=2, megabytes=40),
        translation.override("en"),
        pytest.raises(ValidationError) as refused,
    ):
        checked_upload(upload, allowed=("pdf", "image", "office"))
    assert refused.value.messages[0] == (
        "“bao-cao.odt”: The file unpacks to 1.0\xa0GB; the limit is 512.0\xa0MB."
    )


def test_a_sound_opendocument_is_recognised_from_a_few_bytes_of_its_mimetype():
    content = _odf([b"application/vnd.oasis.opendocument.text"])
    found = zip_office_type(io.BytesIO(content), EVIDENCE_LIMITS)
    assert found == ("application/vnd.oasis.opendocument.text", ".odt")


def test_a_long_mimetype_is_not_read_and_the_file_is_not_taken_for_opendocument():
    content = _odf([b"application/vnd.oasis.opendocument.text", b" " * 5000])
    assert zip_office_type(io.BytesIO(content), EVIDENCE_LIMITS) is None


# Hidden sheets -----------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_refused_with_its_name(state):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Tiêu chí"
    workbook.active.append(["Mã"])
    workbook.active.sheet_state = state
    visible = workbook.create_sheet("Tiêu chí (sửa)")
    visible.append(["Mã"])
    workbook.active = 1
    output = io.BytesIO()
    workbook.save(output)
    message = refusal_of(output.getvalue())
    assert "hidden sheets (“Tiêu chí”)" in message
