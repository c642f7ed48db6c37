from django.urls import include, path

from oversight.web.views import healthz

urlpatterns = [
    path("", include("oversight.web.urls")),
    path("healthz", healthz),
    path("accounts/", include("oversight.accounts.urls")),
    path("children/", include("oversight.people.urls")),
    path("imports/", include("oversight.imports.urls")),
    path("caseloads/", include("oversight.caseloads.urls")),
    path("timeliness/", include("oversight.timeliness.urls")),
    path("audits/", include("oversight.audits.urls")),
]
