"""Bars for the caseload tables (each value with its length as a share of the longest) and the trend chart."""

from __future__ import annotations

import datetime as dt

from oversight.web import charts


def bars(rows: list[dict], key: str, marks: tuple[float, ...] = ()) -> tuple[list[dict], list[float]]:
    """Add "bar" (0-100, the width in %) to each row; return the rows and each mark's position in %."""
    values = [r.get(key) or 0 for r in rows]
    top = max([*values, *marks, 1])
    out = [{**r, "bar": round(100 * (r.get(key) or 0) / top, 1)} for r in rows]
    return out, [round(100 * m / top, 1) for m in marks]


def column_chart(rows: list[dict], key: str, target: float | None = None, caption: str = "") -> dict:
    """The shared column chart (web.charts) of ROWS[KEY] at each month-end ("as_at"), with the TARGET line."""
    points = [{"day": _day(r["as_at"]), "value": r.get(key)} for r in rows]
    return charts.column_chart(points, target, caption=caption, none_text="no case holders")


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
