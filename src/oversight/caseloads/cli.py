"""`oversight caseloads`: caseloads on a date, the month-end trend, or the 30 September census figures."""

from __future__ import annotations

import sys

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import add_format_argument, print_csv, print_json, print_table

WORKER_COLUMNS = ["worker_id", "name", "grade", "team", "fte", "cases", "target", "over_target_by"]
TEAM_COLUMNS = [
    "team",
    "team_name",
    "workers",
    "cases",
    "average_caseload",
    "average_caseload_fte",
    "workers_over_target",
    "hot_spot",
]


def register(sub) -> None:
    p = sub.add_parser(
        "caseloads",
        help="caseloads and workforce on a date, by month-end, or at 30 September",
        description="Caseloads on --as-at DATE (default today); the month-end trend with --from and "
        "--to; or the 30 September workforce figures beside England's with --census YEAR.",
    )
    p.add_argument("--as-at", type=iso_date, default=None, help="date (YYYY-MM-DD; default today)")
    p.add_argument("--from", dest="start", type=iso_date, default=None, help="first date of the trend (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=iso_date, default=None, help="last date of the trend (YYYY-MM-DD)")
    p.add_argument(
        "--census", type=int, default=None, metavar="YEAR", help="30 September figures of YEAR beside England's"
    )
    add_format_argument(p, choices=("table", "json", "csv"))
    p.set_defaults(func=cmd_caseloads)


def _rules_or_error():
    from oversight.caseloads import queries

    try:
        return queries.rules()
    except ValueError as exc:
        raise CommandError(str(exc))


def cmd_caseloads(args) -> int:
    import datetime as dt

    from oversight.analytics.caseloads import check_day, month_ends
    from oversight.caseloads import queries

    for option, day in (("--as-at", args.as_at), ("--from", args.start), ("--to", args.end)):
        if day is not None:
            try:
                check_day(day, option)
            except ValueError as exc:
                raise CommandError(str(exc))
    trend = args.start is not None or args.end is not None
    if sum([trend, args.as_at is not None, args.census is not None]) > 1:
        raise CommandError("give one of --as-at, --from/--to or --census")
    _rules_or_error()
    if args.census is not None:
        if not 1990 <= args.census <= 2100:
            raise CommandError(f"--census must be a year from 1990 to 2100; got {args.census}")
        return _print_census(queries.census(args.census), args.format)
    if trend:
        if args.start is None or args.end is None:
            raise CommandError("--from and --to go together")
        if args.start > args.end:
            raise CommandError(f"--from {args.start} is after --to {args.end}")
        if not month_ends(args.start, args.end):
            raise CommandError(f"there is no month-end from {args.start} to {args.end}")
        can = queries.trend_measurable()
        if not can.measurable:
            if args.format == "json":
                print_json(
                    {
                        "from": args.start.isoformat(),
                        "to": args.end.isoformat(),
                        "measurable": False,
                        "reason": can.reason,
                    }
                )
            else:
                sys.stdout.write(f"Caseload trend: not measurable from this data. {can.reason}\n")
            return 0
        rows = queries.trend(args.start, args.end)
        if args.format == "json":
            print_json(
                {
                    "from": args.start.isoformat(),
                    "to": args.end.isoformat(),
                    "measurable": True,
                    "reason": None,
                    "months": rows,
                }
            )
        elif args.format == "csv":
            print_csv(rows)
        else:
            print_table(
                rows,
                [
                    "as_at",
                    "case_holding_workers",
                    "cases",
                    "average_caseload",
                    "average_caseload_fte",
                    "workers_over_target",
                    "average_over_target_by",
                    "unallocated_children",
                    "headcount",
                    "agency_rate_fte",
                    "turnover_rate_fte",
                ],
            )
        return 0
    report = queries.report(args.as_at or dt.date.today())
    if args.format == "json":
        print_json(report)
    elif args.format == "csv":
        print_csv(report["workers"], WORKER_COLUMNS + ["cases_per_fte", "agency"])
    else:
        _print_report(report)
    return 0


def _heading(text: str) -> None:
    sys.stdout.write(f"\n{text}\n")


def _print_report(r: dict) -> None:
    sys.stdout.write(f"Caseloads on {r['as_at']}\n")
    _heading("Summary")
    print_table([{"measure": k, "value": v} for k, v in r["summary"].items()])
    _heading("Workers")
    print_table(r["workers"], WORKER_COLUMNS)
    _heading(f"Teams (hot spot: average above {r['hot_spot_threshold']})")
    print_table(r["teams"], TEAM_COLUMNS)
    _heading(f"IROs (average caseload {r['iro']['average_caseload']})")
    print_table(r["iro"]["workers"], WORKER_COLUMNS)
    _heading(f"Personal advisers (average caseload {r['personal_advisers']['average_caseload']})")
    print_table(r["personal_advisers"]["workers"], WORKER_COLUMNS)
    a = r["nqsw_anniversaries"]
    _heading(
        f"Newly qualified workers reaching their first anniversary by {a['until']}: {a['count']}, "
        f"{a['above_nqsw_target']} holding more than {a['nqsw_target']}"
    )
    print_table(a["workers"])
    _heading("Workers under target, by recorded reason")
    print_table([{"reason": k, "workers": v} for k, v in r["under_target"]["by_reason"].items()])
    _heading("Workforce (12 months to the date for starters, leavers and turnover; rates in %)")
    print_table([{"measure": k, "value": v} for k, v in r["workforce"].items()])


def _print_census(c: dict, fmt: str) -> int:
    if fmt == "json":
        print_json(c)
    elif fmt == "csv":
        print_csv(c["measures"], ["measure", "local", "england"])
    else:
        sys.stdout.write(f"Workforce at {c['as_at']} beside England (DfE census; rates in %)\n")
        print_table(c["measures"], ["label", "local", "england"])
    return 0
