"""Bars for server-drawn charts: each value with its length as a share of the longest."""

from __future__ import annotations

import datetime as dt


def bars(rows: list[dict], key: str, marks: tuple[float, ...] = ()) -> tuple[list[dict], list[float]]:
    """Add "bar" (0-100, the width in %) to each row; return the rows and each mark's position in %."""
    values = [r.get(key) or 0 for r in rows]
    top = max([*values, *marks, 1])
    out = [{**r, "bar": round(100 * (r.get(key) or 0) / top, 1)} for r in rows]
    return out, [round(100 * m / top, 1) for m in marks]


def columns(rows: list[dict], key: str, height: int = 120, width: int = 24) -> dict:
    """Vertical bars for an SVG trend chart: x, y and height of each, in the chart's own units."""
    values = [r.get(key) or 0 for r in rows]
    top = max([*values, 1])
    items = []
    for i, (row, value) in enumerate(zip(rows, values)):
        h = round(height * value / top, 1)
        items.append(
            {"x": i * width + 2, "y": round(height - h, 1), "h": h, "w": width - 4, "row": row, "value": row.get(key)}
        )
    return {"items": items, "width": max(len(rows), 1) * width, "height": height, "top": max(values, default=0)}


LEFT, BOTTOM, TOP, BAR = 44, 34, 16, 40  # room for the value axis, the month labels, the top value; bar pitch


def column_chart(rows: list[dict], key: str, target: float | None = None, date_key: str = "as_at") -> dict:
    """A labelled SVG column chart of ROWS[KEY] by month-end: bars with their values written on them,
    month labels, a value axis from 0 and a dashed TARGET line; everything in the chart's own units."""
    height = 160
    values = [r.get(key) for r in rows]
    top = max([v or 0 for v in values] + ([target] if target else []) + [1])
    top = _nice(top)
    plot = height - BOTTOM - TOP

    def y(v: float) -> float:
        return round(TOP + plot - plot * v / top, 1)

    items = []
    for i, (row, value) in enumerate(zip(rows, values)):
        h = round(plot * (value or 0) / top, 1)
        x = LEFT + i * BAR + 4
        items.append(
            {
                "x": x,
                "y": round(TOP + plot - h, 1),
                "w": BAR - 8,
                "h": h,
                "cx": x + (BAR - 8) / 2,
                "ty": round(TOP + plot - h - 3, 1),
                "value": value,
                "label": _day(row[date_key]).strftime("%b %y"),
                "row": row,
            }
        )
    ticks = [{"value": v, "y": y(v)} for v in (0, top / 2, top)]
    return {
        "items": items,
        "width": LEFT + max(len(rows), 1) * BAR + 8,
        "height": height,
        "ticks": ticks,
        "axis_x": LEFT,
        "tick_x": LEFT - 6,
        "axis_y": TOP + plot,
        "label_y": TOP + plot + 16,
        "target": target,
        "target_y": y(target) if target else None,
        "first": _day(rows[0][date_key]) if rows else None,
        "last": _day(rows[-1][date_key]) if rows else None,
        "count": len(rows),
    }


def _nice(value: float) -> float:
    """A round number at or above VALUE for the top of the axis (5, 10, 20, 25, 50 ...)."""
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step:
            return step
    return float(int(value) + 1)


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
