"""Bars for server-drawn charts: each value with its length as a share of the longest."""

from __future__ import annotations


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
