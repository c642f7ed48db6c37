"""CSV for people: UTF-8 with a byte-order mark (Excel reads the £ and accents), formula-safe text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from oversight.documents.cells import neutralise


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return ("\ufeff" + csv_text(header, rows)).encode("utf-8")
