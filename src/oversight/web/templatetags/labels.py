"""{% load labels %}: {{ code|label:"need" }} shows a code in words (see oversight.web.labels)."""

from django import template

from oversight.web import labels

register = template.Library()


@register.filter
def label(code, kind: str) -> str:
    return labels.label(kind, code)


@register.filter
def name_of(names: dict, key):
    """A team or worker name from a mapping of ids to names; the id when not in it."""
    if not key:
        return ""
    return (names or {}).get(key, key)


@register.filter
def plain(text: str) -> str:
    """Text written for data teams without its data-model names (see labels.plain)."""
    return labels.plain(text)
