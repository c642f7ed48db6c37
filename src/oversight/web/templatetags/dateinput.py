"""`{% date_parts field as boxes %}`: the day, month and year boxes of a GOV.UK date input (web/date_input.html)."""

from django import template

from oversight.web import dateinput

register = template.Library()


@register.simple_tag
def date_parts(bound_field):
    return dateinput.parts(bound_field)
