from django.urls import path

from oversight.caseloads import views

app_name = "caseloads"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("trend/", views.trend, name="trend"),
    path("workforce/", views.workforce, name="workforce"),
    path("teams/<str:team_id>/", views.team, name="team"),
    path("workers/<str:worker_id>/", views.worker, name="worker"),
    path("workers/<str:worker_id>/reason/", views.record_reason, name="record_reason"),
]
