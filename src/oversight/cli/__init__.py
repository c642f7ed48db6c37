"""The `oversight` command. Each domain adds its subcommands in its own cli module."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Modules with a `register(subparsers)` function, in --help order.
COMMAND_MODULES = [
    "oversight.cli.core",
    "oversight.people.cli",
    "oversight.accounts.cli",
    "oversight.synthetic.cli",
    "oversight.imports.cli",
    "oversight.caseloads.cli",
    "oversight.timeliness.cli",
    "oversight.audits.cli",
    "oversight.iro.cli",
    "oversight.performance.cli",
    "oversight.inspection.cli",
    "oversight.improvement.cli",
]


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback, exit status 2."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oversight",
        description="Oversight: quality and performance oversight for children's social care.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if name.startswith(exc.name or "\0"):
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0 if not argv and args.command is None else 2
    if getattr(args, "needs_django", True):
        setup_django()
    try:
        result = args.func(args)
    except CommandError as exc:
        print(f"oversight {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
