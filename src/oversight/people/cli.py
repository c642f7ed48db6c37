"""Commands over case data: summary and export."""

from __future__ import annotations

import datetime as dt

from oversight.cli.dates import iso_date
from oversight.cli.output import add_format_argument, print_json, print_table


def register(sub) -> None:
    p = sub.add_parser("summary", help="headline counts of children on a date")
    p.add_argument("--as-at", type=iso_date, default=None, help="date (YYYY-MM-DD; default today)")
    add_format_argument(p)
    p.set_defaults(func=cmd_summary)


def cmd_summary(args) -> int:
    from oversight.people.queries import headline_counts

    data = headline_counts(args.as_at or dt.date.today())
    if args.format == "json":
        print_json(data)
    else:
        print(f"Children on {data['as_at']}")
        print_table([{"measure": k, "children": v} for k, v in data.items() if k != "as_at"])
    return 0
