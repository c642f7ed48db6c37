from django.urls import NoReverseMatch, reverse

from oversight.web.nav import ITEMS


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": []}
    items = []
    for label, name, allowed in ITEMS:
        if allowed is not None and user.role not in allowed:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": label, "url": url, "active": request.path == url or (url != "/" and request.path.startswith(url))}
        )
    return {"nav_items": items}
