from django.urls import path

from oversight.improvement import views, views_risks

app_name = "improvement"
urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("actions/new/", views.action_new, name="action_new"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action_progress"),
    path("actions/<int:pk>/evidence/", views.action_evidence, name="action_evidence"),
    path("actions/<int:pk>/review/", views.action_review, name="action_review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("findings/", views.findings, name="findings"),
    path("findings/new/", views.finding_new, name="finding_new"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("risks/", views_risks.risks, name="risks"),
    path("risks/new/", views_risks.risk_new, name="risk_new"),
    path("risks/<int:pk>/", views_risks.risk_detail, name="risk"),
    path("risks/<int:pk>/edit/", views_risks.risk_edit, name="risk_edit"),
    path("risks/<int:pk>/rate/", views_risks.risk_rate, name="risk_rate"),
    path("report/", views_risks.report_page, name="report"),
    path("report/pdf/", views_risks.report_pdf, name="report_pdf"),
    path("report/xlsx/", views_risks.report_xlsx, name="report_xlsx"),
    path("import/", views_risks.import_workbook, name="import"),
]
