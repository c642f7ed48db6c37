"""Password rules of our own, on top of Django's (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError


class NotTheDemoPassword:
    """Refuse the synthetic demo's password: it is printed by `oversight demo` and in the docs.

    `oversight demo` sets it on its own logins without running the validators.
    """

    def validate(self, password, user=None):
        from oversight.synthetic.users import DEMO_PASSWORD

        if password is not None and password.strip().lower() == DEMO_PASSWORD:
            raise ValidationError("This is the public demo password. Choose another.", code="demo_password")

    def get_help_text(self):
        return "Your password cannot be the public demo password."
