from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "oversight.web"
    label = "web"
    verbose_name = "Web pages"

    def ready(self):
        from oversight.people import signals
        from oversight.web import warm

        # Under `oversight serve`, a new snapshot's figures are worked out once it has committed.
        signals.replaced.connect(warm.after_snapshot, dispatch_uid="web.warm.after_snapshot")
