"""`oversight escalations …` (IRO dispute resolution) and `oversight alerts` (change alerts)."""

from __future__ import annotations

import sys
from pathlib import Path

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import add_format_argument, print_json, print_table


def register(sub) -> None:
    p = sub.add_parser("escalations", help="IRO and CP chair escalations: import a log, figures, the list")
    a = p.add_subparsers(dest="escalations_command", metavar="ACTION", required=True)

    i = a.add_parser("import", help="import an escalation log from CSV or xlsx (all or nothing)")
    i.add_argument("file")
    add_format_argument(i)
    i.set_defaults(func=cmd_import)

    r = a.add_parser("report", help="escalations raised in a period: categories, responses, stages, by IRO and team")
    r.add_argument("--from", dest="start", type=iso_date, default=None, help="first raised date, YYYY-MM-DD")
    r.add_argument("--to", dest="end", type=iso_date, default=None, help="last raised date, YYYY-MM-DD")
    r.add_argument("--as-at", dest="as_at", type=iso_date, default=None, help="statuses on this date (default today)")
    add_format_argument(r)
    r.set_defaults(func=cmd_report)

    s = a.add_parser("list", help="every escalation stage with its response due date and status")
    s.add_argument("--overdue", action="store_true", help="only stages past their due date without a response")
    s.add_argument("--as-at", dest="as_at", type=iso_date, default=None, help="statuses on this date (default today)")
    add_format_argument(s)
    s.set_defaults(func=cmd_list)

    o = sub.add_parser("iro", help="IRO oversight: drift prompts, conference and review quality, step-downs")
    oa = o.add_subparsers(dest="iro_command", metavar="ACTION", required=True)
    dr = oa.add_parser("drift", help="drift prompts: children with drift signals and no recent escalation")
    dr.add_argument("--as-at", dest="as_at", type=iso_date, default=None, help="on this date (default today)")
    dr.add_argument("--iro", default=None, help="only this IRO's or chair's worker id")
    add_format_argument(dr)
    dr.set_defaults(func=cmd_drift)
    mt = oa.add_parser("meetings", help="conference and review quality figures by chair and month")
    add_format_argument(mt)
    mt.set_defaults(func=cmd_meetings)
    sd = oa.add_parser("step-downs", help="step-downs from CP plans: recommendations, their check, early CIN closures")
    sd.add_argument("--closed-early", action="store_true", help="only those whose CIN plan closed within the limit")
    add_format_argument(sd)
    sd.set_defaults(func=cmd_step_downs)

    al = sub.add_parser("alerts", help="change alerts to IROs and CP chairs from new case data")
    al.add_argument("--since", type=iso_date, default=None, help="only alerts created on or after this date")
    add_format_argument(al)
    al.set_defaults(func=cmd_alerts)


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _config_guard(fn):
    from oversight.iro.rules import ConfigError

    try:
        return fn()
    except ConfigError as exc:
        raise CommandError(str(exc))


def cmd_report(args) -> int:
    from oversight.iro import queries

    if args.start and args.end and args.end < args.start:
        raise CommandError("--to must not be before --from")
    as_at = args.as_at or _today()
    data = _config_guard(lambda: queries.report(args.start, args.end, as_at))
    if args.format == "json":
        print_json(data)
        return 0
    keys = [
        "raised",
        "practice_share_pct",
        "responded_on_time",
        "responded_late",
        "awaiting",
        "overdue",
        "closed_without_response",
        "median_working_days_to_response",
    ]
    print_table([{"measure": k, "value": "not measurable" if data[k] is None else data[k]} for k in keys])
    print()
    print_table(
        [{"stage": s, "raised": n, "resolved": data["resolved_by_stage"][s]} for s, n in data["by_stage"].items()]
    )
    print()
    print_table(data["by_iro"], ["iro", "raised", "practice_share_pct", "overdue"])
    return 0


def cmd_list(args) -> int:
    from oversight.iro import queries

    as_at = args.as_at or _today()
    rows = queries.listing(as_at, overdue_only=args.overdue)
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, ["escalation_id", "child_id", "stage", "raised_date", "response_due", "status"])
    return 0


def cmd_import(args) -> int:
    from oversight.iro.importer import import_escalations

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}")
    report = _config_guard(lambda: import_escalations(data, path.name))
    if args.format == "json":
        print_json(report)
    else:
        if report["errors"]:
            print_table(report["errors"], ["file", "sheet", "row", "column", "value", "message"])
        for w in report["warnings"]:
            print(f"warning: {w['file']} row {w['row']} {w['column']}: {w['message']}", file=sys.stderr)
        if report["ok"]:
            print(", ".join(f"{k}: {v}" for k, v in report["counts"].items()))
    if not report["ok"]:
        raise CommandError(f"{len(report['errors'])} problem(s) in {path.name}; nothing was imported")
    return 0


def cmd_alerts(args) -> int:
    from oversight.iro import alerts

    rows = alerts.listing(args.since)
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, ["alert_id", "created", "professional_id", "child_id", "kind", "detail", "read"])
    return 0


def cmd_drift(args) -> int:
    from oversight.iro import drift

    as_at = args.as_at or _today()
    rows = _config_guard(lambda: drift.prompts(as_at, args.iro))
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, ["professional_id", "child_id", "signal", "detail"])
    return 0


def cmd_meetings(args) -> int:
    from oversight.iro import quality

    rows = quality.A.by_chair_and_month(quality.meeting_frame())
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows)
    return 0


def cmd_step_downs(args) -> int:
    from oversight.iro import quality
    from oversight.iro.models import StepDown

    qs = StepDown.objects.all()
    early = quality.closed_early(qs)
    rows = [
        {
            "step_down_id": s.pk,
            "child_id": s.child_id,
            "step_down_date": s.step_down_date,
            "chair": s.chair,
            "followed": s.followed or None,
            "checked_date": s.checked_date,
            "cin_plan_closed_early": early.get(s.pk),
        }
        for s in qs.order_by("step_down_date", "pk")
        if not args.closed_early or s.pk in early
    ]
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows)
    return 0
