"""`oversight import ssd|annex-a` and `oversight export ssd`."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import Progress, add_format_argument, print_json, print_table

SHOW_PROGRESS_AFTER = 1.5  # seconds: quick imports stay quiet
BLANK_HELP = (
    "load even when some cells are invalid (an unknown code, an impossible date, ...), leaving each blank "
    "and listing it as a warning; structural problems (missing table or column, duplicate or missing key, "
    "unknown child or worker) still refuse"
)


def register(sub) -> None:
    p = sub.add_parser("import", help="load the council's case data (SSD extract or Annex A workbook), all or nothing")
    isub = p.add_subparsers(dest="import_command", metavar="KIND", required=True)
    s = isub.add_parser("ssd", help="load a folder of SSD CSV files (ssd_person.csv, ssd_cin_episodes.csv, ...)")
    s.add_argument("dir", type=Path, help="folder holding the CSV files")
    s.add_argument("--as-at", type=iso_date, default=None, help="date of the extract (YYYY-MM-DD; default today)")
    s.add_argument("--blank-invalid", action="store_true", help=BLANK_HELP)
    _allow_shrink_argument(s)
    add_format_argument(s)
    s.set_defaults(func=cmd_import_ssd)
    a = isub.add_parser("annex-a", help="load an Ofsted Annex A workbook (.xlsx)")
    a.add_argument("file", type=Path, help="the .xlsx workbook")
    a.add_argument("--as-at", type=iso_date, required=True, help="date the lists were drawn up (YYYY-MM-DD)")
    a.add_argument("--blank-invalid", action="store_true", help=BLANK_HELP)
    _allow_shrink_argument(a)
    add_format_argument(a)
    a.set_defaults(func=cmd_import_annex_a)

    p = sub.add_parser("snapshots", help="the kept case-data snapshots, and going back to the previous one")
    ssub = p.add_subparsers(dest="snapshots_command", metavar="ACTION", required=True)
    s = ssub.add_parser("list", help="each kept snapshot: who wrote it, when, rows per table before and after")
    add_format_argument(s)
    s.set_defaults(func=cmd_snapshots_list)
    s = ssub.add_parser("rollback", help="replace the case data with the snapshot before the current one")
    add_format_argument(s)
    s.set_defaults(func=cmd_snapshots_rollback)

    p = sub.add_parser(
        "backup", help="copy the whole database (case data and workflow records) to FILE, while people work"
    )
    p.add_argument("file", type=Path, help="the backup file to write (replaced once the copy is complete)")
    add_format_argument(p)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="replace the whole database with a backup made by `oversight backup`")
    p.add_argument("file", type=Path, help="the backup file")
    p.add_argument("--yes", action="store_true", help="confirm: everything in the database now is replaced")
    add_format_argument(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("export", help="write the case data out")
    esub = p.add_subparsers(dest="export_command", metavar="KIND", required=True)
    e = esub.add_parser("ssd", help="one SSD CSV file per table, readable by `oversight import ssd`")
    e.add_argument("dir", type=Path, help="folder to write (created if need be; existing ssd_*.csv files are replaced)")
    add_format_argument(e)
    e.set_defaults(func=cmd_export_ssd)


def _allow_shrink_argument(p) -> None:
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="load it even if it empties a table that holds data or shrinks one by more than [imports] shrink_share",
    )


class _Progress:
    """Shows progress on stderr only once an import has run for a second or two."""

    def __init__(self, label: str):
        self.label = label
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None and time.monotonic() - self.started < SHOW_PROGRESS_AFTER:
            return
        if self.bar is None or stage != self.stage:
            if self.bar is not None:
                self.bar.finish()
            self.stage = stage
            self.bar = Progress(f"{self.label}: {stage}", total=total)
        self.bar.done = 0
        self.bar.step(done)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.finish()


def _print_report(report, fmt: str) -> None:
    data = report.to_dict()
    if fmt == "json":
        print_json(data)
        return
    columns = ["file", "sheet", "row", "column", "value", "message"]
    if report.ok:
        loaded = sum(report.counts.values())
        print(f"Loaded {loaded} rows as the case data as at {report.as_at.isoformat()} (import {report.record_id}).")
        if report.blanked:
            print(f"{len(report.blanked)} invalid cell(s) were left blank; each is listed in the warnings.")
        print_table([{"table": k, "rows": v} for k, v in report.counts.items() if v])
    else:
        print(f"Refused: {len(report.errors)} error(s). Nothing was loaded; the database is as it was.")
        if report.change and report.change["shrinking"]:
            print("\nRows per table now and after this import (confirm with --allow-shrink):")
            print_table(
                [
                    {k: r[k] for k in ("table", "now", "after")}
                    for r in report.change["tables"]
                    if r["now"] or r["after"]
                ]
            )
        print("\nErrors")
        print_table(data["errors"], columns)
        if len(report.errors) > len(data["errors"]):
            print(f"…and {len(report.errors) - len(data['errors'])} more errors.")
        if report.only_cell_errors:
            print(
                f"Every error is an invalid cell: --blank-invalid loads the file with these {len(report.errors)} "
                "cell(s) left blank."
            )
    if report.warnings:
        print(f"\nWarnings ({len(report.warnings)})")
        print_table(data["warnings"], columns)
        if len(report.warnings) > len(data["warnings"]):
            print(f"…and {len(report.warnings) - len(data['warnings'])} more warnings.")


def _finish(report, fmt: str) -> int:
    _print_report(report, fmt)
    sys.stdout.flush()
    if not report.ok:
        raise CommandError(f"refused with {len(report.errors)} error(s); nothing was loaded")
    return 0


def cmd_import_ssd(args) -> int:
    from oversight.imports.services import import_ssd

    if not args.dir.is_dir():
        raise CommandError(f"{args.dir} is not a folder: give the folder holding the SSD CSV files")
    progress = _Progress("import ssd")
    report = import_ssd(
        [p for p in args.dir.iterdir() if p.is_file()],
        args.as_at or dt.date.today(),
        progress=progress,
        blank_invalid=args.blank_invalid,
        allow_shrink=args.allow_shrink,
    )
    progress.finish()
    return _finish(report, args.format)


def cmd_import_annex_a(args) -> int:
    from oversight.imports.services import import_annex_a

    if not args.file.is_file():
        raise CommandError(f"{args.file} is not a file: give the Annex A .xlsx workbook")
    progress = _Progress("import annex-a")
    report = import_annex_a(
        args.file, args.as_at, progress=progress, allow_shrink=args.allow_shrink, blank_invalid=args.blank_invalid
    )
    progress.finish()
    return _finish(report, args.format)


def cmd_export_ssd(args) -> int:
    from oversight.imports.export import export_ssd

    if args.dir.exists() and not args.dir.is_dir():
        raise CommandError(f"{args.dir} exists and is not a folder")
    try:
        counts = export_ssd(args.dir)
    except OSError as exc:
        raise CommandError(f"cannot write to {args.dir}: {exc.strerror or exc}")
    if args.format == "json":
        print_json({"dir": str(args.dir), "counts": counts})
    else:
        print(f"Wrote {len(counts)} SSD tables to {args.dir}")
        print_table([{"table": k, "rows": v} for k, v in counts.items()])
    return 0


def _snapshot_row(e, current) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "by": e.by,
        "created_at": e.created_at.isoformat(timespec="seconds"),
        "import_id": e.import_record_id,
        "current": current is not None and e.pk == current.pk,
        "rows": e.total_rows,
        "rolled_back_at": e.rolled_back_at.isoformat(timespec="seconds") if e.rolled_back_at else None,
        "rolled_back_by": e.rolled_back_by or None,
        "changes": e.changes,
    }


def cmd_snapshots_list(args) -> int:
    from oversight.imports import history

    current, _ = history.current_and_previous()
    rows = [_snapshot_row(e, current) for e in history.entries()]
    if args.format == "json":
        print_json({"keep": history.keep(), "snapshots": rows})
        return 0
    if not rows:
        print("No snapshot is kept yet: the next import or synthetic build makes the first.")
        return 0
    print_table(
        [
            {k: ("yes" if v is True else "" if v in (False, None) else v) for k, v in r.items() if k != "changes"}
            for r in rows
        ]
    )
    return 0


def cmd_snapshots_rollback(args) -> int:
    from oversight.imports import services

    try:
        result = services.rollback()
    except services.RollbackRefused as exc:
        raise CommandError(str(exc))
    if args.format == "json":
        print_json(result)
    else:
        print(f"The case data is now snapshot {result['to']} again (snapshot {result['from']} is marked rolled back).")
        print_table([r for r in result["tables"] if r["now"] or r["after"]])
    return 0


def cmd_backup(args) -> int:
    from oversight.imports import backup

    try:
        result = backup.backup(args.file)
    except (backup.BackupError, OSError) as exc:
        raise CommandError(str(exc))
    if args.format == "json":
        print_json(result)
    else:
        print(f"Backed up the {result['database']} database to {result['file']} ({result['bytes']:,} bytes).")
    return 0


def cmd_restore(args) -> int:
    from oversight.imports import backup

    if not args.yes:
        raise CommandError("restoring replaces everything in the database (case data, audits, logins): add --yes")
    try:
        result = backup.restore(args.file)
    except (backup.BackupError, OSError) as exc:
        raise CommandError(str(exc))
    if args.format == "json":
        print_json(result)
    else:
        print(
            f"Restored the {result['database']} database from {result['file']}. Run `oversight init` if it came from an older Oversight."
        )
    return 0
