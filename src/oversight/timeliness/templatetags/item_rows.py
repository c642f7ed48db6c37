"""The rows of a timeliness item table (timeliness/_items.html), written in Python.

The to-do lists are the pages opened most (every social worker's and team manager's); their table's
rows, a dozen cells each with dates, links and defaults, were most of those pages' time when drawn by
the template language. This tag writes exactly what the template loop wrote (tests/timeliness/
test_item_rows.py renders both and compares): each value as the template shows it (escaped, localised),
the same defaults, the child's link through the remembering `{% url %}`.
"""

from __future__ import annotations

import html

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe

from oversight.web.templatetags.dates import date
from oversight.web.templatetags.urls import cached_reverse

register = template.Library()

MISSING = object()


@register.simple_tag(takes_context=True)
def item_rows(context, rows, show_child=False, show_worker=False, empty=""):
    def show(value) -> str:
        # The template's own rendering, with the common kinds of value written directly (escaped the same).
        kind = type(value)
        if kind is str:
            return html.escape(value)
        if kind is SafeString:
            return value
        if kind is int:
            return str(value)
        return render_value_in_context(value, context)

    def field(r, key) -> str:
        value = r.get(key, MISSING) if isinstance(r, dict) else getattr(r, key, MISSING)
        return "" if value is MISSING else show(value)

    def raw(r, key):
        # A missing value is the template's empty string, before any filter (string_if_invalid).
        return r.get(key, "") if isinstance(r, dict) else getattr(r, key, "")

    def default(value, fallback) -> str:
        return show(value) if value else fallback

    def default_if_none(value, fallback) -> str:
        return fallback if value is None else show(value)

    out = []
    for r in rows:
        child = f' data-child="{field(r, "child_id")}"' if show_child else ""
        cells = []
        if show_child:
            href = show(cached_reverse("people:child", [raw(r, "child_id")], {}, _current_app(context)))
            cells.append(
                f'<td class="govuk-table__cell"><a class="govuk-link" href="{href}">{field(r, "name")}</a> '
                f'<span class="govuk-body-s oversight-secondary">{field(r, "child_id")}</span></td>\n'
                f'    <td class="govuk-table__cell govuk-table__cell--numeric">{default_if_none(raw(r, "age"), "–")}</td>\n'
                f'    <td class="govuk-table__cell">{default(raw(r, "legal_status"), "–")}</td>'
            )
        cells.append(f'\n    <td class="govuk-table__cell">{field(r, "title")}</td>')
        for key in ("start_date", "due_date"):
            value = raw(r, key)
            cells.append(
                f'\n    <td class="govuk-table__cell" data-sort="{show(date(value, "Y-m-d"))}">'
                f"{show(date(value, 'j M Y'))}</td>"
            )
        done = raw(r, "completed_date")
        cells.append(
            f'\n    <td class="govuk-table__cell" data-sort="{show(date(done, "Y-m-d"))}">'
            f"{default(date(done, 'j M Y'), '–')}</td>"
        )
        cells.append(
            f'\n    <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--{field(r, "status_tag")}">'
            f"{field(r, 'status_label')}</strong></td>"
        )
        cells.append(
            f'\n    <td class="govuk-table__cell govuk-table__cell--numeric">{default_if_none(raw(r, "days_late"), "")}</td>\n    '
        )
        if show_worker:
            cells.append(f'<td class="govuk-table__cell">{default(raw(r, "worker_name"), "Not allocated")}</td>')
        cells.append("\n    ")
        if show_child:
            cells.append(f'<td class="govuk-table__cell">{default(raw(r, "team_name"), "–")}</td>')
        out.append(
            f'\n  <tr class="govuk-table__row" data-rule="{field(r, "rule")}" data-status="{field(r, "status")}"{child}>\n    '
            + "".join(cells)
            + "\n  </tr>\n  "
        )
    if not out:
        return mark_safe(
            f'<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="12">{show(empty)}</td></tr>'
        )
    return mark_safe("".join(out))


def _current_app(context):
    request = context.get("request")
    try:
        return request.current_app
    except AttributeError:
        try:
            return request.resolver_match.namespace
        except AttributeError:
            return None
