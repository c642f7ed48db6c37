"""`oversight users create` and `oversight users list`."""

import io
import json

import pytest

from oversight.accounts.models import User
from oversight.cli import main

pytestmark = pytest.mark.django_db
GOOD = "a long enough passphrase\n"


def run(capsys, monkeypatch, argv, stdin=GOOD):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_create_a_team_manager(capsys, monkeypatch):
    status, out, err = run(
        capsys,
        monkeypatch,
        [
            "users",
            "create",
            "tm1",
            "--role",
            "team_manager",
            "--team-id",
            "T1",
            "--professional-id",
            "W7",
            "--password-stdin",
        ],
    )
    assert status == 0 and out.strip() == "Created tm1 (Team manager)" and err == ""
    user = User.objects.get(username="tm1")
    assert (user.role, user.team_id, user.professional_id) == ("team_manager", "T1", "W7")
    assert user.check_password("a long enough passphrase") and user.password.startswith("argon2$")


def test_a_social_worker_without_a_worker_id_gets_a_warning(capsys, monkeypatch):
    status, out, err = run(
        capsys, monkeypatch, ["users", "create", "sw1", "--role", "social_worker", "--password-stdin"]
    )
    assert status == 0
    assert "without --professional-id sees no children" in err


@pytest.mark.parametrize(
    "argv,stdin,message",
    [
        (["users", "create", "x1", "--role", "social_worker", "--password-stdin"], "short\n", "not strong enough"),
        (["users", "create", "x1", "--role", "social_worker", "--password-stdin"], "\n", "the password is empty"),
        (
            ["users", "create", "bad name!", "--role", "auditor", "--password-stdin"],
            GOOD,
            "username 'bad name!' is not allowed",
        ),
        (["users", "create", "x1", "--role", "auditor", "--team-id", "T" * 49, "--password-stdin"], GOOD, "team id"),
        (["users", "create", "x1", "--role", "auditor"], GOOD, "(use --password-stdin)"),
    ],
)
def test_bad_values_create_nothing(capsys, monkeypatch, argv, stdin, message):
    status, out, err = run(capsys, monkeypatch, argv, stdin)
    assert status == 2
    assert message in err and "nothing was created" in err
    assert "Traceback" not in err
    assert User.objects.count() == 0


def test_a_taken_username_is_refused(capsys, monkeypatch):
    run(capsys, monkeypatch, ["users", "create", "dup", "--role", "auditor", "--password-stdin"])
    status, _, err = run(capsys, monkeypatch, ["users", "create", "dup", "--role", "inspector", "--password-stdin"])
    assert status == 2 and "username 'dup' is already taken" in err
    assert User.objects.get(username="dup").role == "auditor"


def test_an_unknown_role_is_refused_by_the_parser(capsys, monkeypatch):
    with pytest.raises(SystemExit) as info:
        run(capsys, monkeypatch, ["users", "create", "x", "--role", "wizard", "--password-stdin"])
    assert info.value.code == 2
    assert "invalid choice: 'wizard'" in capsys.readouterr().err


def test_list_as_json(capsys, monkeypatch):
    run(
        capsys,
        monkeypatch,
        ["users", "create", "b-iro", "--role", "iro", "--professional-id", "I1", "--password-stdin"],
    )
    run(capsys, monkeypatch, ["users", "create", "a-admin", "--role", "administrator", "--password-stdin"])
    status, out, _ = run(capsys, monkeypatch, ["users", "list", "--format", "json"])
    assert status == 0
    rows = json.loads(out)
    assert [(r["username"], r["role"], r["professional_id"], r["active"]) for r in rows] == [
        ("a-admin", "administrator", "", True),
        ("b-iro", "iro", "I1", True),
    ]
    assert all("password" not in r for r in rows)


def test_list_as_a_table(capsys, monkeypatch):
    run(capsys, monkeypatch, ["users", "create", "a-admin", "--role", "administrator", "--password-stdin"])
    status, out, _ = run(capsys, monkeypatch, ["users", "list"])
    lines = out.splitlines()
    assert lines[0].split() == ["username", "role", "professional_id", "team_id", "active", "last_login"]
    assert lines[2].split() == ["a-admin", "administrator", "True"]


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    "typed,status",
    [
        (["a long enough passphrase", "a long enough passphrase"], 0),
        (["a long enough passphrase", "a different passphrase"], 2),
    ],
)
def test_password_from_the_prompt(capsys, monkeypatch, typed, status):
    answers = iter(typed)
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["users", "create", "p1", "--role", "moderator"]) == status
    assert User.objects.filter(username="p1").exists() == (status == 0)
    if status:
        assert "the two passwords differ" in capsys.readouterr().err
