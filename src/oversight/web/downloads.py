"""Every table on a page can be taken away as CSV or xlsx: the same rows and columns, in the user's scope.

A view builds its tables as `Table`s (the rows it shows, already in scope and
in words, not codes) and, before rendering, asks `download(request, ...)`:

    tables = {"workers": Table("Workers", ["Worker", "Team", "Cases"], rows)}
    if (response := download(request, "caseloads", tables)) is not None:
        return response

`?download=csv&table=workers` answers that table as CSV, `?download=xlsx`
(with or without table) as an xlsx workbook. Files are written through
oversight.documents, so text a spreadsheet would run as a formula is made
inert. In templates, `{% download_links "workers" %}` (from `{% load downloads %}`)
links to both formats with the page's own query string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import BadRequest
from django.http import HttpResponse

from oversight.documents import csvfile, xlsx

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence] = field(default_factory=list)


def requested(request) -> tuple[str, str] | None:
    """(format, table key) asked for, or None for the page itself; a bad format is a 400."""
    fmt = request.GET.get("download", "").strip()
    if not fmt:
        return None
    if fmt not in FORMATS:
        raise BadRequest("download must be csv or xlsx")
    table = request.GET.get("table", "").strip()
    if len(table) > 40 or "\x00" in table:
        raise BadRequest("table is not one of this page's tables")
    return fmt, table


def wanted(request) -> bool:
    """Whether this request is for a download (so a view can skip work only the page needs)."""
    return requested(request) is not None


def download(request, name: str, tables: dict[str, Table]) -> HttpResponse | None:
    """The file asked for by REQUEST from TABLES, or None when the page itself is wanted.

    NAME begins the file name (with the page's as_at date, if any).
    """
    asked = requested(request)
    if asked is None:
        return None
    fmt, key = asked
    if key and key not in tables:
        raise BadRequest("table is not one of this page's tables")
    if fmt == "csv":
        if not key:
            if len(tables) != 1:
                raise BadRequest("table must name one of this page's tables for a CSV download")
            key = next(iter(tables))
        chosen = {key: tables[key]}
    else:
        chosen = {key: tables[key]} if key else tables
    filename = _filename(name, key, request.GET.get("as_at", ""), fmt)
    if fmt == "csv":
        t = chosen[key]
        body = csvfile.csv_bytes(list(t.header), t.rows)
    else:
        body = xlsx.workbook([(t.title, list(t.header), t.rows) for t in chosen.values()])
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(name: str, key: str, as_at: str, fmt: str) -> str:
    parts = [name, key] + ([as_at] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_at.strip()) else [])
    stem = "-".join(p for p in parts if p)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem) + "." + fmt
