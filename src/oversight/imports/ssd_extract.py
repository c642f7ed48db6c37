"""Reading and validating an SSD extract: a set of CSV files named after SSD tables.

Nothing is written here: the result is typed frames (SSD names) and a report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import polars as pl

from oversight.imports import csvfile, ssd_checks, ssd_derive, ssd_tables
from oversight.imports.report import Report
from oversight.people.ssd import tables

Progress = Callable[[str, int, int], None]


def file_entry(name: str, data: bytes) -> dict:
    return {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def match_files(paths: list[Path], report: Report) -> dict[str, Path]:
    """SSD table name -> file, by file name (ssd_person.csv), ignoring case."""
    known = {t.name for t in tables()}
    found: dict[str, Path] = {}
    for path in sorted(paths, key=lambda p: p.name.lower()):
        name = path.name
        if name.startswith(".") or name.startswith("__MACOSX"):
            continue
        stem, dot, ext = name.lower().rpartition(".")
        if not dot or ext != "csv":
            report.warnings.add(name, "", None, "", "", "Not a .csv file; ignored.")
            continue
        if stem not in known:
            report.warnings.add(
                name, "", None, "", "", "Not named after an SSD table Oversight reads (see docs/imports.md); ignored."
            )
            continue
        if stem in found:
            report.errors.add(name, stem, None, "", "", f"Two files hold {stem}: {found[stem].name} and {name}.")
            continue
        found[stem] = path
    return found


def read(
    paths: list[Path], as_at: dt.date, progress: Progress | None = None, blank_invalid: bool = False
) -> tuple[dict[str, pl.DataFrame], Report]:
    report = Report("ssd", as_at, blank_invalid=blank_invalid)
    chosen = match_files(paths, report)
    if not chosen and not report.errors:
        report.errors.add(
            "",
            "",
            None,
            "",
            "",
            "No SSD table files found: expected CSV files named like ssd_person.csv or ssd_cin_episodes.csv.",
        )
    frames: dict[str, pl.DataFrame] = {}
    names: dict[str, str] = {}
    date_texts: dict[str, pl.DataFrame] = {}
    todo = [t for t in tables() if t.name in chosen]
    for i, table in enumerate(todo):
        path = chosen[table.name]
        data = path.read_bytes()
        report.files.append(file_entry(path.name, data))
        names[table.name] = path.name
        raw, header = csvfile.read(data, path.name, table.name, report.errors)
        del data
        if raw is not None:
            typed = ssd_tables.convert(
                raw, header, table, path.name, report.errors, report.warnings, date_texts, as_at, report.blanking
            )
            if typed is not None:
                frames[table.name] = typed
                report.counts[table.name] = typed.height
        if progress:
            progress("reading", i + 1, len(todo))
    ssd_derive.derive(frames, names, set(chosen), report)
    for t in tables():
        report.counts.setdefault(t.name, 0)
    if frames:
        ssd_checks.check(frames, names, as_at, report.errors, report.warnings, date_texts, report.blanking)
    return frames, report
