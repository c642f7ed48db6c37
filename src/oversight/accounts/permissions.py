"""View decorators for roles. A wrong role gets 403, never a hint of the data."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*names: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*names):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
