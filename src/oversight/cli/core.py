"""Commands that set up and run the app: init, serve, users, workdays, manage."""

from __future__ import annotations

import argparse

from oversight.cli import CommandError
from oversight.cli.dates import iso_date


def register(sub) -> None:
    p = sub.add_parser("init", help="create or migrate the database (DATABASE_URL; default SQLite in ./var)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "serve", help="serve the web app (gunicorn, several workers; --dev for Django's development server)"
    )
    p.add_argument("--addr", default="127.0.0.1:8000", help="address:port (default 127.0.0.1:8000)")
    p.add_argument(
        "--workers", type=_positive, default=None, help="worker processes (default: the number of CPU cores plus one)"
    )
    p.add_argument("--threads", type=_positive, default=4, help="threads per worker (default 4)")
    p.add_argument(
        "--dev", action="store_true", help="Django's development server instead: one request at a time, never for users"
    )
    p.add_argument(
        "--no-warm",
        dest="warm",
        action="store_false",
        help="do not work out today's figures in the background at start and after each import",
    )
    p.set_defaults(func=cmd_serve, needs_django=False)

    p = sub.add_parser(
        "warm", help="work out the council's figures for a day ahead of the users (oversight serve runs it itself)"
    )
    p.add_argument(
        "--as-at", dest="days", type=iso_date, action="append", help="a day to warm (repeatable; default today)"
    )
    p.set_defaults(func=cmd_warm)

    p = sub.add_parser("workdays", help="working-day arithmetic on the England and Wales calendar")
    wsub = p.add_subparsers(dest="workdays_command", metavar="ACTION", required=True)
    a = wsub.add_parser("add", help="print the Nth working day after DATE (day 0 is DATE)")
    a.add_argument("date", type=iso_date)
    a.add_argument("n", type=int)
    a.set_defaults(func=cmd_workdays_add, needs_django=False)
    b = wsub.add_parser("between", help="print the working days after START up to and including END")
    b.add_argument("start", type=iso_date)
    b.add_argument("end", type=iso_date)
    b.set_defaults(func=cmd_workdays_between, needs_django=False)

    p = sub.add_parser("manage", help="run a Django management command (for administrators)")
    # REMAINDER: the command's own options (`check --deploy`) belong to it, not to `oversight manage`.
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return value


def cmd_init(args) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from django.conf import settings

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", verbosity=0)
    from django.db import connection

    print(f"Database ready ({connection.vendor}: {connection.settings_dict['NAME']})")
    return 0


def cmd_serve(args) -> int:
    from oversight.cli import serving

    if args.dev:
        return serving.development(args.addr)
    return serving.production(args.addr, args.workers, args.threads, warm=args.warm)


def cmd_warm(args) -> int:
    import time

    from django.db import DatabaseError

    from oversight.web import warm

    start = time.perf_counter()
    try:
        done = warm.warm(args.days)
    except DatabaseError as exc:
        raise CommandError(f"the database is not ready (run oversight init first): {exc.__class__.__name__}")
    if not done:
        print("No case data: nothing to warm")
        return 0
    print(f"Figures warmed for {', '.join(done)} in {time.perf_counter() - start:.1f} s")
    return 0


def cmd_workdays_add(args) -> int:
    from oversight.analytics.workdays import default_calendar

    if args.n < 0:
        raise CommandError("N must be zero or more")
    try:
        print(default_calendar().add(args.date, args.n).isoformat())
    except ValueError as exc:
        raise CommandError(str(exc))
    return 0


def cmd_workdays_between(args) -> int:
    from oversight.analytics.workdays import default_calendar

    try:
        print(default_calendar().between(args.start, args.end))
    except ValueError as exc:
        raise CommandError(str(exc))
    return 0


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["oversight manage", *args.args])
    return 0
