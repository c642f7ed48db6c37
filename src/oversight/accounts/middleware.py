import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

from oversight.config import section

OPEN_PATHS = ("/accounts/login/", "/healthz")
# Calendar subscriptions: the secret token in the URL stands for the session (inspection.subscriptions).
OPEN_PREFIXES = ("/static/", "/inspection/calendar/")
SIGNED_IN_AT = "oversight_signed_in_at"
SEEN_AT = "oversight_seen_at"


class LoginRequiredMiddleware:
    """Every page needs a signed-in, active user, except the sign-in page itself.

    A session also ends after `idle_minutes` without a request, and
    SESSION_COOKIE_AGE after sign-in however busy it has been: saving the
    session each minute would otherwise keep pushing its expiry back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in OPEN_PATHS or request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return redirect_to_login(request.get_full_path())
        expired = self._expired(request)
        if expired:
            logout(request)
            messages.info(request, expired)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _expired(self, request) -> str:
        now = int(time.time())
        session = request.session
        signed_in = session.setdefault(SIGNED_IN_AT, now)
        seen = session.get(SEEN_AT, now)
        idle = section("accounts")["idle_minutes"]
        if now - seen > idle * 60:
            return f"You were signed out after {idle} minutes without activity. Sign in again."
        if now - signed_in > settings.SESSION_COOKIE_AGE:
            return "Your session has ended. Sign in again."
        if now - seen >= 60 or SEEN_AT not in session:
            session[SEEN_AT] = now
        return ""
