from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

OPEN_PREFIXES = ("/accounts/login/", "/static/", "/healthz")


class LoginRequiredMiddleware:
    """Every page needs a signed-in, active user, except the sign-in page itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OPEN_PREFIXES) and not (request.user.is_authenticated and request.user.is_active):
            login = reverse(settings.LOGIN_URL)
            return redirect(f"{login}?next={request.path}")
        return self.get_response(request)
