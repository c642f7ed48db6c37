"""`oversight demo`: replace the case data with a synthetic council and print demo logins."""

from __future__ import annotations

import datetime as dt

from oversight.cli import CommandError
from oversight.cli.dates import iso_date
from oversight.cli.output import Progress, add_format_argument, print_json, print_table

# The demo's "today" may move on; the calendar behind the builder stops in 2060.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2058, 12, 31)


def register(sub) -> None:
    p = sub.add_parser(
        "demo",
        help="replace ALL case data with a synthetic council and create demo logins (never on real data)",
        description="Replace every case-data table with a seeded synthetic council (one transaction), create one "
        "demo login per role and print them. The same scale, seed and as-at date give the same council.",
    )
    p.add_argument(
        "--scale",
        choices=["small", "medium", "large"],
        default="small",
        help="small ~2,000 children, medium ~15,000, large ~100,000 (default small)",
    )
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument(
        "--as-at",
        type=iso_date,
        default=None,
        help="the date the council's history runs up to (YYYY-MM-DD; default today, so the pages, "
        "which open on today's date, show current figures)",
    )
    add_format_argument(p)
    p.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    from django.db import DatabaseError

    from oversight.synthetic.build import build
    from oversight.synthetic.users import DEMO_PASSWORD, create_demo_users
    from oversight.synthetic.writer import replace_case_data

    as_at = args.as_at or dt.date.today()
    if not EARLIEST <= as_at <= LATEST:
        raise CommandError(f"--as-at {as_at.isoformat()} is outside {EARLIEST.isoformat()} to {LATEST.isoformat()}")
    progress = Progress(f"Building the {args.scale} synthetic council")
    council = build(args.scale, args.seed, as_at, step=lambda note: progress.step(note=note))
    progress.finish(f"{council.rows():,} rows")
    writing = Progress("Writing case data", total=council.rows())
    try:
        written = replace_case_data(council, step=lambda name, n: writing.step(n, note=name))
        logins = create_demo_users(as_at)
        audit_note = _demo_audit_sample(as_at, args.seed)
        workflow_notes = _demo_workflows(as_at, args.seed)
    except DatabaseError as exc:
        raise CommandError(
            f"could not write to the database ({exc.__class__.__name__}); has it been created with `oversight init`?"
        )
    writing.finish()
    summary = {
        "scale": args.scale,
        "seed": args.seed,
        "as_at": as_at,
        "children": written["ssd_person"],
        "professionals": written["ssd_professionals"],
        "rows": sum(written.values()),
        "tables": written,
        "logins": logins,
        "audit_sample": audit_note,
        "workflows": workflow_notes,
    }
    if args.format == "json":
        print_json(summary)
        return 0
    print(
        f"Synthetic council: scale {args.scale}, seed {args.seed}, history up to {as_at.isoformat()}: "
        f"{summary['children']:,} children, {summary['professionals']:,} professionals, {summary['rows']:,} rows."
    )
    print(f"Demo logins (password for all: {DEMO_PASSWORD}; synthetic data only, never for real data):\n")
    print_table(logins, ["role", "username", "password", "sees"])
    if audit_note:
        print(f"\n{audit_note}")
    for note in workflow_notes.values():
        print(note)
    return 0


def _demo_workflows(as_at: dt.date, seed: int) -> dict[str, str]:
    """Give each app's workflow records (escalations, meetings, plans...) something to show in the demo.

    An app opts in with a `demo.py` holding `populate(as_at, seed) -> str` (a one-line note); it must
    be deterministic for a seed and as-at date, and replace its own earlier demo records.
    """
    import importlib

    from django.apps import apps

    notes = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("oversight."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.demo":
                continue
            raise
        notes[config.label] = module.populate(as_at=as_at, seed=seed)
    return notes


def _demo_audit_sample(as_at: dt.date, seed: int) -> str:
    """Draw the as-at month's audit sample, so the auditor's queue is not empty in the demo."""
    from oversight.audits.services import AuditError, draw_sample

    try:
        result = draw_sample(as_at.replace(day=1), per_team=2, seed=seed, by="oversight demo")
    except AuditError as exc:
        # A sample already under way from an earlier demo is kept as it is.
        return f"Audit sample for {as_at:%B %Y} left as it was: {exc}"
    assigned = sum(1 for row in result.rows if row.get("auditor_id"))
    return f"Audit sample for {as_at:%B %Y}: {len(result.rows)} children, {assigned} assigned to auditors."
