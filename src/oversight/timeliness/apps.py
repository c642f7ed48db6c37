from django.apps import AppConfig


class TimelinessConfig(AppConfig):
    name = "oversight.timeliness"
    label = "timeliness"
