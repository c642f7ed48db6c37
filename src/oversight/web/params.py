"""Reading query-string values so that a bad one is a 400 or 404, never a 500.

page = paginate(request, queryset, 50)         # ?page=abc -> 400, ?page=99999 -> 404
q = text_param(request, "q", max_length=48)    # overlong or NUL -> 400
day = date_param(request, "as_at")             # ?as_at=2024-02-30 -> 400
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import BadRequest
from django.core.paginator import Page, Paginator
from django.http import Http404

from oversight.web.dates import BadDate, parse_date


def text_param(request, name: str, max_length: int = 100, default: str = "") -> str:
    value = request.GET.get(name, default).strip()
    if len(value) > max_length:
        raise BadRequest(f"{name} is longer than {max_length} characters")
    if "\x00" in value:
        raise BadRequest(f"{name} contains a NUL character")
    return value


def date_param(request, name: str, default: dt.date | None = None) -> dt.date | None:
    text = request.GET.get(name, "")
    if not text.strip():
        return default
    try:
        return parse_date(text, name)
    except BadDate as exc:
        raise BadRequest(str(exc))


def page_number(request, name: str = "page") -> int:
    text = request.GET.get(name, "1").strip() or "1"
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) < 1:
        raise BadRequest(f"{name} must be a whole number from 1")
    return int(text)


def paginate(request, items, per_page: int, name: str = "page") -> Page:
    """The requested page of ITEMS; page 1 of an empty list exists, any page past the end is a 404."""
    number = page_number(request, name)
    paginator = Paginator(items, per_page)
    if number > paginator.num_pages:
        raise Http404("No such page")
    return paginator.page(number)


def query_without(request, *names: str) -> str:
    """The request's query string minus NAMES (for links to other pages of the same list)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
