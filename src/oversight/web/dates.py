"""Parsing dates from query strings and forms, with messages people can act on."""

import datetime as dt


class BadDate(ValueError):
    pass


def parse_date(text: str, field: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise BadDate(f"{field} must be a real date written as YYYY-MM-DD, for example 2024-03-31; got '{text[:40]}'")
