from django.apps import AppConfig


class IroConfig(AppConfig):
    name = "oversight.iro"
    label = "iro"
