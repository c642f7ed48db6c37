app_name = "caseloads"
urlpatterns: list = []
