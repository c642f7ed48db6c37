"""Django's `date` filter, made cheap for the formats Oversight's pages use (a template builtin).

A list page formats several dates a row for a hundred rows; Django's filter looks up the format,
parses it and builds a formatter object for every value, which was a large share of such a page's
time. The formats below are written directly (English month names, as Django writes them with
translation off); any other format, or a value that is not a plain date or datetime, goes to Django's
own filter, so every template keeps working unchanged. tests/web/test_dates_filter.py checks each
format against Django's filter.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.defaultfilters import date as django_date

register = template.Library()

MONTHS = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_3 = ["", *(name[:3] for name in MONTHS[1:])]


def _ymd(d) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _hm(d) -> str:
    return f"{d.hour:02d}:{d.minute:02d}"


DATE_FORMATS = {
    "j M Y": lambda d: f"{d.day} {MONTHS_3[d.month]} {d.year:04d}",
    "j F Y": lambda d: f"{d.day} {MONTHS[d.month]} {d.year:04d}",
    "Y-m-d": _ymd,
    "F Y": lambda d: f"{MONTHS[d.month]} {d.year:04d}",
    "M Y": lambda d: f"{MONTHS_3[d.month]} {d.year:04d}",
    "Y-m": lambda d: f"{d.year:04d}-{d.month:02d}",
}
# Formats with a time: only for datetimes (a plain date with one is left to Django, which refuses it).
DATETIME_FORMATS = {
    "Y-m-d H:i": lambda d: f"{_ymd(d)} {_hm(d)}",
    "j F Y H:i": lambda d: f"{d.day} {MONTHS[d.month]} {d.year:04d} {_hm(d)}",
    "j M Y H:i": lambda d: f"{d.day} {MONTHS_3[d.month]} {d.year:04d} {_hm(d)}",
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """As Django's `date` filter (the same output), fast for the formats above."""
    kind = type(value)
    if kind is dt.date and arg in DATE_FORMATS:
        return DATE_FORMATS[arg](value)
    if kind is dt.datetime and arg is not None:
        write = DATE_FORMATS.get(arg) or DATETIME_FORMATS.get(arg)
        if write is not None:
            return write(value)
    return django_date(value, arg)
