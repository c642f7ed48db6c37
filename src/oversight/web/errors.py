"""Error pages in the GOV.UK layout. They name the fault, never the data behind it."""

from django.core.exceptions import BadRequest
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception=None):
    # Only our own BadRequest messages are shown: they name the parameter at fault.
    # Django's SuspiciousOperation messages may echo headers, so they are not.
    detail = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"detail": detail}, status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the fault may be in the database the context would read.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
