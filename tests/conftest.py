import pytest

from oversight.accounts import roles

PASSWORD = "correct horse battery staple"


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
