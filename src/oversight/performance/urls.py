from django.urls import path

from oversight.performance import views

app_name = "performance"
urlpatterns = [
    path("", views.index, name="index"),
    path("areas/<slug:area>/", views.area, name="area"),
    path("indicators/<slug:indicator_id>/", views.indicator, name="indicator"),
    path("indicators/<slug:indicator_id>/children/", views.children, name="children"),
    path("meetings/<slug:area>/<str:month>/", views.meeting, name="meeting"),
    path("pack/<slug:area>/<str:month>.<str:fmt>", views.pack_download, name="pack"),
    path("supervision/", views.supervision, name="supervision"),
]
