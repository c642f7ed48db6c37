"""The child's clocks on their record (people.panels; scope and the access log are checked by the record page)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from oversight.people import figures
from oversight.timeliness import queries

SHOWN = 60  # what is waiting comes first, then the latest due


def child_clocks(request, person):
    as_at = timezone.localdate()
    # Case data only (the record page has checked access): rendered once per child, day and snapshot.
    html = figures.cached(
        "timeliness.child_panel_html", (person.person_id, as_at), lambda: _panel(person, as_at), fragment=True
    )
    return ("Statutory clocks", html) if html else None


def _panel(person, as_at) -> str:
    rows = queries.child_clocks(person.person_id, as_at)
    if not rows:
        return ""
    return render_to_string(
        "timeliness/_panel.html",
        {
            "rows": rows[:SHOWN],
            "as_at": as_at,
            "total": len(rows),
            "shown": min(len(rows), SHOWN),
            "hidden": len(rows) > SHOWN,
            "overdue": sum(r["status"] == "overdue" for r in rows),
            "due_soon": sum(r["status"] == "due_soon" for r in rows),
        },
    )
