"""`oversight users`: create and list logins."""

from __future__ import annotations

import getpass
import sys

from oversight.accounts import roles
from oversight.cli import CommandError
from oversight.cli.output import add_format_argument, print_json, print_table


def register(sub) -> None:
    p = sub.add_parser("users", help="create and list logins")
    usub = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    c = usub.add_parser("create", help="create a login with a role (password from a prompt or --password-stdin)")
    c.add_argument("username")
    c.add_argument("--role", required=True, choices=roles.NAMES, help="what the login may see (README: Roles)")
    c.add_argument(
        "--professional-id",
        default="",
        help="the worker id (ssd_professionals) of a social worker, IRO or team manager",
    )
    c.add_argument("--team-id", default="", help="the team id (ssd_department) a team manager manages")
    c.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )
    c.set_defaults(func=cmd_create)

    ls = usub.add_parser("list", help="list logins with their roles")
    add_format_argument(ls)
    ls.set_defaults(func=cmd_list)


def _read_password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise CommandError("no terminal to ask for the password (use --password-stdin); nothing was created")
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise CommandError("the two passwords differ; nothing was created")
    if not password:
        raise CommandError("the password is empty; nothing was created")
    return password


def cmd_create(args) -> int:
    from oversight.accounts.services import UserError, create_user

    password = _read_password(args)
    try:
        user = create_user(args.username, args.role, password, args.professional_id, args.team_id)
    except UserError as exc:
        raise CommandError(f"{exc}; nothing was created")
    print(f"Created {user.username} ({roles.LABELS[user.role]})")
    if user.role in roles.NEEDS_PROFESSIONAL_ID and not user.professional_id:
        print(
            f"Warning: a {roles.LABELS[user.role].lower()} without --professional-id sees no children", file=sys.stderr
        )
    if user.role in roles.NEEDS_TEAM_ID and not user.team_id:
        print(
            "Warning: a team manager without --team-id sees only children allocated to their own --professional-id",
            file=sys.stderr,
        )
    return 0


def cmd_list(args) -> int:
    from oversight.accounts.queries import users

    rows = users()
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, ["username", "role", "professional_id", "team_id", "active", "last_login"])
    return 0
