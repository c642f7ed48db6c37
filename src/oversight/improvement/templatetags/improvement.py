import secrets

from django import template
from django.utils import timezone

from oversight.improvement.rag import fmt
from oversight.web import charts

register = template.Library()


@register.filter
def measure(value, unit: str = "") -> str:
    """A figure with its unit (72.5%, 18 cases), or "not measurable"."""
    if value is None or value == "":
        return "not measurable"
    try:
        return fmt(float(value), unit or "")
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def trend_chart(trend, target=None) -> dict:
    """An indicator's monthly values (months by their first day) as the shared column chart; the month
    not yet over is a part month, to today."""
    today = timezone.localdate()
    points = []
    for p in trend.points:
        end = charts.month_end(p["month"])
        partial = end > today
        points.append({"day": today if partial else end, "value": p["value"], "partial": partial})
    chart = charts.column_chart(
        points, None if target in (None, "") else float(target), caption=trend.title, unit="month"
    )
    # Several trends may share a page (a finding's chain, the report): each caption needs its own id.
    chart["testid"] = f"indicator-chart-{secrets.token_hex(4)}"
    return chart
