"""Files that are not what they claim, zip bombs, macros, entities and runaway sheets: a clear error, nothing loaded."""

import datetime as dt
import io
import struct
import zipfile

import pytest

from oversight.imports.services import import_annex_a
from tests.imports import annex_a_book as book
from tests.imports.helpers import same, snapshot, workbook

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


@pytest.fixture
def good_bytes(tmp_path):
    return workbook(tmp_path / "good.xlsx", book.sheets()).read_bytes()


@pytest.fixture
def loaded(good_bytes, tmp_path):
    path = tmp_path / "first.xlsx"
    path.write_bytes(good_bytes)
    assert import_annex_a(path, AS_AT).ok
    return snapshot()


def rezip(data: bytes, change=None, add: dict | None = None) -> bytes:
    """A copy of the workbook zip with one part changed or parts added."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if change and info.filename in change:
                content = change[info.filename](content)
            dst.writestr(info.filename, content)
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def declare_size(data: bytes, part: str, size: int) -> bytes:
    """Make the zip's central directory claim PART expands to SIZE bytes."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02" + b"", 0)
    while at >= 0:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + name_len].decode() == part:
            struct.pack_into("<I", raw, at + 24, size)
            return bytes(raw)
        at = raw.find(b"PK\x01\x02", at + 4)
    raise AssertionError(part)


def set_encrypted(data: bytes) -> bytes:
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")
    struct.pack_into("<H", raw, at + 8, struct.unpack_from("<H", raw, at + 8)[0] | 1)
    return bytes(raw)


def run(tmp_path, data: bytes, name="hostile.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    report = import_annex_a(path, AS_AT)
    assert not report.ok
    errors = report.to_dict()["errors"]
    assert errors[0]["file"] == name
    return errors[0]["message"].lower()


CASES = [
    ("a csv renamed", lambda good: b"Child Unique ID,Gender\nA,F\n", "not an excel workbook"),
    ("binary junk", lambda good: bytes(range(256)) * 40, "not an excel workbook"),
    (
        "an old xls or encrypted workbook",
        lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "old-style .xls",
    ),
    ("a pdf", lambda good: b"%PDF-1.7\n...", "a pdf"),
    ("a zip of something else", lambda good: _plain_zip(), "not an excel workbook"),
    ("a truncated workbook", lambda good: good[: len(good) // 2], "damaged"),
    ("macros", lambda good: rezip(good, add={"xl/vbaProject.bin": b"\0" * 100}), "macros"),
    (
        "an entity declaration",
        lambda good: rezip(
            good,
            change={
                "xl/workbook.xml": lambda x: b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + x
            },
        ),
        "entities",
    ),
    ("a part claiming to expand to 4 GB", lambda good: declare_size(good, "xl/workbook.xml", 0xFFFFFFF0), "zip bomb"),
    ("an encrypted zip entry", lambda good: set_encrypted(good), "encrypted"),
]


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize("label,make,words", CASES, ids=[c[0] for c in CASES])
def test_a_hostile_file_is_refused_clearly_and_nothing_changes(loaded, good_bytes, tmp_path, label, make, words):
    message = run(tmp_path, make(good_bytes))
    assert words in message, message
    assert same(loaded, snapshot())


def test_a_highly_compressed_part_is_refused_as_a_zip_bomb(loaded, good_bytes, tmp_path, monkeypatch):
    cfg = tmp_path / "limits.toml"
    cfg.write_text("[imports]\nmax_compression_ratio = 100\n")
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(cfg))
    message = run(tmp_path, rezip(good_bytes, add={"xl/media/zeros.bin": b"\0" * (4 * 1024 * 1024)}))
    assert "zip bomb" in message and "100 to 1" in message
    assert same(loaded, snapshot())


def test_a_workbook_bigger_than_the_limit_is_refused_before_opening(loaded, good_bytes, tmp_path, monkeypatch):
    cfg = tmp_path / "limits.toml"
    cfg.write_text("[imports]\nmax_workbook_mb = 1\n")
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(cfg))
    message = run(tmp_path, rezip(good_bytes, add={"xl/media/noise.bin": bytes(range(256)) * 8192}))
    assert "more than the 1 mb allowed" in message


def test_a_sheet_with_a_stray_cell_far_away_is_refused_without_reading_it(loaded, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(workbook(tmp_path / "base.xlsx", book.sheets()))
    wb["Sheet7"]["XFD1048576"] = "stray"
    wb.save(tmp_path / "stray.xlsx")
    message = run(tmp_path, (tmp_path / "stray.xlsx").read_bytes())
    assert "1048576 rows by 16384 columns" in message and "stray cells" in message
    assert same(loaded, snapshot())


def test_drop_down_lists_and_formats_outside_the_cells_are_not_formulas(tmp_path, good_bytes):
    validation = (
        b'<extLst><ext uri="x"><x14:dataValidations><x14:dataValidation type="list"><x14:formula1>'
        b"<xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>G2:G500</xm:sqref></x14:dataValidation>"
        b"</x14:dataValidations></ext></extLst>"
    )
    data = rezip(
        good_bytes,
        change={"xl/worksheets/sheet2.xml": lambda x: x.replace(b"</worksheet>", validation + b"</worksheet>")},
    )
    path = tmp_path / "validated.xlsx"
    path.write_bytes(data)
    report = import_annex_a(path, AS_AT)
    assert report.ok, report.to_dict()["errors"]
