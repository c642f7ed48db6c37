from django.contrib.auth import views as auth_views
from django.shortcuts import render

from oversight.accounts import queries, roles
from oversight.accounts.forms import AccessLogFilter, SignInForm
from oversight.accounts.permissions import role_required
from oversight.web.params import paginate, query_without


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@role_required(roles.ADMINISTRATOR)
def access_log(request):
    form = AccessLogFilter(request.GET)
    if not form.is_valid():
        return render(request, "accounts/access_log.html", {"form": form, "page": None}, status=400)
    rows = queries.access_log(form.cleaned_data["person_id"].strip(), form.cleaned_data["username"].strip())
    page = paginate(request, rows, 100)
    return render(
        request, "accounts/access_log.html", {"form": form, "page": page, "query": query_without(request, "page")}
    )
