import base64
import hashlib

from django.http import HttpResponse
from django.template import loader

from oversight.config import section

# The one inline script (base.html): it tells GOV.UK Frontend's CSS that JavaScript runs.
JS_ENABLED_SNIPPET = "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
_SNIPPET_HASH = base64.b64encode(hashlib.sha256(JS_ENABLED_SNIPPET.encode()).digest()).decode()

# Scripts only from our own static files (plus the snippet above), so injected markup cannot run.
# Inline style attributes stay allowed: pages draw bars with style="width: …".
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'sha256-{_SNIPPET_HASH}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """A content security policy on every page, and no caching of pages about children."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if not request.path.startswith("/static/"):
            # A shared computer's back button or disk cache must not show a child's record after sign-out.
            response["Cache-Control"] = "no-store"
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over the upload limit before any of it is read.

    Django checks an uploaded file's size only once it has arrived (on disk);
    this stops an oversize upload at its Content-Length. The largest legitimate
    body is an import upload, so the limit is `[imports] max_upload_mb`, plus
    room for the form around the files.
    """

    SLACK = 1024 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit_mb = int(section("imports").get("max_upload_mb", 1024))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit_mb * 1024 * 1024 + self.SLACK:
            html = loader.get_template("413.html").render({"limit_mb": limit_mb})
            response = HttpResponse(html, status=413)
            response["Connection"] = "close"  # the unread body must not be taken for the next request
            return response
        return self.get_response(request)
