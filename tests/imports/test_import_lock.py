"""One whole-snapshot writer at a time, across processes: the second waits, or is refused with a message.

Each test runs real `oversight` processes against one database: on a
PostgreSQL run, the test database itself (committed, so the processes see
it); on SQLite, a database file made for the test (the suite's own SQLite
database is in memory, out of other processes' reach).
"""

import os
import shutil
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.imports.helpers import small_extract, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

HOLDER = """
import sys
import django
django.setup()
from django.db import transaction
from oversight.people import locks
with transaction.atomic():
    locks.hold(wait=0)
    print("held", flush=True)
    sys.stdin.read()  # until the test closes our standard input
"""


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite database file, made once and copied for each test."""
    path = tmp_path_factory.mktemp("locks") / "template.sqlite3"
    env = dict(os.environ, OVERSIGHT_VAR_DIR=str(path.parent / "var"), DATABASE_URL=f"sqlite:///{path}")
    env.pop("OVERSIGHT_CONFIG", None)
    subprocess.run([sys.executable, "-m", "oversight.cli", "init"], env=env, check=True, capture_output=True)
    return path


@pytest.fixture
def env(tmp_path, request):
    config = tmp_path / "oversight.toml"
    env = dict(os.environ, OVERSIGHT_VAR_DIR=str(tmp_path / "var"), OVERSIGHT_CONFIG=str(config))
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}{':' + s['PASSWORD'] if s['PASSWORD'] else ''}@{s['HOST'] or '127.0.0.1'}"
            f":{s['PORT'] or 5432}/{s['NAME']}"
        )
    else:
        shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "locks.sqlite3")
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'locks.sqlite3'}"

    def with_wait(seconds: float) -> dict:
        config.write_text(f"[imports]\nlock_wait_seconds = {seconds}\n")
        return env

    return with_wait


def oversight(env, *args, **kw):
    return subprocess.Popen(
        [sys.executable, "-m", "oversight.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def hold_lock(env):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held", holder.stderr.read()
    return holder


def release(holder):
    holder.stdin.close()
    assert holder.wait(timeout=60) == 0


def people(env):
    code = "import django; django.setup(); from oversight.people.models import Person; print(sorted(Person.objects.values_list('person_id', flat=True)))"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_an_import_while_another_writes_is_refused_with_a_message(env, tmp_path):
    run_env = env(0.5)
    holder = hold_lock(run_env)
    try:
        refused = oversight(run_env, "import", "ssd", str(small_extract(tmp_path / "x")), "--as-at", "2024-03-31")
        out, err = refused.communicate(timeout=120)
        assert refused.returncode == 2
        assert "Another import (or a rollback, restore or synthetic build) is writing the case data now" in out
        assert "Traceback" not in out + err
    finally:
        release(holder)
    assert people(run_env) == "[]"


def test_a_second_import_waits_for_the_first_and_the_end_is_one_whole_snapshot(env, tmp_path):
    """Two imports of different councils started while a third writer holds the lock, so they are sure to overlap."""
    run_env = env(120)
    one = small_extract(tmp_path / "one")
    other = tmp_path / "other"
    other.mkdir()
    write_csv(other, "ssd_person", ["pers_person_id", "pers_dob"], [["Z", "2019-01-01"], ["Y", "2018-01-01"]])
    write_csv(
        other,
        "ssd_involvements",
        ["invo_involvements_id", "invo_person_id", "invo_involvement_start_date"],
        [["J1", "Z", "2024-01-01"]],
    )
    holder = hold_lock(run_env)
    try:
        imports = [
            oversight(run_env, "import", "ssd", str(folder), "--as-at", "2024-03-31", "--allow-shrink")
            for folder in (one, other)
        ]
        time.sleep(3)
        assert all(p.poll() is None for p in imports)  # both are waiting
    finally:
        release(holder)
    for p in imports:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, out + err
    code = (
        "import django; django.setup(); from oversight.people.models import Person, Involvement;"
        "ids = set(Person.objects.values_list('person_id', flat=True));"
        "print(sorted(ids), Involvement.objects.exclude(person_id__in=ids).count(), Involvement.objects.count())"
    )
    found = subprocess.run([sys.executable, "-c", code], env=run_env, capture_output=True, text=True, check=True).stdout
    assert found.strip() in ("['A', 'B', 'C', 'D', 'E'] 0 3", "['Y', 'Z'] 0 1")
