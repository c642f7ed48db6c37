"""The cached benchmark council: a SQLite file and its SSD export, rebuilt when the builder changes.

`python -m oversight.bench.cache SCALE SEED` is the worker the harness runs in a
subprocess (with DATABASE_URL set to the file being made): it builds the
council, writes it, and prints the two timings as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CACHE_ENV = "OVERSIGHT_BENCH_CACHE"


@dataclass
class CachedCouncil:
    path: Path
    meta: dict
    export_dir: Path | None
    export_note: str = ""


def cache_dir(given: str | None = None) -> Path:
    return Path(given or os.environ.get(CACHE_ENV) or Path("bench") / ".cache")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def _oversight(args: list[str], database: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": sqlite_url(database)}
    return subprocess.run([sys.executable, "-m", *args], env=env, capture_output=True, text=True)


def ensure_council(directory: Path, scale: str, seed: int, rebuild: bool = False, log=print) -> CachedCouncil:
    """The cached council for SCALE and SEED, built (and exported) first if missing or out of date."""
    from oversight.synthetic.build import VERSION

    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{scale}-seed{seed}"
    db, meta_path, export_dir = directory / f"{stem}.sqlite3", directory / f"{stem}.json", directory / f"{stem}-ssd"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if rebuild or not db.exists() or meta.get("version") != VERSION:
        log(f"Building the {scale} synthetic council (seed {seed}) into {db} ...")
        # A name of our own, so two harnesses started together do not build into one file.
        building = directory / f"{stem}.building-{os.getpid()}.sqlite3"
        try:
            for args in (["oversight.cli", "init"], ["oversight.bench.cache", scale, str(seed)]):
                done = _oversight(args, building)
                if done.returncode != 0:
                    raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
            timings = json.loads(done.stdout.strip().splitlines()[-1])
            os.replace(building, db)
        finally:
            for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
                leftover.unlink(missing_ok=True)
        meta = {"version": VERSION, "scale": scale, "seed": seed, **timings}
        meta_path.write_text(json.dumps(meta, indent=2))
        shutil.rmtree(export_dir, ignore_errors=True)
        log(
            f"Built in {timings['build_seconds']:.1f} s, written in {timings['write_seconds']:.1f} s "
            f"({timings['rows']:,} rows)."
        )
    export, note = _ensure_export(db, export_dir, log)
    return CachedCouncil(db, meta, export, note)


def _ensure_export(db: Path, export_dir: Path, log) -> tuple[Path | None, str]:
    from oversight.synthetic.build import VERSION

    marker = export_dir / ".complete"
    if marker.exists() and marker.read_text().strip() == str(VERSION):
        return export_dir, ""
    partial = export_dir.with_name(f"{export_dir.name}.partial-{os.getpid()}")
    log(f"Exporting the council as SSD CSV files into {export_dir} ...")
    done = _oversight(["oversight.cli", "export", "ssd", str(partial)], db)
    if done.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        reason = (
            "`oversight export ssd` is not available"
            if "invalid choice" in done.stderr
            else f"`oversight export ssd` failed: {done.stderr.strip()[-300:]}"
        )
        log(f"No SSD export: {reason}; benchmarks that need ctx.export_dir will report an error.")
        return None, reason
    if marker.exists() and marker.read_text().strip() == str(VERSION):
        shutil.rmtree(partial, ignore_errors=True)  # another harness finished the same export first
        return export_dir, ""
    shutil.rmtree(export_dir, ignore_errors=True)
    os.replace(partial, export_dir)
    marker.write_text(str(VERSION))
    return export_dir, ""


def _build_and_write(scale: str, seed: int) -> dict:
    from django.db import connection

    from oversight.synthetic.build import DEFAULT_AS_AT, build
    from oversight.synthetic.writer import replace_case_data

    start = time.perf_counter()
    council = build(scale, seed, DEFAULT_AS_AT)
    built = time.perf_counter()
    replace_case_data(council)
    written = time.perf_counter()
    with connection.cursor() as cursor:
        # One self-contained file: fold the write-ahead log back in before the file is moved.
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    return {
        "as_at": DEFAULT_AS_AT.isoformat(),
        "build_seconds": round(built - start, 3),
        "write_seconds": round(written - built, 3),
        "rows": council.rows(),
    }


if __name__ == "__main__":
    from oversight.cli import setup_django

    setup_django()
    print(json.dumps(_build_and_write(sys.argv[1], int(sys.argv[2]))))
