"""Practice runs: kept with the file's SHA-256, compared with the previous run; the summary; repeat-referral reviews."""

import datetime as dt
import hashlib
import json

import pytest

from oversight.accounts import roles
from oversight.cli import main
from oversight.inspection.models import PracticeRun, RepeatReferralReview
from oversight.synthetic import writer
from oversight.synthetic.build import build

AS_AT = dt.date(2026, 3, 31)


@pytest.fixture
def council(db):
    writer.replace_case_data(build("small", seed=5, as_at=AS_AT))


def _run(capsys, as_at, *extra):
    assert main(["annex-a", "practice-run", "--as-at", as_at.isoformat(), "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_practice_run_contract_and_comparison(council, capsys, tmp_path):
    first = _run(capsys, dt.date(2026, 2, 28))
    assert set(first) >= {"run_id", "sha256", "lists", "changes", "problems", "repeat_referrals"}
    assert first["changes"] == {}  # nothing to compare with
    assert set(first["repeat_referrals"]) == {"total", "reviewed", "unreviewed"}
    out = tmp_path / "run.xlsx"
    second = _run(capsys, AS_AT, "--out", str(out))
    record = PracticeRun.objects.get(pk=second["run_id"])
    assert hashlib.sha256(out.read_bytes()).hexdigest() == second["sha256"] == record.sha256
    assert hashlib.sha256(bytes(record.content)).hexdigest() == record.sha256
    assert record.previous_id == first["run_id"]
    # In and out are the children who joined and left each list between the two dates.
    before, after = set(PracticeRun.objects.get(pk=first["run_id"]).members["List 1"]), set(record.members["List 1"])
    assert second["changes"]["List 1"]["in"] == sorted(after - before)
    assert second["changes"]["List 1"]["out"] == sorted(before - after)
    assert second["changes"]["List 1"]["in"] and second["changes"]["List 1"]["out"]
    assert second["lists"]["List 1"] >= len(after)  # a child can have several contacts


def test_reviews_raise_coverage(council, capsys, make_user):
    first = _run(capsys, AS_AT)
    rr = first["repeat_referrals"]
    assert rr["total"] > 1 and rr["reviewed"] == 0 and rr["unreviewed"] == rr["total"]
    record = PracticeRun.objects.get(pk=first["run_id"])
    child = record.repeat_referrals["unreviewed_children"][0]
    from oversight.analytics.annex_a.common import context
    from oversight.analytics.annex_a.summary import repeat_referrals
    from oversight.inspection import annex_a_file

    rows = repeat_referrals(context(annex_a_file.complete(annex_a_file.case_data()), AS_AT))
    day = rows.filter(rows["child_id"] == child)["referral_date"][0]
    from oversight.inspection import services

    services.record_review(make_user(roles.TEAM_MANAGER), child, day, "Seen by the manager; pattern explained.")
    second = _run(capsys, AS_AT)
    assert second["repeat_referrals"]["reviewed"] == 1
    assert second["repeat_referrals"]["unreviewed"] == rr["total"] - 1
    assert RepeatReferralReview.objects.get(child_id=child).note.startswith("Seen")


def test_summary_measures_and_not_measurable(council, capsys):
    data = _run(capsys, AS_AT)
    s = data["summary"]
    for key in (
        "care_leavers_in_touch",
        "assessments_within_timescale",
        "second_cp_plans",
        "children_without_a_worker",
    ):
        assert 0 <= s[key]["value"] <= 100
        assert s[key]["numerator"] <= s[key]["denominator"]
    from oversight.analytics.annex_a.summary import _share

    assert _share(0, 0, "why")["value"] is None


def test_pages_and_permissions(council, client_for, capsys):
    data = _run(capsys, AS_AT)
    sw = client_for(roles.SOCIAL_WORKER)
    assert sw.get("/inspection/").status_code == 403
    assert sw.get(f"/inspection/practice-runs/{data['run_id']}/file/").status_code == 403
    po = client_for(roles.PERFORMANCE_OFFICER)
    page = po.get(f"/inspection/practice-runs/{data['run_id']}/")
    assert page.status_code == 200 and data["sha256"] in page.content.decode()
    assert po.get("/inspection/practice-runs/999999/").status_code == 404
    got = po.get("/inspection/?as_at=2026-03-31")
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
    assert po.get("/inspection/?as_at=2026-02-30").status_code == 400
    assert po.get(f"/inspection/practice-runs/{data['run_id']}/summary.xlsx").status_code == 200
    assert po.get(f"/inspection/practice-runs/{data['run_id']}/summary.doc").status_code == 404
    sm = client_for(roles.SENIOR_MANAGER)
    assert sm.get("/inspection/?as_at=2026-03-31").status_code == 403  # reads runs, does not export
