import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from oversight.accounts import roles

PASSWORD = "correct horse battery staple"


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 at its lowest cost: the production cost takes over half a second a hash."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    # Hashes keep the argon2 format, so the production hashes still verify; the
    # production list itself is checked in tests/accounts/test_sign_in.py.
    settings.PASSWORD_HASHERS = ["tests.conftest.QuickArgon2PasswordHasher"]


@pytest.fixture
def make_user(db):
    """Create a user with a role; extra keyword arguments go to the model."""
    from oversight.accounts.models import User

    def make(role: str = roles.SOCIAL_WORKER, username: str | None = None, **extra):
        username = username or f"{role}-{User.objects.count() + 1}"
        return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)

    return make


@pytest.fixture
def client_for(client, make_user):
    """A test client signed in as a new user of the given role."""

    def login(role: str, **extra):
        user = make_user(role, **extra)
        client.force_login(user)
        client.user = user
        return client

    return login


@pytest.fixture(autouse=True)
def _own_figure_cache(settings, tmp_path):
    # Each test its own shared figure cache: the project's var/cache fills up over many runs, and Django's
    # file cache then culls entries at random, which a test of what is cached would see.
    settings.CACHES = {
        name: {**options, "LOCATION": str(tmp_path / f"cache-{name}")}
        if "File" in options["BACKEND"].rsplit(".", 1)[-1]
        else options
        for name, options in settings.CACHES.items()
    }
