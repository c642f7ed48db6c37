from django import template

from oversight.people.models import Professional

register = template.Library()
GRADES = dict(Professional.GRADES)


@register.filter
def grade_label(code: str) -> str:
    return GRADES.get(code, code or "Not recorded")


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, "") if mapping else ""
