from django.urls import path

from oversight.audits import views

app_name = "audits"
urlpatterns = [
    path("", views.home, name="home"),
    path("all/", views.audit_list, name="list"),
    path("sample/", views.sample, name="sample"),
    path("report/", views.report, name="report"),
    path("import/", views.import_audits, name="import"),
    path("tools/", views.tools, name="tools"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/done/", views.complete_action, name="action_done"),
    path("escalations/", views.escalations, name="escalations"),
    path("escalations/<int:pk>/", views.resolve_escalation, name="escalation"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/moderate/", views.moderate, name="moderate"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
    path("<int:pk>/actions/", views.add_action, name="add_action"),
    path("<int:pk>/review/", views.schedule_review, name="review"),
]
