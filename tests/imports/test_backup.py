"""`oversight backup` and `oversight restore`: the whole database, case data and workflow records, on either database."""

import json

import pytest

from oversight.audits.models import Audit, Escalation
from oversight.cli import main
from oversight.imports.models import ImportRecord, Snapshot
from oversight.imports.services import import_ssd
from oversight.people import models as m
from tests.imports.helpers import small_extract

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_case_data_and_workflow_records(tmp_path, capsys, make_user):
    import datetime as dt

    from oversight.audits.services import sync_tools

    assert import_ssd(sorted(small_extract(tmp_path / "x").iterdir()), dt.date(2024, 3, 31)).ok
    tool = sync_tools()[0]
    Audit.objects.create(tool=tool, child_id="A", auditor="alice", status=Audit.FINAL, grade="Good")
    make_user(username="kept-login")
    path = tmp_path / "oversight.backup"
    assert main(["backup", str(path), "--format", "json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["bytes"] == path.stat().st_size > 0

    m.Person.objects.filter(person_id="A").delete()
    Audit.objects.all().delete()
    Escalation.objects.all().delete()
    assert main(["restore", str(path)]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert main(["restore", str(path), "--yes"]) == 0
    assert set(m.Person.objects.values_list("person_id", flat=True)) == {"A", "B", "C", "D", "E"}
    assert (
        Audit.objects.get().auditor == "alice" and ImportRecord.objects.count() == 1 and Snapshot.objects.count() == 1
    )
    from oversight.accounts.models import User

    assert User.objects.filter(username="kept-login").exists()


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_database(tmp_path, capsys):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all")
    assert main(["restore", str(junk), "--yes"]) == 2
    assert "not an Oversight backup" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "missing"), "--yes"]) == 2
    assert main(["backup", str(tmp_path)]) == 2  # a folder
    assert "is a folder" in capsys.readouterr().err
