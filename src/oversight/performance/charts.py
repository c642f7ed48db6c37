"""13-month charts of an indicator, drawn by the shared column chart (web.charts, web/column_chart.html).

Each month-end is a bar with its value written above it (a month with no value says "n/a" in the small
chart, "–" in the large one, and has no bar); the target is a dashed line labelled "Target"; the month
labels run underneath; a month-end still to come (figures to today) is a part month, marked `*`. Colour
only repeats what the words say, so the chart reads the same printed in black and white.
"""

from __future__ import annotations

import calendar
import datetime as dt

from oversight.web import charts


def trend_chart(
    trend: list[dict], target: float | None = None, title: str = "", compact: bool = False, today: dt.date | None = None
) -> dict:
    """The chart of a 13-month trend: [{month: 'YYYY-MM', value}] oldest first, each taken at its month-end."""
    points = []
    for t in trend:
        year, month = (int(x) for x in t["month"].split("-"))
        day = dt.date(year, month, calendar.monthrange(year, month)[1])
        partial = today is not None and day > today
        points.append({"day": today if partial else day, "value": t["value"], "partial": partial})
    return charts.column_chart(points, target, caption=title, compact=compact, none_text="not measurable")


RAG_TEXT = {"red": "Red", "amber": "Amber", "green": "Green", None: "No RAG"}
# A symbol beside each word so the status survives black-and-white printing and colour blindness.
RAG_SYMBOL = {"red": "▲", "amber": "◆", "green": "●", None: ""}
MOVE_TEXT = {"up": "↑ up", "down": "↓ down", "same": "→ same", None: "–"}
