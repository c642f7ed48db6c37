from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "oversight.inspection"
    label = "inspection"

    def ready(self):
        from oversight.accounts import scope
        from oversight.inspection.event import inspector_children

        scope.register(inspector_children)
