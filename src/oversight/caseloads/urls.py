from django.urls import path

from oversight.caseloads import views

app_name = "caseloads"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("trend/", views.trend, name="trend"),
    path("workforce/", views.workforce, name="workforce"),
    path("teams/<path:team_id>/", views.team, name="team"),
    # Identifiers come from the council's system and may hold a "/": the reason
    # form's route goes first so the worker route does not swallow it.
    path("workers/<path:worker_id>/reason/", views.record_reason, name="record_reason"),
    path("workers/<path:worker_id>/", views.worker, name="worker"),
]
