"""Writing a synthetic council into the case-data tables, replacing what was there."""

from __future__ import annotations

from collections.abc import Callable

from oversight.people import snapshot
from oversight.synthetic.build import Council


def replace_case_data(council: Council, step: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Delete every case-data row and insert COUNCIL's, in one transaction. Returns rows per table.

    STEP, if given, is called as (stage, rows written since the last call).
    """
    written = [0]

    def progress(stage: str, done: int, total: int) -> None:
        if step:
            step(stage, done - written[0])
        written[0] = done

    from oversight.imports import history

    # Archived as the synthetic council's snapshot, so the data's source is known (imports.queries.case_data_source).
    with history.writing("synthetic", "synthetic council"):
        return snapshot.replace_case_data(council.frames, progress)
