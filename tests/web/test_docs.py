"""Every `oversight` subcommand the parser knows is documented in README.md's command table.

The list comes from the parser itself, so a new command without a README row
fails here until someone documents it.
"""

import argparse
import re
from pathlib import Path

import pytest

from oversight.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """'init', 'workdays add', 'users create', …: every leaf command, with its parent's name."""
    names = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix} {name}".strip()
                names.extend(subcommands(sub, full) or [full])
    return names


def documented() -> str:
    text = README.read_text()
    section = text.split("## The command line", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("| `oversight "))


COMMANDS = subcommands(build_parser())


def test_the_parser_lists_commands():
    assert {"init", "summary", "users create", "users list", "workdays add"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_the_readme_table(command):
    rows = documented()
    assert re.search(rf"\| `oversight {re.escape(command)}(`| )", rows), (
        f"README's command table has no row for `oversight {command}`"
    )
