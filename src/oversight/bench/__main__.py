"""`python -m oversight.bench`: build or reuse the cached council, run every benchmark, print a table."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from oversight.bench.cache import cache_dir, ensure_council, sqlite_url


class Context:
    """What a benchmark gets: the cached council as frames, database, export, and scratch space."""

    def __init__(self, database_url: str, export_dir: Path | None, tmp: Path, meta: dict):
        self.database_url = database_url
        self.export_dir = export_dir
        self.tmp = tmp
        self.meta = meta
        self._frames = {}
        self._fresh = 0

    def frame(self, name: str):
        """One SSD table of the cached council as a polars frame (loaded once, then shared)."""
        if name not in self._frames:
            from oversight.people import frames

            self._frames[name] = frames.load(name)
        return self._frames[name]

    def fresh_database_url(self) -> str:
        """The URL of a new, empty, migrated SQLite database in the scratch folder."""
        template = self.tmp / "empty.sqlite3"
        if not template.exists():
            env = {**os.environ, "DATABASE_URL": sqlite_url(template)}
            done = subprocess.run(
                [sys.executable, "-m", "oversight.cli", "init"], env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise RuntimeError(f"oversight init failed: {done.stderr.strip()[-500:]}")
        self._fresh += 1
        path = self.tmp / f"fresh-{self._fresh}.sqlite3"
        shutil.copyfile(template, path)
        return sqlite_url(path)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m oversight.bench", description="Run the benchmarks on a cached synthetic council."
    )
    parser.add_argument(
        "--scale", choices=["small", "medium", "large"], default="large", help="council to run on (default large)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per benchmark; the best is shown (default 3)")
    parser.add_argument("--only", default="", help="run only benchmarks whose name contains this text")
    parser.add_argument("--cache-dir", default=None, help="where the council is cached (default bench/.cache)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached council even if it is current")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if any benchmark fails or errs")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    try:
        council = ensure_council(cache_dir(args.cache_dir), args.scale, args.seed, args.rebuild, log=_log)
    except RuntimeError as exc:
        _log(f"oversight bench: could not build the benchmark council: {exc}")
        return 2
    os.environ["DATABASE_URL"] = sqlite_url(council.path)
    from oversight.cli import setup_django

    setup_django()
    from django.core.management import call_command

    # The cached council outlives schema changes: bring it up to date (a no-op when it is).
    call_command("migrate", interactive=False, verbosity=0)
    from oversight.bench.run import discover, run_all
    from oversight.cli.output import print_json, print_table

    benches, problems = discover()
    tmp = Path(tempfile.mkdtemp(prefix="oversight-bench-"))
    try:
        ctx = Context(os.environ["DATABASE_URL"], council.export_dir, tmp, council.meta)
        results = problems + run_all(benches, ctx, args.runs, args.only, on_start=lambda name: _log(f"running: {name}"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = [r.row() for r in results]
    if args.format == "json":
        print_json(
            {
                "scale": args.scale,
                "seed": args.seed,
                "version": council.meta.get("version"),
                "export": str(council.export_dir) if council.export_dir else None,
                "export_note": council.export_note,
                "results": rows,
            }
        )
    else:
        print(
            f"Benchmarks on the {args.scale} synthetic council (seed {args.seed}; "
            f"{council.meta.get('rows', 0):,} rows; as at {council.meta.get('as_at', '')})"
        )
        if council.export_note:
            print(f"No SSD export: {council.export_note}")
        for row in rows:
            row["seconds"] = "" if row["seconds"] is None else f"{row['seconds']:.3f}"
            row["target"] = "" if row["target"] is None else f"{row['target']:g}"
        print_table(rows, ["name", "seconds", "target", "result", "note"])
    bad = [r for r in results if r.status in ("fail", "error")]
    return 1 if args.strict and bad else 0


if __name__ == "__main__":
    sys.exit(main())
