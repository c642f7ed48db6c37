"""Recording views of a child's record."""

from oversight.accounts.models import AccessLog


def log_child_view(request, person_id: str, page: str | None = None) -> None:
    """Record that request.user looked at PERSON_ID's record on PAGE (default: the path)."""
    match = getattr(request, "resolver_match", None)
    AccessLog.objects.create(
        user=request.user,
        person_id=person_id,
        page=(page or request.path)[:200],
        view=(match.view_name if match else "")[:100],
    )
