"""What an import found: errors (nothing loads), warnings (loads anyway) and row counts.

Checks are vectorised, so problems arrive as polars frames of rows with the
columns below; a few arrive one at a time. Each names the file, the sheet (or,
for a CSV, its SSD table), the row as the user sees it (the header is row 1),
the column, the offending value and what was expected.

A problem is structural (a missing sheet, table or column, an unreadable file,
a duplicate or missing key, a reference to a child or worker who is not there)
or about one cell (a value not valid for its column). A cell problem carries
`cell`, the column of the checked frame that holds the value, so that an import
run with `blank_invalid` can load the file with that cell left blank instead
(`settle`), listing each one; structural problems always refuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

SCHEMA = {
    "file": pl.String,
    "sheet": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "message": pl.String,
    "cell": pl.String,  # internal: the frame column to blank for a cell problem; null when structural
}
KEYS = tuple(k for k in SCHEMA if k != "cell")
VALUE_CHARS = 80


class Problems:
    def __init__(self) -> None:
        self._frames: list[pl.DataFrame] = []
        self._count = 0

    def add(
        self,
        file: str,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        value: object = "",
        message: str = "",
        cell: str | None = None,
    ) -> None:
        text = "" if value is None else str(value)
        self.add_frame(pl.DataFrame([[file, sheet, row, column, text, message, cell]], schema=SCHEMA, orient="row"))

    def add_frame(self, frame: pl.DataFrame) -> None:
        if frame.height:
            if "cell" not in frame.columns:
                frame = frame.with_columns(pl.lit(None, pl.String).alias("cell"))
            frame = frame.select([pl.col(k).cast(t) for k, t in SCHEMA.items()])
            self._frames.append(frame)
            self._count += frame.height

    def extend(self, other: Problems) -> None:
        for frame in other._frames:
            self.add_frame(frame)

    def frames(self) -> list[pl.DataFrame]:
        return list(self._frames)

    def __len__(self) -> int:
        return self._count

    def cell_count(self) -> int:
        return sum(f.get_column("cell").is_not_null().sum() for f in self._frames)

    def __bool__(self) -> bool:
        return self._count > 0

    def first(self, n: int) -> list[dict]:
        """The first N problems in the order found, values cut short for the report."""
        out: list[dict] = []
        for frame in self._frames:
            if len(out) >= n:
                break
            for row in frame.head(n - len(out)).drop("cell").iter_rows(named=True):
                value = row["value"] or ""
                row["value"] = value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1] + "…"
                out.append(row)
        return out


def rows_where(
    frame: pl.DataFrame,
    mask: pl.Expr,
    *,
    file: str,
    sheet: str,
    column: str,
    value: pl.Expr | str,
    message: pl.Expr | str,
    row: str = "__row",
    cell: str | None = None,
) -> pl.DataFrame:
    """The problems for the rows of FRAME where MASK holds (vectorised); CELL marks them cell problems."""
    value_expr = value if isinstance(value, pl.Expr) else pl.col(value)
    message_expr = message if isinstance(message, pl.Expr) else pl.lit(message)
    return frame.filter(mask).select(
        pl.lit(file).alias("file"),
        pl.lit(sheet).alias("sheet"),
        pl.col(row).cast(pl.Int64).alias("row"),
        pl.lit(column).alias("column"),
        value_expr.cast(pl.String).fill_null("").alias("value"),
        message_expr.cast(pl.String).alias("message"),
        pl.lit(cell, pl.String).alias("cell"),
    )


class Checks:
    """Row checks on one frame, run together: one pass finds which checks fail, then only those list their rows."""

    def __init__(self, file: str, sheet: str):
        self.file, self.sheet = file, sheet
        self._items: list[tuple[pl.Expr, str, pl.Expr | str, pl.Expr | str, str | None]] = []

    def add(
        self, mask: pl.Expr, column: str, value: pl.Expr | str, message: pl.Expr | str, cell: str | None = None
    ) -> None:
        """CELL: the frame column whose value the check finds invalid (a cell problem); None for a structural one."""
        self._items.append((mask, column, value, message, cell))

    def run(self, frame: pl.DataFrame, problems: Problems) -> None:
        if not self._items or not frame.height:
            return
        hits = frame.select(
            [mask.fill_null(False).any().alias(f"c{i}") for i, (mask, *_) in enumerate(self._items)]
        ).row(0)
        for hit, (mask, column, value, message, cell) in zip(hits, self._items):
            if hit:
                problems.add_frame(
                    rows_where(
                        frame,
                        mask.fill_null(False),
                        file=self.file,
                        sheet=self.sheet,
                        column=column,
                        value=value,
                        message=message,
                        cell=cell,
                    )
                )


@dataclass
class Report:
    kind: str  # "ssd" or "annex_a"
    as_at: dt.date
    errors: Problems = field(default_factory=Problems)
    warnings: Problems = field(default_factory=Problems)
    counts: dict[str, int] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)  # {"name", "sha256", "bytes"}
    lists: dict[str, int] = field(default_factory=dict)  # Annex A: rows read per list
    record_id: int | None = None
    blank_invalid: bool = False  # load with invalid cells left blank (listed) rather than refuse
    blanked: Problems = field(default_factory=Problems)
    # The change to the case data, per table (imports.guard.changes), once it has been compared.
    change: dict | None = None
    # The id of the upload kept for the confirmation step (web imports refused only for shrinking).
    pending: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def blanking(self) -> Problems | None:
        """Where blanked cells go, or None when invalid cells refuse the import."""
        return self.blanked if self.blank_invalid else None

    @property
    def only_cell_errors(self) -> bool:
        """Refused, and only for invalid cells: loading with them left blank is possible."""
        return bool(self.errors) and self.errors.cell_count() == len(self.errors)

    def to_dict(self, limit: int = 200) -> dict:
        data = {
            "ok": self.ok,
            "errors": self.errors.first(limit),
            "warnings": self.warnings.first(limit),
            "counts": dict(self.counts),
            "error_total": len(self.errors),
            "warning_total": len(self.warnings),
            "kind": self.kind,
            "as_at": self.as_at.isoformat(),
            "files": list(self.files),
            "blanked": len(self.blanked),
            "blank_invalid": self.blank_invalid,
            "cell_errors": self.errors.cell_count(),
        }
        if self.lists:
            data["lists"] = dict(self.lists)
        if self.record_id is not None:
            data["import_id"] = self.record_id
        if self.change is not None:
            data["change"] = self.change
        if self.pending:
            data["pending"] = self.pending
        return data


def settle(
    found: Problems,
    frame: pl.DataFrame,
    errors: Problems,
    warnings: Problems,
    blanked: Problems | None,
    target: str = "{}",
    required: frozenset = frozenset(),
) -> pl.DataFrame:
    """Pass on the problems FOUND in FRAME: to ERRORS, or, when BLANKED is given (the import blanks
    invalid cells), the cell problems to WARNINGS and BLANKED, with those cells of FRAME (TARGET
    formatted with each problem's `cell`) made null. A row whose blanked cell is in REQUIRED
    cannot be loaded without it, so it is left out, and the warning says so."""
    if blanked is None:
        for f in found.frames():
            errors.add_frame(f)
        return frame
    for f in found.frames():
        structural = f.filter(pl.col("cell").is_null())
        errors.add_frame(structural)
        cells = f.filter(pl.col("cell").is_not_null())
        if not cells.height:
            continue
        dropped = pl.col("cell").is_in(list(required))
        blanked.add_frame(cells)
        warnings.add_frame(
            cells.with_columns(
                pl.format(
                    "{} {}",
                    pl.col("message"),
                    pl.when(dropped)
                    .then(pl.lit("The row is left out: it cannot be loaded without this value."))
                    .otherwise(pl.lit("Left blank (--blank-invalid).")),
                ).alias("message")
            )
        )
        for key, rows in cells.group_by("cell").agg(pl.col("row")).iter_rows():
            if key in required:
                frame = frame.filter(~pl.col("__row").is_in(rows))
            else:
                name = target.format(key)
                frame = frame.with_columns(
                    pl.when(pl.col("__row").is_in(rows)).then(None).otherwise(pl.col(name)).alias(name)
                )
    return frame
