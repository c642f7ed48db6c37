"""`oversight` subcommands of the iro app."""

from __future__ import annotations


def register(sub) -> None:
    """Add this app's subcommands (none yet)."""
