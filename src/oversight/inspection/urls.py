from django.urls import path

from oversight.inspection import views_annex_a as aa
from oversight.inspection import views_event as ev

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
]
