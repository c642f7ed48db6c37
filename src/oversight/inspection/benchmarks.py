"""Benchmarks for `make bench`: the Annex A export of the large synthetic council."""

from __future__ import annotations

from oversight.analytics import annex_a
from oversight.bench import benchmark


@benchmark("inspection: Annex A export (11 lists, checks, xlsx workbook)", target_seconds=10.0)
def annex_a_export(ctx):
    """Build every list, check them and write the workbook in openpyxl's normal mode (dimensions recorded)."""
    from oversight.inspection import annex_a_file

    frames = {name: ctx.frame(name) for name in annex_a.TABLES}
    as_at = frames["ssd_involvements"].get_column("invo_involvement_start_date").max()
    return lambda: annex_a_file.export(as_at, frames)


@benchmark("inspection: Annex A lists only (no workbook)", target_seconds=3.0)
def annex_a_lists(ctx):
    from oversight.inspection import annex_a_file

    frames = {name: ctx.frame(name) for name in annex_a.TABLES}
    as_at = frames["ssd_involvements"].get_column("invo_involvement_start_date").max()
    return lambda: annex_a_file.build_lists(as_at, frames)
