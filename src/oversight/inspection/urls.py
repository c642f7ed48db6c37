from django.urls import path

from oversight.inspection import views_annex_a as aa
from oversight.inspection import views_calendar as cal
from oversight.inspection import views_event as ev
from oversight.inspection import views_records as rec
from oversight.inspection import views_work as wk

app_name = "inspection"
urlpatterns = [
    path("", aa.annex_a, name="annex_a"),
    path("practice-runs/", aa.practice_run, name="practice_run"),
    path("practice-runs/<int:pk>/", aa.run, name="run"),
    path("practice-runs/<int:pk>/file/", aa.run_file, name="run_file"),
    path("practice-runs/<int:pk>/summary.<str:kind>", aa.summary_file, name="summary_file"),
    path("repeat-referrals/", aa.repeat_referrals, name="repeat_referrals"),
    path("repeat-referrals/review/", aa.review, name="review"),
    path("events/", ev.inspections, name="inspections"),
    path("events/new/", ev.edit, name="new"),
    path("events/<int:pk>/", ev.inspection_page, name="inspection"),
    path("events/<int:pk>/edit/", ev.edit, name="edit"),
    path("events/<int:pk>/browsing/", ev.browsing, name="browsing"),
    path("events/<int:pk>/requests/", ev.requests_page, name="requests"),
    path("events/<int:pk>/requests.<str:kind>", ev.register_file, name="register_file"),
    path("events/<int:pk>/requests/<int:request_id>/approve/", ev.approve, name="approve"),
    path("events/<int:pk>/requests/<int:request_id>/hand-over/", ev.hand_over, name="hand_over"),
    path("events/<int:pk>/requests/<int:request_id>/file/", ev.handed_file, name="handed_file"),
    path("events/<int:pk>/cases/", wk.cases_page, name="cases"),
    path("events/<int:pk>/cases/<int:case_id>/", wk.case_page, name="case"),
    path("events/<int:pk>/cases/<int:case_id>/documents/<int:doc_id>/", wk.case_document, name="case_document"),
    path("events/<int:pk>/meetings/", wk.meetings_page, name="meetings"),
    path("events/<int:pk>/meetings/<int:meeting_id>/", wk.meeting_edit, name="meeting"),
    path("events/<int:pk>/day/", wk.day_schedule, name="day"),
    path("events/<int:pk>/meetings.ics", cal.calendar_feed, name="ics"),
    path("events/<int:pk>/calendar-link/", cal.subscription, name="subscription"),
    # Opened by calendar programs without a session (accounts.middleware lets /inspection/calendar/ through).
    path("calendar/<str:token>.ics", cal.subscribed_feed, name="subscribed_feed"),
    path("events/<int:pk>/lines/", wk.lines_page, name="lines"),
    path("events/<int:pk>/lines/<int:line_id>/", rec.line_edit, name="line"),
    path("events/<int:pk>/lines/<int:line_id>/delete/", rec.line_delete, name="line_delete"),
    path("events/<int:pk>/keep-in-touch/", wk.keep_in_touch, name="keep_in_touch"),
    path("events/<int:pk>/briefing/", wk.briefing, name="briefing"),
    path("evidence/", wk.evidence, name="evidence"),
    path("evidence/<int:area_id>/", rec.area_edit, name="evidence_area"),
    path("evidence/<int:area_id>/delete/", rec.area_delete, name="evidence_area_delete"),
    path("evidence/partners/", wk.partner, name="partner"),
    path("readiness/", wk.readiness, name="readiness"),
    path("alerts/", wk.alerts, name="alerts"),
]
