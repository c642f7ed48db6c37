"""The Annex A workbook Oversight writes: the lists built by analytics.annex_a, as the template lays them out.

Written with openpyxl in normal mode (through oversight.documents.xlsx) so
each sheet records its dimension: a reader that trusts the dimension must
not see short rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import polars as pl

from oversight import config
from oversight.analytics import annex_a
from oversight.analytics.annex_a import checks
from oversight.documents import xlsx
from oversight.people import frames as people_frames
from oversight.people.ssd import table

DATE_FORMAT = "DD/MM/YYYY"


def settings() -> annex_a.Settings:
    inv = config.section("involvements")
    cfg = config.section("inspection")
    return annex_a.Settings(
        case_worker_roles=tuple(inv["case_worker_roles"]),
        personal_adviser_roles=tuple(inv["personal_adviser_roles"]),
        placement_type_fallback=dict(cfg.get("placement_type_fallback", {})),
        home_postcode_areas=tuple(cfg.get("home_postcode_areas", [])),
        council_name=str(cfg.get("council_name", "")),
        placement_las=dict(cfg.get("placement_las", {})),
    )


def complete(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """FRAMES with every SSD column of each table the lists need (absent columns and tables empty)."""
    out = {}
    for name in annex_a.TABLES:
        sch = people_frames.schema(table(name))
        f = frames.get(name)
        if f is None:
            f = pl.DataFrame(schema=sch)
        out[name] = f.with_columns(
            [(pl.col(c) if c in f.columns else pl.lit(None)).cast(t).alias(c) for c, t in sch.items()]
        ).select(list(sch))
    return out


def case_data() -> dict[str, pl.DataFrame]:
    return {name: people_frames.load(name) for name in annex_a.TABLES}


@dataclass
class Export:
    as_at: dt.date
    lists: dict[int, pl.DataFrame]
    problems: list[dict]
    content: bytes = b""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def counts(self) -> dict[str, int]:
        return annex_a.counts(self.lists)


def build_lists(as_at: dt.date, frames: dict[str, pl.DataFrame] | None = None) -> dict[int, pl.DataFrame]:
    return annex_a.build(complete(frames if frames is not None else case_data()), as_at, settings())


def export(as_at: dt.date, frames: dict[str, pl.DataFrame] | None = None) -> Export:
    """Build, check and write the Annex A for AS_AT (from the case data, or FRAMES)."""
    lists = build_lists(as_at, frames)
    out = Export(as_at, lists, checks.check(lists, as_at))
    out.content = workbook(lists)
    return out


def workbook(lists: dict[int, pl.DataFrame]) -> bytes:
    sheets = [(annex_a.sheet_name(n), annex_a.headers(n), frame) for n, frame in sorted(lists.items())]
    return xlsx.frames_workbook(sheets, date_format=DATE_FORMAT, header_fill="D9D9D9", wrap_header=True)


def file_name(as_at: dt.date) -> str:
    # Annex A tools expect the month and year in the file name (annex-a.md §5.1).
    return f"Annex_A_{as_at:%Y_%b}_{as_at.isoformat()}.xlsx"
