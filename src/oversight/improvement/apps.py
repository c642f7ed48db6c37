from django.apps import AppConfig
from django.core import checks


class ImprovementConfig(AppConfig):
    name = "oversight.improvement"
    label = "improvement"
    verbose_name = "Improvement plan and risk register"

    def ready(self):
        checks.register(check_settings)


def check_settings(app_configs=None, **kwargs):
    """The pillars and the risk matrix are read at start-up, so a mistake shows before any page does."""
    from oversight.improvement.matrix import MatrixError, matrix, pillars

    try:
        matrix()
        keys = [p["key"] for p in pillars()]
    except MatrixError as exc:
        return [
            checks.Error(str(exc), hint="Correct [improvement] in the OVERSIGHT_CONFIG file.", id="improvement.E001")
        ]
    if not keys or len(set(keys)) != len(keys):
        return [
            checks.Error(
                f"[improvement] pillars must be at least one, with different keys; got {', '.join(keys) or 'none'}",
                hint="Correct [improvement] pillars in the OVERSIGHT_CONFIG file.",
                id="improvement.E001",
            )
        ]
    return []
