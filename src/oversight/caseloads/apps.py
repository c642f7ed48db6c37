from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "oversight.caseloads"
    label = "caseloads"
