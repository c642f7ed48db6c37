"""One column chart for every trend on a page (caseloads, performance scorecards, timeliness by month).

`column_chart(points, …)` lays the chart out; `web/column_chart.html` draws it as an SVG that needs no
script (the content security policy allows none from outside), followed on the page by the same figures
as a table. What makes it readable:

- a value axis from 0 (or below, for negative values) with round ticks, and a month label under each bar;
- each value written on its bar, so it reads without colour and in black-and-white print;
- the target as a dashed line labelled "Target N";
- a part month (figures to a day before its month-end) drawn as an outlined, dashed bar whose label
  ends in `*`, and named in the caption;
- a caption that counts the whole month-ends (or months) drawn, names the first and last, and says
  what the part month and the dashed line are.
"""

from __future__ import annotations

import calendar
import datetime as dt

FULL = {"left": 44, "bottom": 34, "top": 16, "pitch": 40, "height": 170, "font": 10}
COMPACT = {"left": 6, "bottom": 14, "top": 12, "pitch": 20, "height": 80, "font": 8}


def text(value, decimals: int = 1) -> str:
    """A figure as written on a bar: whole numbers without decimals, others to DECIMALS places."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.{decimals}f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def nice(value: float) -> float:
    """A round number at or above VALUE for the end of the axis (1, 2, 5, 10, 20, 25, 50 …)."""
    if value <= 0:
        return 1
    scale = 1
    while value > scale * 100:
        scale *= 10
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if value <= step * scale:
            return step * scale
    return 100 * scale


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def column_chart(
    points: list[dict],
    target: float | None = None,
    *,
    caption: str = "",
    unit: str = "month-end",
    none_text: str = "no figure",
    compact: bool = False,
    decimals: int = 1,
) -> dict:
    """Lay out POINTS ([{"day": date, "value": number or None, "partial": bool}], oldest first) as columns.

    "day" is the month-end the figure is taken at (or, for a part month, the last day counted);
    a point is partial when its "partial" is true, or a note saying which part ("from 4 December 2025"). UNIT names what each bar is in the caption
    ("month-end", or "month" for figures counted over each month).
    """
    g = COMPACT if compact else FULL
    height, top_pad, bottom_pad, left, pitch = g["height"], g["top"], g["bottom"], g["left"], g["pitch"]
    values = [p.get("value") for p in points]
    known = [v for v in values if v is not None] + ([target] if target is not None else [])
    high = nice(max([*known, 0]) or 1)
    low = -nice(-min(known)) if known and min(known) < 0 else 0
    plot = height - top_pad - bottom_pad

    def y(v: float) -> float:
        return round(top_pad + plot * (high - v) / (high - low), 1)

    base = y(0)
    items = []
    for i, (p, value) in enumerate(zip(points, values)):
        day = p["day"]
        partial = bool(p.get("partial"))
        x = left + i * pitch + 4
        w = pitch - 8
        y0, y1 = sorted((base, y(value))) if value is not None else (base, base)
        shown = not compact or i in (0, len(points) - 1)
        items.append(
            {
                "x": x,
                "w": w,
                "y": y0,
                "h": round(max(y1 - y0, 0.5), 1) if value else 0,
                "cx": round(x + w / 2, 1),
                "ty": round(y0 - 3, 1),
                "value": value,
                "value_text": text(value, decimals) if value is not None else ("n/a" if compact else "–"),
                "title": f"{day.isoformat()}{' (part month)' if partial else ''}: "
                + (text(value, decimals) if value is not None else none_text),
                "label": day.strftime("%b %y") + ("*" if partial else ""),
                "partial": partial,
                "shown": shown,
                "day": day,
            }
        )
    whole = [p for p in points if not p.get("partial")]
    parts = [p for p in points if p.get("partial")]
    width = left + max(len(points), 1) * pitch + 8
    chart = {
        "items": items,
        "width": width,
        "height": height,
        "font": g["font"],
        "compact": compact,
        "unit": unit,
        "ticks": [] if compact else [{"value": text(v, decimals), "y": y(v)} for v in sorted({low, 0, high / 2, high})],
        "axis_x": left,
        "tick_x": left - 6,
        "axis_y": base,
        "label_y": height - 4 if compact else top_pad + plot + 16,
        "target": target,
        "target_text": text(target, decimals) if target is not None else "",
        "target_y": y(target) if target is not None else None,
        "target_label_y": round(y(target) - 3, 1) if target is not None else None,
        "first": whole[0]["day"] if whole else None,
        "last": whole[-1]["day"] if whole else None,
        "count": len(whole),
        "partial": [_part_note(p) for p in parts],
    }
    chart["caption"] = describe(chart, caption, unit)
    chart["summary"] = (
        caption
        + ": "
        + "; ".join(i["title"] for i in items)
        + (f"; target {chart['target_text']}" if target is not None else "")
    )
    return chart


def _part_note(point: dict) -> str:
    """'to 3 December 2026' (the last day counted), or the point's own note ('from 4 December 2025')."""
    note = point["partial"] if isinstance(point["partial"], str) else f"to {point['day']:%-d %B}"
    return f"{point['day']:%B %Y} {note}"


def describe(chart: dict, caption: str, unit: str) -> str:
    """The caption: what is drawn, how many whole month-ends (or months), the part month, the target."""
    fmt = "%B %Y" if unit == "month" else "%-d %B %Y"
    out = caption
    if chart["count"]:
        out += f" {'at' if unit == 'month-end' else 'over'} {chart['count']} {unit}{'' if chart['count'] == 1 else 's'}"
        if chart["count"] > 1:
            out += f", {chart['first']:{fmt}} to {chart['last']:{fmt}}"
        else:
            out += f", {chart['first']:{fmt}}"
    if chart["partial"]:
        notes = ", ".join(chart["partial"])
        many = len(chart["partial"]) > 1
        out += f"{' and' if chart['count'] else ''} {'part months' if many else 'a part month'} ({notes}), marked *"
    if chart["target"] is not None:
        out += f"; the dashed line is the target of {chart['target_text']}"
    return out + "."
