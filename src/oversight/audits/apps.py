from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "oversight.audits"
    label = "audits"
