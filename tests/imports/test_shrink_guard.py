"""Lose nothing: an import that empties or shrinks the case data is refused until that exact change is confirmed."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.accounts import roles
from oversight.cli import main
from oversight.imports import guard
from oversight.imports.models import ImportRecord
from oversight.imports.services import import_ssd
from oversight.people import models as m
from tests.imports.helpers import same, small_extract, snapshot, write_csv

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


def load(folder, **options):
    return import_ssd(sorted(folder.iterdir()), AS_AT, **options)


@pytest.fixture
def loaded(tmp_path):
    report = load(small_extract(tmp_path / "full"))
    assert report.ok
    return report


def partial(folder):
    """Two of the files: a person and their CP plan (as when 2 of 32 SSD files were uploaded)."""
    folder.mkdir()
    write_csv(folder, "ssd_person", ["pers_person_id", "pers_dob"], [["Z", "2019-01-01"]])
    write_csv(
        folder,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"],
        [["P9", "Z", "2024-02-01"]],
    )
    return folder


def test_the_rule_empties_and_shares():
    found = guard.changes({"a": 10, "b": 10, "c": 10, "d": 0}, {"a": 0, "b": 8, "c": 7, "d": 0}, 0.2)
    assert {r["table"] for r in found["shrinking"]} == {"a", "c"}  # emptied; 30 % fewer. b: exactly 20 % is allowed
    assert next(r for r in found["tables"] if r["table"] == "a")["emptied"]
    assert guard.changes({"a": 10}, {"a": 0}, 0.2)["digest"] != guard.changes({"a": 10}, {"a": 1}, 0.2)["digest"]
    assert guard.changes({}, {"a": 5}, 0.2)["shrinking"] == []  # a first import only grows


def test_a_partial_extract_is_refused_and_changes_nothing(loaded, tmp_path):
    before = snapshot()
    report = load(partial(tmp_path / "partial"))
    assert not report.ok and same(before, snapshot())
    emptied = {p["sheet"] for p in report.errors.first(100)}
    assert {"ssd_cin_episodes", "ssd_involvements", "ssd_professionals", "ssd_department"} <= emptied
    message = next(p["message"] for p in report.errors.first(100) if p["sheet"] == "ssd_involvements")
    assert "would empty ssd_involvements, which holds 3 rows now" in message and "--allow-shrink" in message
    person = next(r for r in report.change["tables"] if r["table"] == "ssd_person")
    assert (person["now"], person["after"], person["shrinks"]) == (5, 1, True)


def test_confirming_loads_it(loaded, tmp_path):
    assert load(partial(tmp_path / "partial"), allow_shrink=True).ok
    assert list(m.Person.objects.values_list("person_id", flat=True)) == ["Z"]


def test_a_confirmation_is_for_that_exact_change_only(loaded, tmp_path):
    folder = partial(tmp_path / "partial")
    digest = load(folder).change["digest"]
    write_csv(folder, "ssd_person", ["pers_person_id", "pers_dob"], [["Z", "2019-01-01"], ["Y", "2018-01-01"]])
    assert not load(folder, allow_shrink=digest).ok  # two people now: a different change
    assert m.Person.objects.count() == 5
    digest = load(folder).change["digest"]
    assert load(folder, allow_shrink=digest).ok and m.Person.objects.count() == 2


def test_a_share_over_the_configured_one_is_refused(loaded, tmp_path, monkeypatch):
    folder = small_extract(tmp_path / "fewer")
    # ssd_person: 5 -> 4 (20 % fewer) is allowed by default, refused at 10 %.
    write_csv(
        folder,
        "ssd_person",
        ["pers_person_id", "pers_sex", "pers_dob"],
        [["A", "F", "2015-06-01"], ["B", "M", "2016-02-01"], ["C", "M", "2012-01-01"], ["E", "F", "2005-03-03"]],
    )
    write_csv(
        folder,
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["R1", "A", "2024-01-10"], ["R2", "B", "2023-06-01"]],
    )
    monkeypatch.setattr(guard, "share", lambda: 0.5)
    assert load(folder).ok  # 3 -> 2 referrals, 5 -> 4 people: within a half
    assert load(small_extract(tmp_path / "again")).ok
    monkeypatch.setattr(guard, "share", lambda: 0.1)
    report = load(folder)
    assert not report.ok and {p["sheet"] for p in report.errors.first(10)} == {"ssd_person", "ssd_cin_episodes"}


def test_the_command_line_needs_allow_shrink(loaded, tmp_path, capsys):
    folder = partial(tmp_path / "partial")
    assert main(["import", "ssd", str(folder), "--as-at", "2024-03-31", "--format", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["change"]["shrinking"] and m.Person.objects.count() == 5
    assert main(["import", "ssd", str(folder), "--as-at", "2024-03-31"]) == 2
    out = capsys.readouterr().out
    assert "confirm with --allow-shrink" in out and "ssd_involvements" in out
    assert main(["import", "ssd", str(folder), "--as-at", "2024-03-31", "--allow-shrink"]) == 0
    assert m.Person.objects.count() == 1


def test_the_page_asks_again_listing_each_table_then_loads_what_was_shown(client_for, loaded, tmp_path):
    client = client_for(roles.PERFORMANCE_OFFICER)
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(partial(tmp_path / "p").iterdir())]
    page = client.post("/imports/", {"kind": "ssd", "as_at": "2024-03-31", "files": files})
    html = page.content.decode()
    assert page.status_code == 400 and "Confirm: this import would shrink the case data" in html
    assert 'data-testid="change"' in html and "ssd_involvements" in html and "Emptied" in html
    assert m.Person.objects.count() == 5 and ImportRecord.objects.count() == 1
    digest = page.context["report"]["change"]["digest"]
    done = client.post("/imports/confirm/", {"digest": digest})
    assert done.status_code == 200 and 'data-testid="import-ok"' in done.content.decode()
    assert list(m.Person.objects.values_list("person_id", flat=True)) == ["Z"]
    again = client.post("/imports/confirm/", {"digest": digest})  # the kept upload is used once
    assert again.status_code == 400 and "no longer kept" in again.content.decode()


def test_the_confirmation_with_a_stale_digest_asks_again(client_for, loaded, tmp_path):
    client = client_for(roles.PERFORMANCE_OFFICER)
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(partial(tmp_path / "p").iterdir())]
    client.post("/imports/", {"kind": "ssd", "as_at": "2024-03-31", "files": files})
    page = client.post("/imports/confirm/", {"digest": "0" * 64})
    assert page.status_code == 400 and "Confirm: this import would shrink" in page.content.decode()
    assert m.Person.objects.count() == 5


def test_another_users_kept_upload_cannot_be_confirmed(client_for, loaded, tmp_path):
    officer = client_for(roles.PERFORMANCE_OFFICER)
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(partial(tmp_path / "p").iterdir())]
    page = officer.post("/imports/", {"kind": "ssd", "as_at": "2024-03-31", "files": files})
    pending = page.context["report"]["pending"]
    from oversight.accounts.models import User
    from oversight.imports import services

    admin = User.objects.create_user(username="admin-2", password="x" * 14, role=roles.ADMINISTRATOR)
    assert services.import_pending(pending, page.context["report"]["change"]["digest"], admin) is None
    assert m.Person.objects.count() == 5
    assert officer.get("/imports/confirm/").status_code == 405


def test_an_upload_with_invalid_cells_that_also_shrinks_loads_in_two_explicit_steps(client_for, loaded, tmp_path):
    import re

    client = client_for(roles.PERFORMANCE_OFFICER)
    folder = partial(tmp_path / "p")
    write_csv(folder, "ssd_person", ["pers_person_id", "pers_dob", "pers_sex"], [["Z", "2019-01-01", "Q"]])
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]
    page = client.post("/imports/", {"kind": "ssd", "as_at": "2024-03-31", "files": files})
    assert page.status_code == 400 and "Load anyway, leaving these 1 cell blank" in page.content.decode()
    # Step 1: leave the invalid cell blank. The import would also shrink the data, so it asks about that next.
    page = client.post("/imports/confirm/", {"blank_invalid": "1", "digest": ""})
    html = page.content.decode()
    assert page.status_code == 400 and "Confirm: this import would shrink the case data" in html
    assert 'data-testid="still-blanking"' in html and m.Person.objects.count() == 5
    # Step 2: confirm the shrink with the page's own form, which keeps the choice to blank the cell.
    form = re.search(r'<form method="post" action="/imports/confirm/"[^>]*>(.*?)</form>', html, re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(digest|blank_invalid)" value="([^"]*)"', form))
    assert fields["blank_invalid"] == "1" and fields["digest"]
    done = client.post("/imports/confirm/", fields)
    assert done.status_code == 200 and 'data-testid="import-ok"' in done.content.decode()
    assert list(m.Person.objects.values_list("person_id", "sex")) == [("Z", "")]
    assert len(ImportRecord.objects.order_by("-id").first().blanked) == 1
