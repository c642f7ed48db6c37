"""Inspectors read, never write, and only during their inspection; every page they open is logged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from oversight.accounts import roles

SAFE = ("GET", "HEAD")
# Signing out is a POST every login must be able to make.
ALWAYS = ("/accounts/logout/",)
# Pages an inspector may reach outside the inspection's dates: nothing but the way out.
OUTSIDE_WINDOW = ("/", "/accounts/logout/")


class InspectorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.role == roles.INSPECTOR):
            return self.get_response(request)
        if request.path in ALWAYS or request.path.startswith("/static/"):
            return self.get_response(request)
        if request.method not in SAFE:
            raise PermissionDenied
        from oversight.inspection.event import active_inspections

        current = list(active_inspections(user))
        if not current:
            if request.path in OUTSIDE_WINDOW:
                return self.get_response(request)
            raise PermissionDenied
        response = self.get_response(request)
        self._log(request, current, response)
        return response

    @staticmethod
    def _log(request, current, response) -> None:
        from oversight.inspection.models import InspectorView

        match = getattr(request, "resolver_match", None)
        child = str((match.kwargs.get("person_id") if match else "") or "")[:48]
        for inspection in current:
            InspectorView.objects.create(
                inspection=inspection,
                username=request.user.get_username(),
                path=request.path[:200],
                child_id=child if response.status_code == 200 else "",
            )
