"""The timeliness item rows written in Python (timeliness/templatetags/item_rows.py) are the template's rows."""

import datetime as dt
import re

import pytest
from django.template import Context, Engine, Template
from django.test import RequestFactory

# The template loop the tag replaced (timeliness/_items.html before), drawn by Django's own tags and filters.
ORIGINAL = """  {% for r in rows %}
  <tr class="govuk-table__row" data-rule="{{ r.rule }}" data-status="{{ r.status }}"{% if show_child %} data-child="{{ r.child_id }}"{% endif %}>
    {% if show_child %}<td class="govuk-table__cell"><a class="govuk-link" href="{% url 'people:child' r.child_id %}">{{ r.name }}</a> <span class="govuk-body-s oversight-secondary">{{ r.child_id }}</span></td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ r.age|default_if_none:"–" }}</td>
    <td class="govuk-table__cell">{{ r.legal_status|default:"–" }}</td>{% endif %}
    <td class="govuk-table__cell">{{ r.title }}</td>
    <td class="govuk-table__cell" data-sort="{{ r.start_date|date:'Y-m-d' }}">{{ r.start_date|date:"j M Y" }}</td>
    <td class="govuk-table__cell" data-sort="{{ r.due_date|date:'Y-m-d' }}">{{ r.due_date|date:"j M Y" }}</td>
    <td class="govuk-table__cell" data-sort="{{ r.completed_date|date:'Y-m-d' }}">{{ r.completed_date|date:"j M Y"|default:"–" }}</td>
    <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--{{ r.status_tag }}">{{ r.status_label }}</strong></td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ r.days_late|default_if_none:"" }}</td>
    {% if show_worker %}<td class="govuk-table__cell">{{ r.worker_name|default:"Not allocated" }}</td>{% endif %}
    {% if show_child %}<td class="govuk-table__cell">{{ r.team_name|default:"–" }}</td>{% endif %}
  </tr>
  {% empty %}<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="12">{{ empty }}</td></tr>{% endfor %}
"""

ROWS = [
    {
        "rule": "cla_visit",
        "status": "overdue",
        "child_id": "1000001",
        "name": "Amy <O'Neil> & Co",
        "age": 0,
        "legal_status": "C2",
        "title": "Visit of a looked-after child",
        "start_date": dt.date(2026, 1, 5),
        "due_date": dt.date(2026, 2, 5),
        "completed_date": None,
        "status_tag": "red",
        "status_label": "Overdue",
        "days_late": 12,
        "worker_name": "Sam Smith",
        "team_name": 'Team "North"',
    },
    {
        "rule": "icpc_15wd",
        "status": "on_time",
        "child_id": "A B/7",
        "name": "",
        "age": None,
        "legal_status": "",
        "title": None,
        "start_date": dt.date(2025, 12, 31),
        "due_date": dt.date(2026, 1, 21),
        "completed_date": dt.date(2026, 1, 9),
        "status_tag": "green",
        "status_label": "On time",
        "days_late": None,
        "worker_name": None,
        "team_name": "",
    },
    {"rule": "partial", "status": "due_soon", "child_id": "9"},  # keys missing altogether
]


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("show_child,show_worker", [(True, True), (False, True), (False, False), (True, False)])
@pytest.mark.parametrize("rows", [ROWS, []])
def test_the_tag_writes_what_the_template_wrote(rows, show_child, show_worker):
    request = RequestFactory().get("/timeliness/to-do/")
    values = {"rows": rows, "show_child": show_child, "show_worker": show_worker, "empty": "Nothing <here>."}
    theirs = Engine(app_dirs=True, builtins=[]).from_string(ORIGINAL).render(Context({**values, "request": request}))
    ours = Template("{% load item_rows %}{% item_rows rows show_child show_worker empty %}").render(
        Context({**values, "request": request})
    )
    assert normalised(ours) == normalised(theirs)
    if rows:
        assert ("Amy &lt;O&#x27;Neil&gt; &amp; Co" in ours) is show_child
        assert ("Sam Smith" in ours) is show_worker
