app_name = "iro"
urlpatterns: list = []
