"""`oversight scorecard`, `oversight supervision …` and `oversight clinic …`: the performance clinic."""

from __future__ import annotations

import argparse
import sys

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import add_format_argument, print_json, print_table

SCORECARD_COLUMNS = [
    "id",
    "area",
    "title",
    "value",
    "numerator",
    "denominator",
    "unit",
    "target",
    "rag",
    "previous",
    "national",
    "measurable",
]


def month(text: str) -> str:
    from oversight.analytics.indicators import parse_month

    try:
        parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc))
    return text


def register(sub) -> None:
    p = sub.add_parser(
        "scorecard",
        help="the performance clinic's scorecard for a month: every indicator, its target, RAG and 13-month trend",
        description="Every indicator of the catalogue as at the month's last day (events: in the month), with the "
        "previous month, target, RAG, national figure and the 13 month-ends ending with the month. An indicator "
        "the loaded data cannot support is listed with measurable false and the reason.",
    )
    p.add_argument("--month", type=month, required=True, help="the month, YYYY-MM")
    p.add_argument("--area", default=None, help="only this service area (see docs/performance.md)")
    add_format_argument(p, choices=("table", "json", "csv"))
    p.set_defaults(func=cmd_scorecard)
    register_supervision(sub)
    register_clinic(sub)


def _scorecard(args) -> dict:
    from oversight.analytics.indicators import CatalogueError
    from oversight.analytics.supervision import StandardsError
    from oversight.performance import queries

    try:
        return queries.scorecard(args.month, args.area)
    except (ValueError, CatalogueError, StandardsError) as exc:
        raise CommandError(str(exc))


def cmd_scorecard(args) -> int:
    data = _scorecard(args)
    if args.format == "json":
        print_json(data)
    elif args.format == "csv":
        from oversight.documents.csvfile import csv_text

        header = SCORECARD_COLUMNS + ["reason"] + [t["month"] for t in data["indicators"][0]["trend"]]
        rows = [
            [r[c] for c in SCORECARD_COLUMNS] + [r["reason"]] + [t["value"] for t in r["trend"]]
            for r in data["indicators"]
        ]
        sys.stdout.write(csv_text(header, rows))
    else:
        print(f"Scorecard for {data['month']}")
        print_table(
            [{**r, "value": "not measurable" if not r["measurable"] else r["value"]} for r in data["indicators"]],
            ["id", "value", "previous", "target", "rag", "national", "unit"],
        )
    return 0


def register_supervision(sub) -> None:
    p = sub.add_parser("supervision", help="supervision sessions: import them, and compliance with the standards")
    a = p.add_subparsers(dest="supervision_command", metavar="ACTION", required=True)
    i = a.add_parser("import", help="import supervision sessions from a CSV or xlsx file (all or nothing)")
    i.add_argument("file")
    add_format_argument(i)
    i.set_defaults(func=cmd_supervision_import)
    c = a.add_parser("compliance", help="each supervised worker's supervision on a date, by team")
    c.add_argument("--as-at", type=iso_date, required=True, help="the date, YYYY-MM-DD")
    add_format_argument(c)
    c.set_defaults(func=cmd_supervision_compliance)


def cmd_supervision_import(args) -> int:
    from oversight.performance import importer

    report = importer.import_file(args.file, user="cli")
    if args.format == "json":
        print_json(report)
    else:
        if report["errors"]:
            print_table(report["errors"], ["file", "sheet", "row", "column", "value", "message"])
        for w in report["warnings"]:
            print(f"warning: {w['file']} row {w['row']} {w['column']}: {w['message']}", file=sys.stderr)
        if report["ok"]:
            print(f"Imported {report['count']} supervision sessions from {report['file']}")
    if not report["ok"]:
        raise CommandError(f"{len(report['errors'])} problem(s) in {report['file']}; nothing was imported")
    return 0


def cmd_supervision_compliance(args) -> int:
    from oversight.analytics.supervision import StandardsError
    from oversight.performance import queries

    if not 1900 <= args.as_at.year <= 2199:
        raise CommandError("--as-at must be a date from 1900 to 2199")
    try:
        data = queries.supervision_compliance(args.as_at)
    except StandardsError as exc:
        raise CommandError(str(exc))
    if args.format == "json":
        print_json(data)
    else:
        print(
            f"Supervision on {data['as_at']}: {data['on_time']} of {data['workers']} on time ({data['percent_on_time']}%)"
        )
        print_table(data["teams"], ["team", "workers", "on_time", "percent_on_time"])
    return 0


def register_clinic(sub) -> None:
    p = sub.add_parser("clinic", help="the monthly performance clinic: its pack")
    a = p.add_subparsers(dest="clinic_command", metavar="ACTION", required=True)
    k = a.add_parser("pack", help="the clinic pack for a month (and area) as PDF or xlsx")
    k.add_argument("--month", type=month, required=True, help="the month, YYYY-MM")
    k.add_argument("--area", default=None, help="only this service area")
    k.add_argument("--format", choices=("pdf", "xlsx"), required=True)
    k.add_argument("--out", required=True, help="the file to write")
    k.set_defaults(func=cmd_pack)


def cmd_pack(args) -> int:
    from oversight.performance import pack

    try:
        data = pack.build(args.month, args.area, args.format)
    except ValueError as exc:
        raise CommandError(str(exc))
    try:
        with open(args.out, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {exc.strerror}")
    print(f"Wrote {args.out} ({len(data)} bytes)")
    return 0
