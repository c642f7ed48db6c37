"""View decorators for roles. A wrong role gets 403, never a hint of the data."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*names: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = getattr(request, "user", None)
            if not (user and user.is_authenticated and user.has_role(*names)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
