"""Import benchmarks: the large council's SSD export, and a 50,000-row Annex A workbook.

Each import runs as `oversight import ...` in a subprocess against a new, empty
database (ctx.fresh_database_url()), so the cached council is never touched
and the time includes everything a user waits for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from oversight.bench import benchmark
from oversight.imports import benchmarks_hostile  # noqa: F401  (registers the large hostile files)

ANNEX_A_AS_AT = dt.date(2024, 3, 31)
# Rows per list, 50,000 in all, roughly in the proportions a large council's lists have.
ANNEX_A_ROWS = {
    1: 15_000,
    2: 2_000,
    3: 10_000,
    4: 8_000,
    5: 3_000,
    6: 5_000,
    7: 2_000,
    8: 3_000,
    9: 1_500,
    10: 300,
    11: 200,
}


def _run_import(ctx, args: list[str]) -> None:
    env = {**os.environ, "DATABASE_URL": ctx.fresh_database_url()}
    done = subprocess.run(
        [sys.executable, "-m", "oversight.cli", "import", *args, "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        try:
            report = json.loads(done.stdout)
            first = "; ".join(f"{e['file']} row {e['row']} {e['column']}: {e['message']}" for e in report["errors"][:3])
            raise RuntimeError(f"import refused with {report['error_total']} errors: {first}")
        except (ValueError, KeyError):
            raise RuntimeError(f"import failed: {done.stderr.strip()[-300:]}")


@benchmark("imports: SSD import of the large council's export into an empty database", target_seconds=60)
def ssd_import(ctx):
    if ctx.export_dir is None:
        raise RuntimeError("no SSD export of the benchmark council (see the harness log)")
    as_at = ctx.meta.get("as_at", dt.date.today().isoformat())
    return lambda: _run_import(ctx, ["ssd", str(ctx.export_dir), "--as-at", as_at])


@benchmark("imports: Annex A workbook of 50,000 rows into an empty database", target_seconds=10)
def annex_a_import(ctx):
    path = Path(ctx.tmp) / "annex-a-50000.xlsx"
    if not path.exists():
        write_annex_a_workbook(path)
    return lambda: _run_import(ctx, ["annex-a", str(path), "--as-at", ANNEX_A_AS_AT.isoformat()])


def write_annex_a_workbook(path: Path, rows: dict[int, int] = ANNEX_A_ROWS, seed: int = 1) -> int:
    """A valid synthetic Annex A workbook (headers from the template, values as LAs fill them in). Returns its rows."""
    import openpyxl

    from oversight.imports.annex_a_spec import LISTS

    rng = random.Random(seed)
    firsts = [
        "Alex",
        "Sam",
        "Jo",
        "Chris",
        "Pat",
        "Robin",
        "Lee",
        "Kim",
        "Ash",
        "Jamie",
        "Morgan",
        "Taylor",
        "Casey",
        "Drew",
        "Jess",
        "Nat",
        "Ali",
        "Mo",
        "Sky",
        "Rae",
    ]
    lasts = [
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Williams",
        "Wilson",
        "Johnson",
        "Davies",
        "Patel",
        "Wright",
        "Khan",
        "Evans",
        "Thomas",
        "Roberts",
        "Walker",
        "Hall",
        "Green",
        "Wood",
        "Hughes",
        "Clarke",
    ]
    workers = [f"{a} {b}" for a in firsts for b in lasts]
    teams = [f"Team {n}" for n in range(1, 21)]
    start = ANNEX_A_AS_AT - dt.timedelta(days=180)

    def day(i: int, spread: int = 180) -> dt.date:
        return start + dt.timedelta(days=(i * 7919) % spread)

    def child(k: int) -> list:
        dob = dt.date(2006, 1, 1) + dt.timedelta(days=(k * 37) % 6000)
        return [
            f"C{k:06d}",
            ["a) Male", "b) Female"][k % 2],
            ["a) WBRI", "k) APKN", "o) BAFR", "d) WOTH"][k % 4],
            dob,
            (ANNEX_A_AS_AT - dob).days // 365,
        ]

    def staff() -> list:
        return [rng.choice(teams), rng.choice(workers)]

    def values(n: int, i: int) -> list:
        k = (n * 100_003 + i) % 30_000
        d = day(i)
        later = min(d + dt.timedelta(days=20), ANNEX_A_AS_AT)
        if n == 1:
            return child(k) + [
                d if i % 3 else d.strftime("%d/%m/%Y"),
                rng.choice(["q) 6: Police", "e) 2A: Schools", "g) 3A: Health services"]),
            ]
        if n == 2:
            return child(k) + [d, later if i % 2 else None, "Family support service"]
        if n == 3:
            return child(k) + [d, "q) 6: Police", rng.choice(["a) Yes", "b) No"]), 1] + staff()
        if n == 4:
            return child(k) + ["b) No", d, "a) Yes", later if i % 2 else None, "a) Yes"] + staff()
        if n == 5:
            return (
                child(k) + ["b) No", d, "b) No", later if i % 2 else None, "a) Yes" if i % 2 else None, 1, 1] + staff()
            )
        if n == 6:
            closed = i % 4 == 0
            return (
                child(k)
                + [
                    "b) No",
                    d,
                    "N1 - Abuse or neglect",
                    later,
                    later if closed else None,
                    "RC8 - Case closed after assessment, no further action" if closed else None,
                    "e) Closed episode" if closed else "c) Child in need plan",
                ]
                + staff()
            )
        if n == 7:
            return (
                child(k)
                + ["b) No", d, "a) Neglect", "d) Emotional abuse", later, "a) Yes", later, None, "b) No", 0]
                + staff()
            )
        if n == 8:
            return (
                child(k)
                + [
                    "b) No",
                    "b) No",
                    d,
                    "N1 - Abuse or neglect",
                    "b) No",
                    d,
                    "C2: FCO",
                    later,
                    later,
                    "f) Long-term fostering",
                    later,
                    later,
                    later,
                    1,
                    None,
                    None,
                    d,
                    "f) U6: Foster placement - not FFA",
                    "b) PR1: Own provision",
                    "AB1 2CD",
                    None,
                    "a) In",
                    "Somewhere",
                    0,
                    0,
                    None,
                    None,
                ]
                + staff()
            )
        if n == 9:
            return (
                child(k)
                + ["b) No", "b) No"]
                + staff()
                + [
                    rng.choice(workers),
                    "a) Relevant child",
                    d,
                    "a) Yes",
                    later,
                    "B: Parents/relatives",
                    "a) Suitable",
                    "F2: Full time in education other than higher",
                ]
            )
        if n == 10:
            c = child(k)
            return (
                [c[0], f"F{i:05d}"]
                + c[1:]
                + ["b) No", d - dt.timedelta(days=400), d, later, None, None, None, None, None, None]
            )
        return [
            f"A{i:06d}",
            f"F{i:05d}",
            "a) Male",
            "a) WBRI",
            "b) No",
            "b) No",
            d,
            later,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ]

    wb = openpyxl.Workbook(write_only=True)
    total = 0
    for spec in LISTS:
        ws = wb.create_sheet(f"List {spec.number}")
        ws.append([c.header for c in spec.columns])
        for i in range(rows.get(spec.number, 0)):
            row = values(spec.number, i)
            assert len(row) == len(spec.columns), (spec.number, len(row))
            ws.append(row)
            total += 1
    wb.save(path)
    return total


@benchmark(
    "imports: archive the large council's snapshot (every table as parquet, ids added and removed)", target_seconds=10
)
def snapshot_archive(ctx):
    """What `imports.history` adds to every import, inside its transaction: the pack and the changes."""
    from oversight.imports import history
    from oversight.people.ssd import tables

    frames = {t.name: ctx.frame(t.name) for t in tables()}
    before = {t.name: frames[t.name].get_column(t.key.name) for t in tables()}

    def archive():
        data = history.pack(frames)
        changes = history._changes(frames, before)
        if not data or any(c["added"] or c["removed"] for c in changes.values()):
            raise RuntimeError("the archive of an unchanged snapshot reports changes")

    return archive
