"""Oversight: quality and performance oversight for children's social care."""

__version__ = "0.1.0"
