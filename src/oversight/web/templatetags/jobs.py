"""`{% new_job as job %}`: a token naming a long job a form starts, so its page can show the job's stage."""

from django import template

from oversight.web import jobs

register = template.Library()


@register.simple_tag
def new_job() -> str:
    return jobs.new_token()
