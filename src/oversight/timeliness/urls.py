from django.urls import path

from oversight.timeliness import views

app_name = "timeliness"
urlpatterns = [
    path("", views.index, name="index"),
    path("to-do/", views.to_do, name="to_do"),
    path("items/", views.items, name="items"),
    path("rules/<str:rule_id>/", views.rule, name="rule"),
]
