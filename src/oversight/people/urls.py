from django.urls import path

from oversight.people import views

app_name = "people"
urlpatterns = [
    path("", views.children, name="children"),
    path("<path:person_id>/", views.child, name="child"),
]
