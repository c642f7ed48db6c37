"""Signals around a case-data snapshot, for apps that react to new data.

Both are sent inside the snapshot's transaction, so a receiver's writes
commit or roll back with the case data. `replacing` is sent before the old
tables are deleted (a receiver may still read them, e.g. through
`people.frames.load`'s database path); `replaced` after the new rows are in.
Both carry `frames`, the new snapshot (SSD table name -> polars frame).
"""

from django.dispatch import Signal

replacing = Signal()
replaced = Signal()
