"""`oversight inspection …`: the inspection event from the command line."""

from __future__ import annotations

import sys

from oversight.cli import CommandError
from oversight.cli.output import add_format_argument, print_json


def register(sub) -> None:
    p = sub.add_parser("inspection", help="the inspection event: the gatekeeper's register of information requests")
    isub = p.add_subparsers(dest="inspection_command", metavar="ACTION", required=True)
    r = isub.add_parser("requests", help="the gatekeeper register of an inspection (the latest unless --inspection)")
    r.add_argument("--inspection", type=int, default=None, help="the inspection's number (default: the latest)")
    add_format_argument(r, choices=("table", "json", "csv"))
    r.set_defaults(func=cmd_requests)


def cmd_requests(args) -> int:
    from oversight.cli.output import print_table
    from oversight.inspection import queries

    inspection = queries.inspection_or_latest(args.inspection)
    if inspection is None:
        raise CommandError("no such inspection" if args.inspection is not None else "no inspection recorded yet")
    header, rows = queries.register_rows(inspection)
    if args.format == "json":
        print_json({"inspection": inspection.pk, "requests": [dict(zip(header, r)) for r in rows]})
    elif args.format == "csv":
        from oversight.documents.csvfile import csv_text

        sys.stdout.write(csv_text(header, rows))
    else:
        print_table([dict(zip(header, r)) for r in rows], header)
    return 0
