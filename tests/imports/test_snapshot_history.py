"""Snapshot history: the last N snapshots, what each changed, and going back one step (CLI and page), audited."""

import datetime as dt
import json

import pytest

from oversight.accounts import roles
from oversight.cli import main
from oversight.imports import history
from oversight.imports.models import ImportRecord, Snapshot
from oversight.imports.services import RollbackRefused, import_ssd, rollback
from oversight.people import models as m
from oversight.synthetic.build import build
from oversight.synthetic.writer import replace_case_data
from tests.imports.helpers import same, small_extract, snapshot, write_csv

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


def load(folder, **options):
    report = import_ssd(sorted(folder.iterdir()), AS_AT, **options)
    assert report.ok, report.to_dict()["errors"]
    return report


@pytest.fixture
def two_imports(tmp_path):
    """The small council, then a later extract where child D has gone and F has arrived."""
    load(small_extract(tmp_path / "first"))
    first = snapshot()
    later = small_extract(tmp_path / "later")
    write_csv(
        later,
        "ssd_person",
        ["pers_person_id", "pers_sex", "pers_dob"],
        [
            ["A", "F", "2015-06-01"],
            ["B", "M", "2016-02-01"],
            ["C", "M", "2012-01-01"],
            ["E", "F", "2005-03-03"],
            ["F", "M", "2017-01-01"],
        ],
    )
    write_csv(
        later,
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["R1", "A", "2024-01-10"], ["R2", "B", "2023-06-01"], ["R4", "F", "2024-02-02"]],
    )
    load(later)
    return first, snapshot()


def test_each_import_keeps_a_snapshot_saying_what_it_changed(two_imports):
    newest, oldest = list(history.entries())
    assert (oldest.kind, newest.kind) == ("ssd", "ssd") and newest.by.startswith("command line")
    assert newest.import_record == ImportRecord.objects.order_by("-id").first()
    person = newest.changes["ssd_person"]
    assert (person["before"], person["after"], person["added"], person["removed"]) == (5, 5, 1, 1)
    referrals = newest.changes["ssd_cin_episodes"]
    assert (referrals["before"], referrals["after"], referrals["added"], referrals["removed"]) == (3, 3, 1, 1)
    assert oldest.changes["ssd_person"] == {"after": 5, "before": 0, "added": 5, "removed": 0}


def test_rolling_back_restores_the_previous_snapshot_exactly_and_is_audited(two_imports, make_user):
    first, second = two_imports
    admin = make_user(roles.ADMINISTRATOR, username="admin-a")
    result = rollback(admin)
    assert same(
        {k: v for k, v in snapshot().items() if k != "__imports"}, {k: v for k, v in first.items() if k != "__imports"}
    )
    newest = Snapshot.objects.order_by("-id").first()
    assert newest.rolled_back_by == "admin-a" and newest.rolled_back_at is not None
    assert result["to"] == newest.pk - 1 and Snapshot.objects.count() == 2  # going back keeps no new copy
    with pytest.raises(RollbackRefused, match="no earlier snapshot"):
        rollback(admin)  # the first import is the oldest kept


def test_only_the_newest_n_are_kept(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(history, "keep", lambda: 2)
    folder = small_extract(tmp_path / "x")
    for _ in range(3):
        load(folder)
    assert Snapshot.objects.count() == 2


def test_the_synthetic_council_is_a_snapshot_too(tmp_path):
    replace_case_data(build("small", seed=3, as_at=AS_AT))
    entry = Snapshot.objects.get()
    assert entry.kind == "synthetic" and entry.changes["ssd_person"]["after"] == m.Person.objects.count() > 1000
    assert history.unpack(Snapshot.objects.get().data)["ssd_person"].height == m.Person.objects.count()


def test_the_command_line_lists_and_rolls_back(two_imports, capsys):
    first, _ = two_imports
    assert main(["snapshots", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["keep"] == 3 and [s["current"] for s in listed["snapshots"]] == [True, False]
    assert listed["snapshots"][0]["changes"]["ssd_person"]["added"] == 1
    assert main(["snapshots", "rollback", "--format", "json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert {r["table"]: r["after"] for r in done["tables"]}["ssd_cin_episodes"] == 3
    assert set(m.Person.objects.values_list("person_id", flat=True)) == {"A", "B", "C", "D", "E"}
    assert main(["snapshots", "rollback"]) == 2
    assert "no earlier snapshot" in capsys.readouterr().err


def test_the_page_is_for_administrators_and_rolls_back_in_one_step(two_imports, client_for):
    assert client_for(roles.PERFORMANCE_OFFICER).get("/imports/snapshots/").status_code == 403
    client = client_for(roles.ADMINISTRATOR)
    page = client.get("/imports/snapshots/")
    html = page.content.decode()
    current, previous = history.current_and_previous()
    assert page.status_code == 200 and f"Go back to snapshot {previous.pk}" in html and "(current)" in html
    stale = client.post("/imports/snapshots/", {"current": str(previous.pk)})
    assert stale.status_code == 400 and "changed since the page was shown" in stale.content.decode()
    done = client.post("/imports/snapshots/", {"current": str(current.pk)})
    assert done.status_code == 302
    assert set(m.Person.objects.values_list("person_id", flat=True)) == {"A", "B", "C", "D", "E"}
    after = client.get("/imports/snapshots/").content.decode()
    assert f"rolled back by {client.user.username}" in after and 'data-testid="no-rollback"' in after
    assert client.post("/imports/snapshots/", {"current": str(previous.pk)}).status_code == 400
