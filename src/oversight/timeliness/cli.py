"""`oversight timeliness`: every statutory and local clock as at a date, and who is late."""

from __future__ import annotations

import sys

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import add_format_argument, print_csv, print_json, print_table, write_json_report

RULE_COLUMNS = [
    "rule",
    "items",
    "on_time",
    "late",
    "overdue",
    "due_soon",
    "open",
    "percent_on_time",
    "percent_completed_on_time",
    "measurable",
]
MEASURE_COLUMNS = ["measure", "records", "flagged", "percent"]
ITEM_COLUMNS = [
    "rule",
    "child_id",
    "team",
    "worker_id",
    "start_date",
    "due_date",
    "completed_date",
    "status",
    "days_late",
    "record_id",
]


def register(sub) -> None:
    p = sub.add_parser(
        "timeliness",
        help="statutory timeliness: each rule's items as at a date, on time, late, overdue or due soon",
        description="Every clock of the rulebook as at --as-at (events after it are not yet known). --from and --to "
        "keep the items due in that period. table prints the figures per rule, json the figures and "
        "every item, csv every item.",
    )
    p.add_argument("--as-at", type=iso_date, default=None, help="date (YYYY-MM-DD; default today)")
    p.add_argument("--from", dest="start", type=iso_date, default=None, help="first due date counted (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=iso_date, default=None, help="last due date counted (YYYY-MM-DD)")
    p.add_argument(
        "--rule", action="append", default=None, metavar="ID", help="only this rule (repeat for more; see --list-rules)"
    )
    p.add_argument(
        "--list-rules", action="store_true", help="print the rulebook in force (with local overrides) and stop"
    )
    add_format_argument(p, choices=("table", "json", "csv"))
    p.add_argument("--pretty", action="store_true", help="with --format json: indent the JSON (default compact)")
    p.set_defaults(func=cmd_timeliness)


def _book():
    from oversight.analytics.rulebook import RulebookError
    from oversight.timeliness import queries

    try:
        return queries.checked_rulebook()
    except RulebookError as exc:
        raise CommandError(f"the timeliness rulebook or its settings in OVERSIGHT_CONFIG: {exc}")


def cmd_timeliness(args) -> int:
    import datetime as dt

    from oversight.analytics.timeliness import MissingData
    from oversight.analytics.workdays import FIRST_YEAR, LAST_YEAR
    from oversight.timeliness import queries

    book = _book()
    if args.list_rules:
        return _print_rules(book, args.format)
    as_at = args.as_at or dt.date.today()
    for label, day in (("--as-at", as_at), ("--from", args.start), ("--to", args.end)):
        if day and not FIRST_YEAR < day.year < LAST_YEAR:
            raise CommandError(
                f"{label} {day} is outside the working-day calendar ({FIRST_YEAR + 1} to {LAST_YEAR - 1})"
            )
    if args.start and args.end and args.start > args.end:
        raise CommandError(f"--from {args.start} is after --to {args.end}")
    rule_ids = None
    if args.rule:
        unknown = [r for r in args.rule if r not in book.rule_ids]
        if unknown:
            raise CommandError(f"no rule {', '.join(unknown)}; the rules are: {', '.join(book.rule_ids)}")
        disabled = [r for r in args.rule if not book.rule(r).enabled]
        if disabled:
            raise CommandError(f"rule {', '.join(disabled)} is switched off in OVERSIGHT_CONFIG")
        rule_ids = list(dict.fromkeys(args.rule))
    try:
        report = queries.report(as_at, args.start, args.end, rule_ids, items_as_frame=True)
    except MissingData as exc:
        raise CommandError(str(exc))
    if args.format == "json":
        write_json_report(report, "items", report["items"], pretty=args.pretty)
    elif args.format == "csv":
        print_csv(report["items"].to_dicts(), ITEM_COLUMNS)
    else:
        period = f", due {args.start or 'any time'} to {args.end or 'any time'}" if args.start or args.end else ""
        sys.stdout.write(
            f"Timeliness as at {report['as_at']}{period} (percent on time = on time / (on time + late + overdue); "
            "percent completed on time = of the events done in the period, those done in time)\n\n"
        )
        print_table(report["rules"], RULE_COLUMNS)
        for r in report["rules"]:
            if not r["measurable"]:
                sys.stdout.write(f"{r['rule']}: not measurable from this data. {r['reason']}\n")
            elif r["part"]:
                sys.stdout.write(f"{r['rule']}: {r['part']}\n")
        if "measures" in report:
            sys.stdout.write("\nMeasures\n")
            print_table(report["measures"], MEASURE_COLUMNS)
    return 0


def _print_rules(book, fmt: str) -> int:
    rows = [
        {
            "rule": r.id,
            "title": r.title,
            "due": str(r.due),
            "repeats": r.repeats,
            "enabled": r.enabled,
            "description": r.description,
            "source": r.source,
            "start": r.start,
            "completes": r.completes,
            "applies_to": r.applies_to,
            **{
                k: (str(v) if not isinstance(v, list) else v)
                for k, v in r.params.items()
                if k not in ("optional", "needs_note")
            },
        }
        for r in book.rules
    ]
    if fmt == "json":
        print_json(
            {
                "rules": rows,
                "measures": [
                    {
                        "measure": m.id,
                        "title": m.title,
                        "description": m.description,
                        "source": m.source,
                        "counts": m.counts,
                        "enabled": m.enabled,
                        **{k: str(v) for k, v in m.params.items()},
                    }
                    for m in book.measures
                ],
            }
        )
    elif fmt == "csv":
        print_csv(rows, ["rule", "title", "due", "repeats", "enabled", "source"])
    else:
        print_table(rows, ["rule", "due", "repeats", "enabled", "title"])
    return 0
