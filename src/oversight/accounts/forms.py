from django import forms
from django.contrib.auth.forms import AuthenticationForm

from oversight.accounts import services
from oversight.config import section


class SignInForm(AuthenticationForm):
    """Django's sign-in form, plus a lock on a username after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
        "inactive": "Enter a correct username and password",
        "locked": "Too many failed attempts to sign in with this username. Wait %(minutes)s minutes and try again",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        # The attempt counts as a failure before the password is tested (services.begin_sign_in),
        # so a guess during the lock learns nothing and simultaneous guesses cannot overrun it.
        if services.begin_sign_in(username) is None:
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": section("accounts")["lockout_minutes"]}
            )
        cleaned = super().clean()  # a wrong password leaves the attempt counted
        if self.get_user():
            services.clear_failed_sign_ins(username)
        return cleaned


class AccessLogFilter(forms.Form):
    # Django's CharField already refuses NUL characters, which PostgreSQL cannot store.
    person_id = forms.CharField(label="Child id", required=False, max_length=48)
    username = forms.CharField(label="Username", required=False, max_length=150)
