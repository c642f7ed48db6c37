"""Workflow records outlive every import; a child or worker a later snapshot no longer holds is shown as such."""

import datetime as dt

import pytest

from oversight.accounts import roles
from oversight.audits import services
from oversight.audits.models import Audit, Escalation
from oversight.imports.services import import_ssd
from tests.imports.helpers import small_extract, write_csv

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


def test_an_import_keeps_audits_and_marks_the_child_and_worker_who_left(tmp_path, client_for):
    assert import_ssd(sorted(small_extract(tmp_path / "x").iterdir()), AS_AT).ok
    services.sync_tools()
    tool = services._tool("practice")
    kept = Audit.objects.create(tool=tool, child_id="A", worker_id="W1", auditor="a", status=Audit.FINAL, grade="Good")
    gone = Audit.objects.create(tool=tool, child_id="D", worker_id="W2", auditor="a", status=Audit.FINAL, grade="Good")
    Escalation.objects.create(audit=gone, child_id="D", reason="r", raised_by="a", due_date=AS_AT)
    client = client_for(roles.ADMINISTRATOR)
    assert 'data-testid="child-gone"' not in client.get(f"/audits/{gone.pk}/").content.decode()

    later = small_extract(tmp_path / "later")  # D and worker W2 are gone
    write_csv(
        later,
        "ssd_person",
        ["pers_person_id", "pers_sex", "pers_dob"],
        [["A", "F", "2015-06-01"], ["B", "M", "2016-02-01"], ["C", "M", "2012-01-01"], ["E", "F", "2005-03-03"]],
    )
    write_csv(
        later,
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["R1", "A", "2024-01-10"], ["R2", "B", "2023-06-01"]],
    )
    write_csv(
        later,
        "ssd_professionals",
        ["prof_professional_id", "prof_professional_name", "prof_team_id"],
        [["W1", "Worker One", "T1"]],
    )
    write_csv(
        later,
        "ssd_involvements",
        [
            "invo_involvements_id",
            "invo_professional_id",
            "invo_professional_role_id",
            "invo_person_id",
            "invo_involvement_start_date",
        ],
        [["I1", "W1", "CW", "A", "2024-01-10"], ["I3", "W1", "CW", "C", "2022-05-01"]],
    )
    report = import_ssd(sorted(later.iterdir()), AS_AT, allow_shrink=True)
    assert report.ok, report.to_dict()["errors"]
    assert Audit.objects.count() == 2 and Escalation.objects.count() == 1  # an import never deletes them

    page = client.get(f"/audits/{gone.pk}/").content.decode()
    assert 'data-testid="child-gone"' in page and 'data-testid="worker-gone"' in page
    page = client.get(f"/audits/{kept.pk}/").content.decode()
    assert 'data-testid="child-gone"' not in page and 'data-testid="worker-gone"' not in page
    assert 'data-testid="child-gone"' in client.get("/audits/escalations/").content.decode()
