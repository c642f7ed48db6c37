"""Django's `{% url %}` tag with its answers remembered (a template builtin).

A list page links every row (a child, an audit, a worker): a hundred `reverse()` calls a page, each
walking the URL patterns again, for links that never change while the process runs. This tag is
Django's own, except that the URL for the same view, arguments, application namespace, script prefix
and URLconf is worked out once. Only plain string and number arguments are remembered; anything else
goes to `reverse()` each time. tests/web/test_url_tag.py checks it against Django's tag.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

MAX_ENTRIES = 20_000
_urls: dict[tuple, str] = {}
_PLAIN = (str, int)


def cached_reverse(view_name, args, kwargs, current_app) -> str:
    plain = isinstance(view_name, str) and all(type(a) in _PLAIN for a in args)
    plain = plain and all(type(v) in _PLAIN for v in kwargs.values())
    if not plain:
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        view_name,
        tuple((type(a), a) for a in args),
        tuple(sorted((k, type(v), v) for k, v in kwargs.items())),
        current_app,
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    url = _urls.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_urls) >= MAX_ENTRIES:
            _urls.clear()
        _urls[key] = url
    return url


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        from django.urls import NoReverseMatch

        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """As Django's `{% url %}` (same syntax and output), remembering each URL it works out."""
    node = defaulttags.url(parser, token)
    node.__class__ = CachedURLNode
    return node
