from django.apps import AppConfig


class IroConfig(AppConfig):
    name = "oversight.iro"
    label = "iro"
    verbose_name = "IRO and child protection chair oversight"

    def ready(self):
        from oversight.accounts import scope
        from oversight.iro import access, alerts, views
        from oversight.people import panels, signals

        scope.register(access.addressed_children)
        panels.register(views.child_panel)
        signals.replacing.connect(alerts.on_replacing, dispatch_uid="iro-change-alerts")
