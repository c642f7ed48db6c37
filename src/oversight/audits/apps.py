from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "oversight.audits"
    label = "audits"
    verbose_name = "Case audits and moderation"

    def ready(self):
        from oversight.accounts import scope
        from oversight.audits import panels
        from oversight.people import panels as people_panels

        scope.register(panels.audited_children)
        people_panels.register(panels.child_panel)
