import dj_database_url
import pytest
from django.conf import settings
from django.db import connection, transaction

from oversight.people import frames
from oversight.people.ssd import tables


def _write_and_dump(council):
    """Write COUNCIL to the test database, read every table back, and leave the database as it was."""
    from oversight.synthetic.writer import replace_case_data

    with transaction.atomic():
        replace_case_data(council)
        dump = {t.name: frames.load(t.name) for t in tables()}
        transaction.set_rollback(True)
    return dump


@pytest.fixture(scope="session")
def small_councils(django_db_setup, django_db_blocker):
    """The small council built twice with seed 1 and once with seed 2, each as written to and read back from the database."""
    from oversight.synthetic.build import build

    with django_db_blocker.unblock():
        # pytest-django only makes a test database when a collected test is marked django_db:
        # never write a council into a real one.
        configured = dj_database_url.config(default=f"sqlite:///{settings.VAR_DIR / 'oversight.sqlite3'}")["NAME"]
        assert str(connection.settings_dict["NAME"]) != str(configured), "not a test database"
        first = build("small", 1)
        return {
            "council": first,
            "seed1": _write_and_dump(first),
            "seed1_again": _write_and_dump(build("small", 1)),
            "seed2": _write_and_dump(build("small", 2)),
        }


@pytest.fixture(scope="session")
def small(small_councils):
    """SSD frames of the small seed-1 council, read back from the database, and its as-at date."""
    return small_councils["seed1"], small_councils["council"].as_at
