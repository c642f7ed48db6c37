"""The large hostile files of issue 16, which the tests try only in small sizes.

Each import runs as `oversight …` in a subprocess against a new, empty
database, as a user would run it. Besides the time, the benchmark checks what
the tests check on the small files: a refusal naming the file (never a
traceback), and the process's peak memory under the bound docs/imports.md
states (1 GB whatever the file holds). A miss raises, so the benchmark shows
as an error, not a time.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from oversight.bench import benchmark

MEMORY_BOUND_MB = 1024
FLOOD_BYTES = 100 << 20


def _run(ctx, args: list[str]) -> tuple[int, dict | None, int]:
    """Exit code, JSON report (None if the output was not JSON) and peak memory in MB of `oversight ARGS`."""
    env = {**os.environ, "DATABASE_URL": ctx.fresh_database_url()}
    with open(Path(ctx.tmp) / "hostile.out", "w+b") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "oversight.cli", *args, "--format", "json"],
            env=env,
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        try:
            report = json.loads(out.read())
        except ValueError:
            report = None
    return proc.returncode, report, usage.ru_maxrss // 1024


def _check_refused(ctx, args: list[str], file: str) -> None:
    code, report, peak_mb = _run(ctx, args)
    if code == 0 or report is None:
        raise RuntimeError(f"{file} was not refused with a report (exit {code})")
    if not any(e.get("file") == file for e in report.get("errors", [])):
        raise RuntimeError(f"the refusal of {file} does not name it: {report.get('errors', [])[:2]}")
    if peak_mb > MEMORY_BOUND_MB:
        raise RuntimeError(f"peak memory {peak_mb} MB over the bound of {MEMORY_BOUND_MB} MB")


def _ssd_flood(ctx, name: str, content: bytes):
    folder = Path(ctx.tmp) / f"flood-{name}"
    folder.mkdir(exist_ok=True)
    (folder / "ssd_person.csv").write_bytes(content)
    return lambda: _check_refused(ctx, ["import", "ssd", str(folder), "--as-at", "2024-03-31"], "ssd_person.csv")


@benchmark("imports: a 100 MB SSD file of blank lines refused, naming it, in under 1 GB of memory", target_seconds=20)
def ssd_blank_lines(ctx):
    return _ssd_flood(ctx, "newlines", b"pers_person_id,pers_dob\n" + b"\n" * FLOOD_BYTES)


@benchmark("imports: a 100 MB SSD file of commas refused, naming it, in under 1 GB of memory", target_seconds=20)
def ssd_commas(ctx):
    return _ssd_flood(ctx, "commas", b"," * FLOOD_BYTES)


def audits_workbook(rows: int, dimension: str | None = None) -> bytes:
    """An xlsx of past audits with ROWS rows, its sheet XML streamed (openpyxl would take minutes for a million)."""
    import openpyxl

    from oversight.audits.importer import COLUMNS

    book = openpyxl.Workbook()
    book.active.append(COLUMNS)
    small = io.BytesIO()
    book.save(small)
    ref = dimension or f"A1:I{rows + 1}"
    out = io.BytesIO()
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, src.read(info.filename))
                continue
            with dst.open(info.filename, "w") as sheet:
                ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
                sheet.write(f'<worksheet xmlns="{ns}"><dimension ref="{ref}"/><sheetData>'.encode())
                sheet.write(_row(1, COLUMNS))
                for i in range(rows):
                    sheet.write(_row(i + 2, [f"Q{i}", "A1", "practice", "alice", "2024-01-10", "Good", "", "", ""]))
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _row(number: int, values: list[str]) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f'<row r="{number}">{cells}</row>'.encode()


@benchmark("audits: a 1,048,576-row past-audits workbook refused, naming it, in under 1 GB", target_seconds=10)
def audits_million_rows(ctx):
    path = Path(ctx.tmp) / "audits-1048576.xlsx"
    path.write_bytes(audits_workbook(1_048_575))
    return lambda: _check_refused(ctx, ["audits", "import", str(path)], path.name)


@benchmark("audits: 20,000 past audits in a workbook claiming the whole grid (A1:XFD1048576) loaded", target_seconds=30)
def audits_whole_grid(ctx):
    path = Path(ctx.tmp) / "audits-grid.xlsx"
    path.write_bytes(audits_workbook(20_000, "A1:XFD1048576"))

    def load():
        code, report, peak_mb = _run(ctx, ["audits", "import", str(path)])
        if code != 0 or not report or report.get("counts", {}).get("rows") != 20_000:
            raise RuntimeError(f"the workbook did not load whole (exit {code}): {(report or {}).get('errors', [])[:2]}")
        if peak_mb > MEMORY_BOUND_MB:
            raise RuntimeError(f"peak memory {peak_mb} MB over the bound of {MEMORY_BOUND_MB} MB")

    return load
