"""`oversight` subcommands of the performance app."""

from __future__ import annotations


def register(sub) -> None:
    """Add this app's subcommands (none yet)."""
