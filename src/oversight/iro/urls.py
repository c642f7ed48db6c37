from django.urls import path

from oversight.iro import views, views_more

app_name = "iro"
urlpatterns = [
    path("", views.home, name="home"),
    path("escalations/", views.escalation_list, name="escalations"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation"),
    path("escalations/<int:pk>/respond/", views.respond, name="respond"),
    path("escalations/<int:pk>/outcome/", views.decide, name="decide"),
    path("raise/<path:child_id>/", views.raise_escalation, name="raise"),
    path("report/", views.report, name="report"),
    path("import/", views.import_log, name="import"),
    path("alerts/", views_more.alert_list, name="alerts"),
    path("alerts/by-iro/", views_more.alerts_summary, name="alerts_summary"),
    path("drift/", views_more.drift_prompts, name="drift"),
    path("drift/dismiss/", views_more.drift_dismiss, name="drift_dismiss"),
    path("drift/escalate/", views_more.drift_escalate, name="drift_escalate"),
    path("meetings/", views_more.meetings, name="meetings"),
    path("meetings/<str:kind>/<path:meeting_ref>/", views_more.meeting_record, name="meeting"),
    path("step-downs/", views_more.step_downs, name="step_downs"),
    path("step-downs/<int:pk>/", views_more.step_down_check, name="step_down"),
]
