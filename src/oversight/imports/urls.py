from django.urls import path

from oversight.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("confirm/", views.confirm, name="confirm"),
    path("snapshots/", views.snapshots, name="snapshots"),
    path("<int:pk>/", views.detail, name="detail"),
]
