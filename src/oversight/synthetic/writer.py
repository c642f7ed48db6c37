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

    return snapshot.replace_case_data(council.frames, progress)
