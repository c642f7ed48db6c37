from django.urls import path

from oversight.inspection import views_annex_a as aa

app_name = "inspection"
urlpatterns = [
    path("", aa.annex_a, name="annex_a"),
    path("practice-runs/", aa.practice_run, name="practice_run"),
    path("practice-runs/<int:pk>/", aa.run, name="run"),
    path("practice-runs/<int:pk>/file/", aa.run_file, name="run_file"),
    path("practice-runs/<int:pk>/summary.<str:kind>", aa.summary_file, name="summary_file"),
    path("repeat-referrals/", aa.repeat_referrals, name="repeat_referrals"),
    path("repeat-referrals/review/", aa.review, name="review"),
]
