"""{% download_links "table" %}: links to the CSV and xlsx of one of the page's tables (see web.downloads)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def download_links(context, table: str, title: str = "this table"):
    request = context["request"]
    params = request.GET.copy()
    for name in ("page", "download", "table"):
        params.pop(name, None)
    links = []
    for fmt, label in (("csv", "CSV"), ("xlsx", "Excel (xlsx)")):
        p = params.copy()
        p["download"] = fmt
        p["table"] = table
        links.append((f"?{p.urlencode()}", label))
    return format_html(
        '<p class="govuk-body-s oversight-downloads" data-testid="download-{}">Download {}: '
        '<a class="govuk-link" href="{}" download>{}</a> · <a class="govuk-link" href="{}" download>{}</a></p>',
        table,
        title,
        links[0][0],
        links[0][1],
        links[1][0],
        links[1][1],
    )
