"""`oversight audits …`: sample, import, report, grades, tools, assign, actions, escalations."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import add_format_argument, print_csv, print_json, print_table


def month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month written as YYYY-MM")


def register(sub) -> None:
    p = sub.add_parser("audits", help="case audits: sampling, import, moderation figures")
    a = p.add_subparsers(dest="audits_command", metavar="ACTION", required=True)

    s = a.add_parser(
        "sample", help="pick N children per team with an open case for a month's audits, and assign auditors"
    )
    s.add_argument("--month", type=month, required=True, help="the audit month, YYYY-MM")
    s.add_argument("--per-team", type=int, required=True, help="children to audit in each team")
    s.add_argument(
        "--seed", type=int, required=True, help="the random seed; the same seed and data give the same sample"
    )
    s.add_argument(
        "--theme",
        default="",
        help="a thematic audit (e.g. domestic_abuse): only children whose recent assessments recorded the theme's CIN factors",
    )
    add_format_argument(s)
    s.set_defaults(func=cmd_sample)

    i = a.add_parser("import", help="import past audits from a CSV or xlsx file (all or nothing)")
    i.add_argument("file")
    add_format_argument(i)
    i.set_defaults(func=cmd_import)

    r = a.add_parser("report", help="moderation figures and final grades for audits completed in a period")
    r.add_argument("--from", dest="start", type=iso_date, default=None, help="first completion date, YYYY-MM-DD")
    r.add_argument("--to", dest="end", type=iso_date, default=None, help="last completion date, YYYY-MM-DD")
    add_format_argument(r)
    r.set_defaults(func=cmd_report)

    g = a.add_parser("grades", help="final grades month by month by team, locality, service or question")
    g.add_argument("--by", choices=("team", "locality", "service", "question"), default="team")
    g.add_argument("--from", dest="start", type=iso_date, default=None)
    g.add_argument("--to", dest="end", type=iso_date, default=None)
    add_format_argument(g, choices=("table", "json", "csv"))
    g.set_defaults(func=cmd_grades)

    t = a.add_parser(
        "tools", help="the audit tools and their current versions (storing edited tool files as new versions)"
    )
    add_format_argument(t)
    t.set_defaults(func=cmd_tools)

    n = a.add_parser("assign", help="give an audit that has not been submitted to an auditor")
    n.add_argument("audit_id", type=int)
    n.add_argument("username")
    n.set_defaults(func=cmd_assign)

    c = a.add_parser("actions", help="open audit actions")
    c.add_argument("--overdue", action="store_true", help="only actions past their due date")
    add_format_argument(c)
    c.set_defaults(func=cmd_actions)

    e = a.add_parser("escalations", help="open welfare escalations")
    add_format_argument(e)
    e.set_defaults(func=cmd_escalations)


def _warn(lines) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def cmd_sample(args) -> int:
    from oversight.audits import services

    try:
        result = services.draw_sample(args.month, args.per_team, args.seed, theme=args.theme.strip(), by="cli")
    except services.AuditError as exc:
        raise CommandError(str(exc))
    _warn(result.warnings)
    if not result.created:
        _warn([f"{args.month:%Y-%m} was already sampled with this seed; the stored sample is shown"])
    if args.format == "json":
        print_json({"month": f"{args.month:%Y-%m}", "samples": result.rows})
    else:
        print_table(result.rows, ["team", "child_id", "case_type", "auditor_id"])
    return 0


def cmd_import(args) -> int:
    from oversight.audits.importer import MAX_BYTES, import_audits, too_large

    path = Path(args.file)
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_BYTES else b""  # a larger file is refused unread
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}")
    report = import_audits(data, path.name) if size <= MAX_BYTES else too_large(path.name)
    if args.format == "json":
        print_json(report)
    else:
        if report["errors"]:
            print_table(report["errors"], ["file", "sheet", "row", "column", "value", "message"])
        _warn(f"{w['file']} row {w['row']} {w['column']}: {w['message']}" for w in report["warnings"])
        if report["ok"]:
            print(", ".join(f"{k}: {v}" for k, v in report["counts"].items()))
    if not report["ok"]:
        raise CommandError(f"{len(report['errors'])} problem(s) in {path.name}; nothing was imported")
    return 0


def cmd_report(args) -> int:
    from oversight.audits import queries

    if args.start and args.end and args.end < args.start:
        raise CommandError("--to must not be before --from")
    data = queries.report(args.start, args.end)
    if args.format == "json":
        print_json(data)
        return 0
    print_table(
        [
            {"measure": k, "value": data[k]}
            for k in ("moderated", "agreed", "upgraded", "downgraded", "agreement_rate", "net_downgrade_rate")
        ]
    )
    print()
    print_table(data["by_auditor"], ["auditor", "moderated", "agreement_rate", "net_downgrade_rate"])
    print()
    print_table([{"grade": g, "audits": n} for g, n in data["grades"].items()])
    return 0


def cmd_grades(args) -> int:
    from oversight.audits import queries

    rows = queries.grades(args.by, args.start, args.end)
    if args.format == "json":
        print_json({"by": args.by, "rows": rows})
        return 0
    labels = queries.scale().labels
    flat = [
        {
            "group": r["group"],
            "name": r["name"],
            "month": r["month"],
            "audits": r["audits"],
            **{g: r["grades"].get(g, 0) for g in labels},
            "good_or_better": r["good_or_better"],
        }
        for r in rows
    ]
    columns = ["group", "name", "month", "audits", *labels, "good_or_better"]
    (print_csv if args.format == "csv" else print_table)(flat, columns)
    return 0


def cmd_tools(args) -> int:
    from oversight.audits import services

    try:
        tools = services.sync_tools()
    except services.AuditError as exc:
        raise CommandError(str(exc))
    rows = [
        {
            "key": t.key,
            "version": t.version,
            "name": t.name,
            "kind": t.kind,
            "theme": t.theme,
            "questions": len(t.questions),
            "scale": t.scale,
        }
        for t in tools
    ]
    if args.format == "json":
        print_json(rows)
    else:
        print_table([{**r, "scale": " / ".join(r["scale"])} for r in rows])
    return 0


def cmd_assign(args) -> int:
    from oversight.audits import services
    from oversight.audits.models import Audit

    audit = Audit.objects.filter(pk=args.audit_id).first()
    if audit is None:
        raise CommandError(f"there is no audit {args.audit_id}")
    try:
        services.assign(audit.pk, args.username, audit.version)
    except services.AuditError as exc:
        raise CommandError(str(exc))
    print(f"audit {audit.pk} assigned to {args.username}")
    return 0


def cmd_actions(args) -> int:
    from oversight.audits.models import Action

    qs = Action.objects.filter(status=Action.OPEN).select_related("audit")
    if args.overdue:
        from django.utils import timezone

        qs = qs.filter(due_date__lt=timezone.localdate())
    rows = [
        {
            "action_id": a.pk,
            "audit_id": a.audit_id,
            "child_id": a.audit.child_id,
            "team": a.audit.team_id,
            "owner": a.owner,
            "due_date": a.due_date,
            "what": a.what,
        }
        for a in qs
    ]
    if args.format == "json":
        print_json(rows)
    else:
        print_table([{**r, "what": r["what"][:50]} for r in rows])
    return 0


def cmd_escalations(args) -> int:
    from oversight.audits.queries import open_escalations

    rows = [
        {
            "escalation_id": e.pk,
            "audit_id": e.audit_id,
            "child_id": e.child_id,
            "team": e.team_id,
            "raised_by": e.raised_by,
            "due_date": e.due_date,
            "raised_to": [r.username for r in e.recipients.all()],
        }
        for e in open_escalations().prefetch_related("recipients")
    ]
    if args.format == "json":
        print_json(rows)
    else:
        print_table([{**r, "raised_to": ", ".join(r["raised_to"])} for r in rows])
    return 0
