"""One whole-snapshot writer at a time, across processes and servers.

Two imports writing at once on PostgreSQL each deleted and refilled the
tables under READ COMMITTED and left a mixture of both (children from one,
involvements from the other). Every writer of a whole snapshot (the imports,
a rollback, the synthetic council, a restore) takes this lock inside its
transaction first, so the second one waits for the first to commit or is
refused with a message; the end state is always one whole snapshot.

The lock lives in the database, not in a file, so it holds across servers:
a PostgreSQL transaction-level advisory lock (released at commit or
rollback, even if the process dies), and on SQLite the database's own write
lock, taken by the first statement (SQLite allows one writer at a time).
"""

from __future__ import annotations

import time

from django.db import OperationalError, connection

from oversight.config import section

# An arbitrary constant naming Oversight's snapshot lock among a database's advisory locks.
ADVISORY_KEY = 0x0F5E_5A17
POLL_SECONDS = 0.2


class SnapshotBusy(Exception):
    """Another whole-snapshot writer holds the lock; the message says so in plain words."""

    def __init__(self, waited: float):
        super().__init__(
            "Another import (or a rollback, restore or synthetic build) is writing the case data now"
            f"{f'; waited {waited:.0f} s for it' if waited >= 1 else ''}. Nothing was loaded and the "
            "case data is as the other one leaves it: try again when it has finished."
        )


def wait_seconds() -> float:
    return float(section("imports").get("lock_wait_seconds", 30))


def hold(wait: float | None = None) -> None:
    """Take the snapshot lock for the rest of the current transaction, waiting up to WAIT seconds.

    Must be called inside `transaction.atomic()`, before anything else is
    written. Taking it again in the same transaction is harmless.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("the snapshot lock is held by a transaction: call it inside transaction.atomic()")
    wait = wait_seconds() if wait is None else wait
    started = time.monotonic()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_KEY])
                if cursor.fetchone()[0]:
                    return
                if time.monotonic() - started >= wait:
                    raise SnapshotBusy(time.monotonic() - started)
                time.sleep(POLL_SECONDS)
    if connection.vendor == "sqlite":
        from oversight.people.models import CaseDataVersion

        table = connection.ops.quote_name(CaseDataVersion._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            before = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            try:
                # A write statement takes SQLite's one write lock (matching no row is enough).
                cursor.execute(f"UPDATE {table} SET token = token WHERE id = -1")
            except OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise SnapshotBusy(time.monotonic() - started)
                raise
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {int(before)}")
        return
    # Other databases: no lock is known to be needed.
