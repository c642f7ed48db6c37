"""Snapshot history: the last few case-data snapshots, what each changed, and rolling back one step.

Every whole-snapshot write (an import, the synthetic council) is archived in
the same transaction as the data (`people.signals`), as one parquet file per
table in a zip, in the database: it is then in every backup, it is the same
on SQLite and PostgreSQL, and every server sees it. The newest
`[imports] keep_snapshots` (default 3) are kept. Each entry records, per
table, the rows before and after and how many record ids were added and
removed. Rolling back replaces the case data with the entry before the
current one, under the snapshot lock, and marks the current entry as rolled
back by whom and when (the audit trail; the log has the same line).
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import logging
import zipfile

import polars as pl
from django.db import transaction
from django.utils import timezone

from oversight.config import section
from oversight.imports.models import Snapshot
from oversight.people import frames as people_frames
from oversight.people import locks, snapshot
from oversight.people.ssd import tables

log = logging.getLogger("oversight.imports")

# Who and what is writing the snapshot under way, set by the writer; None means "not said".
_writer: contextvars.ContextVar[dict | None] = contextvars.ContextVar("oversight_snapshot_writer", default=None)
# The record ids of the case data being replaced, taken just before the old rows go.
_before: contextvars.ContextVar[dict | None] = contextvars.ContextVar("oversight_snapshot_before", default=None)


class NoEarlierSnapshot(Exception):
    pass


def keep() -> int:
    return max(0, int(section("imports").get("keep_snapshots", 3)))


@contextlib.contextmanager
def writing(kind: str, by: str, archive: bool = True):
    """Say who and what writes the snapshot made inside this block (ARCHIVE False: do not keep it)."""
    state = {"kind": kind, "by": by, "archive": archive, "entry": None}
    token = _writer.set(state)
    try:
        yield state
    finally:
        _writer.reset(token)


def _keys() -> dict[str, pl.Series]:
    return {t.name: people_frames.load(t.name, [t.key.name]).get_column(t.key.name) for t in tables()}


def on_replacing(sender, frames, **kwargs) -> None:
    state = _writer.get()
    if state is not None and not state["archive"] or not keep():
        _before.set(None)
        return
    _before.set(_keys())


def pack(frames: dict[str, pl.DataFrame]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for t in tables():
            frame = frames.get(t.name)
            sch = people_frames.schema(t)
            if frame is None:
                frame = pl.DataFrame(schema=sch)
            frame = frame.select(
                [
                    (pl.col(n) if n in frame.columns else pl.lit(None, dtype)).cast(dtype).alias(n)
                    for n, dtype in sch.items()
                ]
            )
            buf = io.BytesIO()
            frame.write_parquet(buf, compression="zstd")
            zf.writestr(f"{t.name}.parquet", buf.getvalue())
    return out.getvalue()


def unpack(data: bytes) -> dict[str, pl.DataFrame]:
    found = {}
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        names = set(zf.namelist())
        for t in tables():
            if f"{t.name}.parquet" in names:
                found[t.name] = pl.read_parquet(io.BytesIO(zf.read(f"{t.name}.parquet")))
    return found


def _changes(frames: dict[str, pl.DataFrame], before: dict[str, pl.Series] | None) -> dict:
    out = {}
    for t in tables():
        frame = frames.get(t.name)
        new = (
            frame.get_column(t.key.name).cast(pl.String)
            if frame is not None and frame.height
            else pl.Series([], dtype=pl.String)
        )
        old = before.get(t.name) if before else None
        entry = {"after": new.len()}
        if old is not None:
            old = old.cast(pl.String)
            entry["before"] = old.len()
            entry["added"] = int((~new.is_in(old.implode())).sum()) if new.len() else 0
            entry["removed"] = int((~old.is_in(new.implode())).sum()) if old.len() else 0
        out[t.name] = entry
    return out


def on_replaced(sender, frames, **kwargs) -> None:
    state = _writer.get()
    if state is not None and not state["archive"] or not keep():
        return
    state = state or {"kind": "other", "by": "not recorded"}
    data = pack(frames)
    entry = Snapshot.objects.create(
        created_at=timezone.now(),
        kind=state["kind"][:16],
        by=state["by"][:150],
        changes=_changes(frames, _before.get()),
        data=data,
        data_bytes=len(data),
    )
    if "entry" in state:
        state["entry"] = entry
    old = list(Snapshot.objects.order_by("-id").values_list("id", flat=True)[keep() :])
    if old:
        Snapshot.objects.filter(id__in=old).delete()


def entries():
    return Snapshot.objects.defer("data").select_related("import_record").order_by("-id")


def current_and_previous() -> tuple[Snapshot | None, Snapshot | None]:
    live = list(entries().filter(rolled_back_at__isnull=True)[:2])
    return (live[0] if live else None, live[1] if len(live) > 1 else None)


def rollback(by: str, wait: float | None = None) -> dict:
    """Replace the case data with the snapshot before the current one. Returns what changed."""
    with transaction.atomic():
        locks.hold(wait)
        current, previous = current_and_previous()
        if current is None or previous is None:
            raise NoEarlierSnapshot(
                "There is no earlier snapshot to go back to"
                + (f": only the newest {keep()} are kept, and this is the only one." if current else ".")
            )
        frames = unpack(Snapshot.objects.filter(pk=previous.pk).values_list("data", flat=True).get())
        now = snapshot.current_counts()
        with writing("rollback", by, archive=False):
            after = snapshot.replace_case_data(frames)
        current.rolled_back_at = timezone.now()
        current.rolled_back_by = by[:150]
        current.save(update_fields=["rolled_back_at", "rolled_back_by"])
    log.info("case data rolled back from snapshot %s to snapshot %s", current.pk, previous.pk)
    return {
        "from": current.pk,
        "to": previous.pk,
        "tables": [{"table": t.name, "now": now.get(t.name, 0), "after": after.get(t.name, 0)} for t in tables()],
    }


def register() -> None:
    from oversight.people import signals

    signals.replacing.connect(on_replacing, dispatch_uid="imports.history.replacing")
    signals.replaced.connect(on_replaced, dispatch_uid="imports.history.replaced")
