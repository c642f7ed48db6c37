"""`oversight` subcommands of the improvement app."""

from __future__ import annotations


def register(sub) -> None:
    """Add this app's subcommands (none yet)."""
