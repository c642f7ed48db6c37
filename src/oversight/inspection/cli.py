"""`oversight annex-a export|practice-run` and `oversight inspection …`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import add_format_argument, print_json, print_table

SHOWN_PROBLEMS = 20


def register(sub) -> None:
    p = sub.add_parser("annex-a", help="Annex A from the case data: export the workbook, keep a monthly practice run")
    asub = p.add_subparsers(dest="annex_a_command", metavar="ACTION", required=True)
    e = asub.add_parser("export", help="write the Annex A workbook (every list of the current template) for a date")
    e.add_argument("--as-at", type=iso_date, required=True, help="the date the lists are drawn up for (YYYY-MM-DD)")
    e.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    add_format_argument(e)
    e.set_defaults(func=cmd_export)
    r = asub.add_parser(
        "practice-run", help="export, keep the file's SHA-256 and counts, and compare with the previous run"
    )
    r.add_argument("--as-at", type=iso_date, required=True, help="the date the lists are drawn up for (YYYY-MM-DD)")
    r.add_argument("--out", type=Path, default=None, help="also write the workbook to this .xlsx file")
    add_format_argument(r)
    r.set_defaults(func=cmd_practice_run)
    from oversight.inspection import cli_event

    cli_event.register(sub)


def _write(path: Path, content: bytes) -> None:
    if path.suffix.lower() != ".xlsx":
        raise CommandError(f"{path}: give a file name ending .xlsx")
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}")


def _print_problems(problems: list[dict]) -> None:
    if not problems:
        print("\nChecks: no problems found.")
        return
    print(f"\nChecks: {len(problems)} problem(s)")
    print_table(problems[:SHOWN_PROBLEMS], ["list", "child", "column", "value", "problem"])
    if len(problems) > SHOWN_PROBLEMS:
        print(f"…and {len(problems) - SHOWN_PROBLEMS} more (--format json lists them all).")


def cmd_export(args) -> int:
    from oversight.inspection import annex_a_file

    if args.out.suffix.lower() != ".xlsx":
        raise CommandError(f"{args.out}: give a file name ending .xlsx")
    result = annex_a_file.export(args.as_at)
    _write(args.out, result.content)
    if args.format == "json":
        print_json(
            {
                "as_at": args.as_at,
                "file": str(args.out),
                "sha256": result.sha256,
                "lists": result.counts(),
                "problems": result.problems,
            }
        )
    else:
        print(f"Wrote the Annex A as at {args.as_at.isoformat()} to {args.out} (SHA-256 {result.sha256}).")
        print_table([{"list": k, "rows": v} for k, v in result.counts().items()])
        _print_problems(result.problems)
    return 0


def cmd_practice_run(args) -> int:
    from oversight.inspection import practice

    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        raise CommandError(f"{args.out}: give a file name ending .xlsx")
    run, content = practice.run(args.as_at, user=None)
    if args.out is not None:
        _write(args.out, content)
    data = practice.contract(run)
    if args.format == "json":
        print_json(data)
        return 0
    print(f"Practice run {run.pk} as at {run.as_at.isoformat()}: SHA-256 {run.sha256}")
    rows = [
        {
            "list": name,
            "rows": n,
            "in": data["changes"].get(name, {}).get("in", ""),
            "out": data["changes"].get(name, {}).get("out", ""),
        }
        for name, n in data["lists"].items()
    ]
    print_table(rows)
    moved = practice.moved(run)
    if moved:
        print("\nCounts that moved by more than the configured share:")
        print_table(moved)
    rr = data["repeat_referrals"]
    print(f"\nRepeat referrals: {rr['total']}, reviewed by a manager {rr['reviewed']}, not yet {rr['unreviewed']}.")
    _print_problems(data["problems"])
    return 0


def today() -> dt.date:
    return dt.date.today()
