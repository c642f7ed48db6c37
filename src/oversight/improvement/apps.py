from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "oversight.improvement"
    label = "improvement"
