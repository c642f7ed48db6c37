from django.apps import AppConfig
from django.core import checks


class TimelinessConfig(AppConfig):
    name = "oversight.timeliness"
    label = "timeliness"
    verbose_name = "Statutory timeliness"

    def ready(self):
        from oversight.people import panels as people_panels
        from oversight.timeliness import panels

        people_panels.register(panels.child_clocks)
        checks.register(check_rulebook)


def check_rulebook(app_configs=None, **kwargs):
    """A council's rule overrides and calendar are read at start-up, so a mistake shows before any page does."""
    from oversight.analytics.rulebook import RulebookError
    from oversight.timeliness.queries import checked_rulebook

    try:
        checked_rulebook()
    except RulebookError as exc:
        return [
            checks.Error(
                f"Timeliness rulebook: {exc}",
                hint="Correct [timeliness], [timeliness.overrides] or [calendar] in the OVERSIGHT_CONFIG file.",
                id="timeliness.E001",
            )
        ]
    return []
