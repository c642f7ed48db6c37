from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "oversight.imports"
    label = "imports"

    def ready(self):
        from oversight.imports import history

        history.register()
