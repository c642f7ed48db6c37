"""`oversight improvement`: the board report, the plan, the risk register and the xlsx import."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import add_format_argument, print_json, print_table

ACTION_COLUMNS = ["ref", "pillar", "lead", "due", "status", "rag", "why"]
RISK_COLUMNS = ["ref", "title", "rating", "previous_rating", "movement", "target_rating", "owner", "review_due"]


def register(sub) -> None:
    p = sub.add_parser("improvement", help="improvement plan, findings, risk register and the board report")
    isub = p.add_subparsers(dest="improvement_command", metavar="ACTION", required=True)

    r = isub.add_parser(
        "report",
        help="the improvement board's report for a month",
        description="Plan progress by pillar, red actions, risks and their movement since the last board (the end "
        "of the month before), headline indicators and unanswered findings. json prints the documented shape "
        "(docs/improvement.md) to --out or to standard output.",
    )
    r.add_argument("--month", required=True, help="the month (YYYY-MM)")
    r.add_argument("--format", choices=("pdf", "xlsx", "json"), default="json", help="output format (default json)")
    r.add_argument("--out", type=Path, default=None, help="file to write (required for pdf and xlsx)")
    r.set_defaults(func=cmd_report)

    a = isub.add_parser("actions", help="the plan's actions with their derived RAG and the reasons")
    a.add_argument("--as-at", type=iso_date, default=None, help="date (YYYY-MM-DD; default today)")
    a.add_argument("--view", choices=("all", "overdue", "due_this_month"), default="all")
    a.add_argument("--pillar", default=None, help="only this pillar (its key)")
    a.add_argument("--lead", default=None, help="only this lead's actions (username)")
    add_format_argument(a)
    a.set_defaults(func=cmd_actions)

    k = isub.add_parser("risks", help="the risk register: ratings, movement since the last board, review dates")
    k.add_argument("--as-at", type=iso_date, default=None, help="date (YYYY-MM-DD; default today)")
    add_format_argument(k)
    k.set_defaults(func=cmd_risks)

    f = isub.add_parser("findings", help="findings and the actions answering them")
    f.add_argument("--unanswered", action="store_true", help="only findings no action answers")
    add_format_argument(f)
    f.set_defaults(func=cmd_findings)

    i = isub.add_parser(
        "import",
        help="import findings, the plan and the risk register from an xlsx workbook (all or nothing)",
        description="Sheets Findings, Plan and Risks (any may be left out); columns in docs/improvement.md. "
        "If anything is wrong nothing is written and every problem is listed with sheet, row, column and value.",
    )
    i.add_argument("file", type=Path)
    i.add_argument("--by", default="oversight import", help="name recorded against imported ratings")
    add_format_argument(i)
    i.set_defaults(func=cmd_import)


def _as_at(args) -> dt.date:
    from oversight.improvement.report import EARLIEST_YEAR

    as_at = args.as_at or _today()
    if as_at.year < EARLIEST_YEAR:
        raise CommandError(f"--as-at must be in {EARLIEST_YEAR} or later")
    return as_at


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def cmd_report(args) -> int:
    from oversight.improvement import report
    from oversight.improvement.matrix import MatrixError

    try:
        built = report.build(report.parse_month(args.month), _today())
    except (report.ReportError, MatrixError) as exc:
        raise CommandError(str(exc))
    if args.format == "json":
        data = report.as_json(built)
        if args.out is None:
            print_json(data)
            return 0
        payload = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    else:
        if args.out is None:
            raise CommandError(f"--out FILE is needed for --format {args.format}")
        payload = report.as_pdf(built) if args.format == "pdf" else report.as_xlsx(built)
    try:
        args.out.write_bytes(payload)
    except OSError as exc:
        raise CommandError(f"could not write {args.out}: {exc.strerror}")
    print(f"Wrote {args.out} ({len(payload):,} bytes)", file=sys.stderr)
    return 0


def cmd_actions(args) -> int:
    from oversight.improvement import queries

    as_at = _as_at(args)
    if args.pillar and args.pillar not in queries.pillar_titles():
        raise CommandError(f"'{args.pillar}' is not a pillar; pillars: {', '.join(queries.pillar_titles())}")
    rows = queries.plan(as_at, pillar=args.pillar, lead=args.lead, view=args.view)
    out = [
        {
            "ref": r["action"].ref,
            "pillar": r["action"].pillar,
            "what": r["action"].what,
            "lead": r["action"].lead,
            "due": r["action"].due,
            "status": r["action"].status,
            "indicator": r["action"].indicator or None,
            "rag": r["rag"],
            "why": r["reasons"],
            "findings": [f.ref for f in r["action"].findings.all()],
        }
        for r in rows
    ]
    if args.format == "json":
        print_json({"as_at": as_at, "actions": out})
    else:
        print_table([{**row, "why": "; ".join(row["why"])} for row in out], ACTION_COLUMNS)
    return 0


def cmd_risks(args) -> int:
    from oversight.improvement import queries
    from oversight.improvement.matrix import MatrixError

    as_at = _as_at(args)
    try:
        rows = queries.risk_rows(as_at)
    except MatrixError as exc:
        raise CommandError(str(exc))
    out = [
        {
            "ref": r["risk"].ref,
            "title": r["risk"].title,
            "rating": r["rating"],
            "previous_rating": r["previous_rating"],
            "movement": r["movement"],
            "score": r["score"],
            "above_appetite": r["above_appetite"],
            "target_rating": r["risk"].target_rating,
            "owner": r["risk"].owner,
            "review_due": r["risk"].review_date,
            "review_overdue": r["review_overdue"],
        }
        for r in rows
    ]
    if args.format == "json":
        print_json({"as_at": as_at, "last_board": queries.last_board(as_at), "risks": out})
    else:
        print_table(out, RISK_COLUMNS)
    return 0


def cmd_findings(args) -> int:
    from oversight.improvement import queries

    out = [
        {
            "ref": f.ref,
            "source": f.source,
            "date": f.date,
            "judgement_area": f.judgement_area,
            "text": f.text,
            "actions": [a.ref for a in f.actions.all()],
        }
        for f in queries.findings(unanswered_only=args.unanswered).prefetch_related("actions")
    ]
    if args.format == "json":
        print_json({"findings": out})
    else:
        print_table([{**f, "actions": ", ".join(f["actions"]), "text": f["text"][:60]} for f in out])
    return 0


def cmd_import(args) -> int:
    from oversight.improvement import importer

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"could not read {args.file}: {exc.strerror}")
    result = importer.import_workbook(data, args.file.name, args.by, _today())
    if args.format == "json":
        print_json(result)
    else:
        for e in result["errors"]:
            where = ", ".join(f"{k} {e[k]}" for k in ("sheet", "row", "column") if e.get(k) is not None)
            print(
                f"error: {e['file']}{': ' + where if where else ''}: {e['message']}"
                + (f" ('{e['value']}')" if e["value"] else "")
            )
        for w in result["warnings"]:
            print(f"warning: {w.get('sheet') or w['file']}: {w['message']}")
        if result["ok"]:
            c = result["counts"]
            print(
                f"Imported {c['findings']} findings, {c['actions']} actions, {c['risks']} risks ({c['ratings']} new ratings)."
            )
    return 0 if result["ok"] else 1
