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
    path("iro/", include("oversight.iro.urls")),
    path("performance/", include("oversight.performance.urls")),
    path("inspection/", include("oversight.inspection.urls")),
    path("improvement/", include("oversight.improvement.urls")),
]

# GOV.UK error pages that render with the signed-in user's navigation (web/errors.py).
handler400 = "oversight.web.errors.bad_request"
handler403 = "oversight.web.errors.permission_denied"
handler404 = "oversight.web.errors.page_not_found"
handler500 = "oversight.web.errors.server_error"
