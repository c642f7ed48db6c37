from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render

from oversight.accounts import roles
from oversight.accounts.models import AccessLog
from oversight.accounts.permissions import role_required


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@role_required(roles.ADMINISTRATOR)
def access_log(request):
    qs = AccessLog.objects.select_related("user")
    person = request.GET.get("person_id", "").strip()[:48]
    if person:
        qs = qs.filter(person_id=person)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page, "person_id": person})
