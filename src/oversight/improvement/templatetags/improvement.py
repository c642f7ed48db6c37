from django import template

from oversight.improvement.rag import fmt

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
