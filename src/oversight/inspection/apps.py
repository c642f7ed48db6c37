from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "oversight.inspection"
    label = "inspection"
