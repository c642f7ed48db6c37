"""Spreadsheet-safe cells.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
can be run as a formula by Excel or LibreOffice (OWASP "CSV injection").
Files written for people get such text prefixed with a single quote, which
spreadsheets show as the text itself. Numbers are never touched, so a
negative figure stays a number.
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """VALUE, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def neutralise_row(row) -> list:
    return [neutralise(v) for v in row]
