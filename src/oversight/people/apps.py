from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "oversight.people"
    label = "people"
    verbose_name = "People and case data"
