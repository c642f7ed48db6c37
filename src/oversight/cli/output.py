"""Printing results as a table, JSON or CSV, the same way for every command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from oversight.documents.cells import neutralise


def _default(value: Any):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any, stream=None) -> None:
    stream = stream or sys.stdout
    json.dump(data, stream, default=_default, indent=2, ensure_ascii=False)
    stream.write("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def print_table(rows: Iterable[dict], columns: Sequence[str] | None = None, stream=None) -> None:
    stream = stream or sys.stdout
    rows = list(rows)
    if not rows:
        stream.write("(none)\n")
        return
    columns = list(columns or rows[0].keys())
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    stream.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        stream.write("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")


def print_csv(rows: Iterable[dict], columns: Sequence[str] | None = None, stream=None) -> None:
    stream = stream or sys.stdout
    rows = list(rows)
    columns = list(columns or (rows[0].keys() if rows else []))
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        # CSV is opened in spreadsheets: formula-like text made inert (oversight.documents.cells).
        writer.writerow({c: _cell(neutralise(r.get(c))) for c in columns})


def add_format_argument(parser, choices=("table", "json"), default="table") -> None:
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default {default})")


class Progress:
    """A one-line progress display on stderr, for jobs that take more than a moment."""

    def __init__(self, label: str, total: int | None = None, enabled: bool | None = None):
        self.label = label
        self.total = total
        self.done = 0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = -1

    def step(self, n: int = 1, note: str = "") -> None:
        self.done += n
        if not self.enabled:
            return
        if self.total:
            pct = int(100 * self.done / self.total)
            if pct == self._last:
                return
            self._last = pct
            sys.stderr.write(f"\r{self.label}: {pct:3d}% {note[:40]:<40}")
        else:
            sys.stderr.write(f"\r{self.label}: {self.done} {note[:40]:<40}")
        sys.stderr.flush()

    def finish(self, note: str = "done") -> None:
        if self.enabled:
            sys.stderr.write(f"\r{self.label}: {note}{' ' * 50}\n")
            sys.stderr.flush()


def _json_rows(part) -> memoryview:
    buffer = io.BytesIO()
    part.write_json(buffer)
    return buffer.getbuffer()


def write_json_report(
    head: dict, items_key: str, items, stream=None, pretty: bool = False, chunk: int = 20_000
) -> None:
    """HEAD as one JSON object, with ITEMS (a polars frame) under ITEMS_KEY last.

    Compact by default: the large council's timeliness items took about 20 s
    as indented JSON through the standard library. The head goes through
    orjson; the items are written by polars a chunk of rows at a time, so the
    whole list never sits in memory as Python dicts or as one text. PRETTY indents by two
    spaces (one document, for reading).
    """
    import orjson

    stream = stream or sys.stdout
    out = getattr(stream, "buffer", None)
    if out is not None:
        stream.flush()  # bytes go under the text layer: anything written before must come first
        write = out.write
    else:
        write = lambda data: stream.write(bytes(data).decode())  # noqa: E731 - a text-only stream (tests' StringIO)
    option = orjson.OPT_NON_STR_KEYS
    head = {k: v for k, v in head.items() if k != items_key}
    if pretty:
        whole = {**head, items_key: items.to_dicts()}
        write(orjson.dumps(whole, default=_default, option=option | orjson.OPT_INDENT_2) + b"\n")
    else:
        opening = orjson.dumps(head, default=_default, option=option)[:-1]
        write(opening + (b"," if head else b"") + orjson.dumps(items_key) + b":[")
        # polars writes the rows itself (dates as YYYY-MM-DD), several times faster than dicts, and lets go
        # of the interpreter meanwhile: a few chunks are written at once on the cores, and joined in order
        # with at most a few chunks in memory. Each chunk's bytes go out as they are, without its brackets
        # (a view, not a copy: the items are a quarter of a gigabyte on the large council).
        threads = max(1, min(4, os.cpu_count() or 1))
        with ThreadPoolExecutor(threads) as pool:
            pending: deque = deque()
            first = True

            def flush_one() -> None:
                nonlocal first
                rows = pending.popleft().result()
                if not first:
                    write(b",")
                write(rows[1:-1])
                first = False

            for part in items.iter_slices(chunk):
                if part.height:
                    pending.append(pool.submit(_json_rows, part))
                while len(pending) > 2 * threads or (pending and pending[0].done()):
                    flush_one()
            while pending:
                flush_one()
        write(b"]}\n")
    if out is not None:
        out.flush()
