"""13-month charts as server-drawn SVG, readable without colour.

Each month is a bar with its value written above it (a month with no value
says "n/a" and has no bar); the target is a dashed line labelled "Target";
the month labels run underneath. Colour only repeats what the words say, so
the chart reads the same printed in black and white, and the SVG needs no
script (the content security policy allows none from outside).
"""

from __future__ import annotations

from django.utils.html import escape

WIDTH, HEIGHT = 520, 170
TOP, BOTTOM, LEFT = 22, 30, 6


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_name(month: str, with_year: bool) -> str:
    """'2024-03' -> 'Mar', or 'Mar 24' WITH_YEAR."""
    year, number = month.split("-")
    return MONTHS[int(number) - 1] + (f" {year[2:]}" if with_year else "")


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def trend_svg(trend: list[dict], target: float | None = None, title: str = "", compact: bool = False) -> str:
    """The SVG markup of a 13-month trend: [{month: 'YYYY-MM', value}] oldest first."""
    width, height = (260, 70) if compact else (WIDTH, HEIGHT)
    top, bottom = (12, 14) if compact else (TOP, BOTTOM)
    plot = height - top - bottom
    values = [t["value"] for t in trend]
    known = [v for v in values if v is not None]
    high = max([*known, target or 0, 0]) or 1
    low = min([*known, target or 0, 0])
    span = (high - low) or 1
    step = (width - 2 * LEFT) / max(len(trend), 1)
    bar = step * 0.62
    font = 8 if compact else 10

    def y(v: float) -> float:
        return top + plot * (high - v) / span

    parts = []
    base = y(0)
    for i, (t, v) in enumerate(zip(trend, values)):
        x = LEFT + i * step + (step - bar) / 2
        cx = x + bar / 2
        label = f"{t['month']}: {_fmt(v)}"
        if v is None:
            parts.append(
                f'<text x="{cx:.1f}" y="{base - 3:.1f}" font-size="{font}" text-anchor="middle" fill="#505a5f">'
                f"n/a<title>{escape(label)}</title></text>"
            )
        else:
            y0, y1 = sorted((base, y(v)))
            parts.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar:.1f}" height="{max(y1 - y0, 0.5):.1f}" fill="#1d70b8">'
                f"<title>{escape(label)}</title></rect>"
            )
            if not compact or i in (0, len(trend) - 1):
                parts.append(
                    f'<text x="{cx:.1f}" y="{y0 - 3:.1f}" font-size="{font}" text-anchor="middle" fill="#0b0c0c">'
                    f"{escape(_fmt(v))}</text>"
                )
        if not compact or i in (0, len(trend) - 1):
            parts.append(
                f'<text x="{cx:.1f}" y="{height - 4:.1f}" font-size="{font}" text-anchor="middle" fill="#0b0c0c">'
                f"{escape(month_name(t['month'], compact or i == 0 or t['month'].endswith('-01')))}</text>"
            )
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{LEFT}" x2="{width - LEFT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#0b0c0c" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{width - LEFT:.1f}" y="{ty - 3:.1f}" font-size="{font}" text-anchor="end" fill="#0b0c0c">'
            f"Target {escape(_fmt(target))}</text>"
        )
    first, last = (trend[0]["month"], trend[-1]["month"]) if trend else ("", "")
    described = ", ".join(f"{t['month']} {_fmt(t['value'])}" for t in trend)
    aria = f"{title}: {first} to {last}. {described}" + (f". Target {_fmt(target)}" if target is not None else "")
    return (
        f'<svg class="oversight-chart" role="img" aria-label="{escape(aria)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width: 100%; height: auto" font-family="arial, sans-serif" xmlns="http://www.w3.org/2000/svg">'
        f'<line x1="{LEFT}" x2="{width - LEFT}" y1="{base:.1f}" y2="{base:.1f}" stroke="#505a5f" stroke-width="1"/>'
        + "".join(parts)
        + "</svg>"
    )


RAG_TEXT = {"red": "Red", "amber": "Amber", "green": "Green", None: "No RAG"}
# A symbol beside each word so the status survives black-and-white printing and colour blindness.
RAG_SYMBOL = {"red": "▲", "amber": "◆", "green": "●", None: ""}
MOVE_TEXT = {"up": "↑ up", "down": "↓ down", "same": "→ same", None: "–"}
