app_name = "timeliness"
urlpatterns: list = []
