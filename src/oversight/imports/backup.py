"""`oversight backup FILE` and `oversight restore FILE`: the whole database, consistent while people work.

Each database's own tool, because each already takes a consistent copy of a
live database: on SQLite the online backup API (one read transaction: the
copy is the database as at one moment, whatever users write meanwhile); on
PostgreSQL `pg_dump --format=custom` (one snapshot for every table) and
`pg_restore --clean --single-transaction` (all or nothing). A backup holds
everything: case data, the kept snapshots, imports, audits, escalations,
actions, logins and the access log. Restoring replaces all of it, under the
snapshot lock so no import runs meanwhile.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from oversight.people import locks

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def _pg_env() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = ["--dbname", str(s["NAME"])]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    return env, args


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed: PostgreSQL backups use the server's own tools "
            "(Debian: apt-get install postgresql-client, of the server's major version)"
        )
    return found


def backup(path: Path) -> dict:
    """Write the whole database to PATH (replaced only once the copy is complete)."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise BackupError(f"{path} is a folder: give the name of the backup file to write")
    part = path.with_name(path.name + ".part")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(part)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env()
        run = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(part), *args],
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode:
            part.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {run.stderr.strip()[:500]}")
    else:
        raise BackupError(f"backups of a {connection.vendor} database are not supported")
    part.replace(path)
    return {"file": str(path), "bytes": path.stat().st_size, "database": connection.vendor}


def _pg_session_lock() -> None:
    """The snapshot lock for this session (pg_restore works in its own session, so not a transaction's)."""
    import time

    started = time.monotonic()
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [locks.ADVISORY_KEY])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() - started >= locks.wait_seconds():
                raise BackupError(
                    str(locks.SnapshotBusy(time.monotonic() - started)).replace(
                        "Nothing was loaded", "Nothing was restored"
                    )
                )
            time.sleep(locks.POLL_SECONDS)


def _kind(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    return ""


def restore(path: Path) -> dict:
    """Replace the whole database with the backup at PATH (made by `backup` on the same kind of database)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    kind = _kind(path)
    if kind != connection.vendor:
        what = {"sqlite": "a SQLite backup", "postgresql": "a PostgreSQL backup"}.get(kind, "not an Oversight backup")
        raise BackupError(f"{path.name} is {what}; this database is {connection.vendor}")
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"django_migrations", "people_person"} <= tables:
                raise BackupError(f"{path.name} is a SQLite database but not an Oversight one")
            # Copying into the live database takes SQLite's write lock, so no import runs meanwhile.
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        env, args = _pg_env()
        _pg_session_lock()
        try:
            run = subprocess.run(
                [
                    _tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *args,
                    str(path),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [locks.ADVISORY_KEY])
        if run.returncode:
            raise BackupError(f"pg_restore failed; the database is as it was: {run.stderr.strip()[:500]}")
    from oversight.people import frames
    from oversight.people.models import CaseDataVersion

    CaseDataVersion.bump()  # every server rereads the case data
    frames.clear_cache()
    return {"file": str(path), "database": connection.vendor}
