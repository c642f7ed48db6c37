"""No figure the data cannot support: after an Annex A or a partial SSD import, each rule says whether it is measurable."""

import datetime as dt
import json

import polars as pl
import pytest

from oversight.analytics import measurability as ms
from oversight.analytics import rulebook as rb
from oversight.cli import main
from oversight.imports.services import import_annex_a, import_ssd
from oversight.people import models as m
from oversight.timeliness import queries
from tests.imports import annex_a_book as book
from tests.imports.helpers import small_extract, workbook, write_csv

AS_AT = dt.date(2024, 3, 31)
# What a single Annex A cannot support: no contact decision dates, no core groups, no CIN plans; only the
# latest review of each child (so no first or second review clock), and 6 months of referrals and plans.
NOT_FROM_ANNEX_A = {
    "contact_decision_1wd",
    "core_group_first_10wd",
    "rcpc_first_3m",
    "cla_review_first_20wd",
    "cla_review_second_3m",
    "cla_review_next_6m",
    "care_leaver_contact",  # the hand-made workbook's care leaver has no latest contact date
    "pathway_plan_review_6m",
    # Events Annex A does not carry at all (#10 part 6).
    "cla_visit_regime",
    "cla_sdq",
    "pathway_needs_assessment_3m",
    "pa_visit_accommodation_7d",
    "return_home_interview_72h",
    "cin_plan_review",
    "transfer_in_conference_15wd",
}


def test_a_rule_declares_what_it_needs_and_the_answer_says_why():
    book_ = rb.load()
    frames = {
        "ssd_contacts": pl.DataFrame(
            {"cont_contact_date": [dt.date(2024, 1, 1)], "cont_contact_decision_date": [None]},
            schema={"cont_contact_date": pl.Date, "cont_contact_decision_date": pl.Date},
        )
    }
    got = ms.measurability(frames, book_, ms.Source("ssd"))
    assert got["contact_decision_1wd"].measurable is False
    assert "cont_contact_decision_date" in got["contact_decision_1wd"].reason
    # The synthetic council (no file behind it) carries every column.
    assert ms.measurability(frames, book_, ms.Source())["contact_decision_1wd"].measurable is True


def test_latest_only_history_makes_every_event_rules_unmeasurable_and_others_partial():
    filled = {n for r in rb.load().rules for n in r.needs} | {n for r in rb.load().measures for n in r.needs}
    got = ms.judge(filled, rb.load(), ms.Source.annex_a())
    assert not got["cla_review_first_20wd"].measurable and "latest review" in got["cla_review_first_20wd"].reason
    assert got["cla_visit"].measurable and "latest visit" in got["cla_visit"].part
    assert not got["re_referral_12m"].measurable and "12 months" in got["re_referral_12m"].reason
    assert got["cp_plan_2_years"].measurable and got["cp_plan_2_years"].part is None
    # Annex A's latest dental check: only the wait since it.
    assert got["cla_dental_check"].measurable and "latest health check" in got["cla_dental_check"].part


@pytest.mark.django_db
def test_after_an_annex_a_import_no_rule_annex_a_cannot_support_reports_an_item(tmp_path, capsys):
    assert import_annex_a(workbook(tmp_path / "a.xlsx", book.sheets()), AS_AT).ok
    assert main(["timeliness", "--as-at", "2024-03-31", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rules = {r["rule"]: r for r in report["rules"]}
    for rule_id in NOT_FROM_ANNEX_A:
        r = rules[rule_id]
        assert r["measurable"] is False and r["reason"], rule_id
        assert r["items"] == 0 and r["percent_on_time"] is None and r["percent_completed_on_time"] is None
    assert not {i["rule"] for i in report["items"]} & NOT_FROM_ANNEX_A
    assert all(r["reason"] is None for r in rules.values() if r["measurable"])
    # The hand-made workbook's one assessment is not yet authorised: nothing to measure it by.
    assert "cina_assessment_auth_date" in rules["assessment_45wd"]["reason"]
    # Looked-after visits: only the wait since each child's latest visit.
    assert rules["cla_visit"]["measurable"] is True and "latest visit" in rules["cla_visit"]["part"]
    visits = [i for i in report["items"] if i["rule"] == "cla_visit"]
    assert len(visits) == len({i["record_id"] for i in visits})
    measures = {x["measure"]: x for x in report["measures"]}
    assert measures["re_referral_12m"]["measurable"] is False and measures["re_referral_12m"]["percent"] is None
    # The hand-made workbook gives no dental check dates: no dental check rows, so not measurable, and why.
    assert rules["cla_dental_check"]["measurable"] is False and "'dental'" in rules["cla_dental_check"]["reason"]
    assert rules["pa_visit_accommodation_7d"]["reason"].endswith("Oversight extension column).")


@pytest.mark.django_db
def test_the_pages_say_not_measurable_with_the_reason(tmp_path, client_for):
    from oversight.accounts import roles

    assert import_annex_a(workbook(tmp_path / "a.xlsx", book.sheets()), AS_AT).ok
    client = client_for(roles.PERFORMANCE_OFFICER)
    html = client.get("/timeliness/?as_at=2024-03-31").content.decode()
    row = html.split('data-rule="contact_decision_1wd"', 1)[1].split("</tr>", 1)[0]
    assert "Not measurable from this data." in row and "cont_contact_decision_date" in row
    page = client.get("/timeliness/rules/cla_review_first_20wd/?as_at=2024-03-31").content.decode()
    assert "Not measurable from this data." in page and "latest review" in page


@pytest.mark.django_db
def test_an_ssd_extract_without_oversight_extension_tables_leaves_their_rules_not_measurable(tmp_path):
    folder = small_extract(tmp_path / "x")
    write_csv(
        folder,
        "ssd_contacts",
        ["cont_contact_id", "cont_person_id", "cont_contact_date"],
        [["K1", "A", "2024-03-01"]],
    )
    assert import_ssd(list(folder.iterdir()), AS_AT).ok
    rules = {r["rule"]: r for r in queries.report(AS_AT)["rules"]}
    assert rules["core_group_first_10wd"]["measurable"] is False
    assert rules["strategy_discussion"]["measurable"] is False
    assert rules["contact_decision_1wd"]["measurable"] is False and rules["contact_decision_1wd"]["items"] == 0
    assert m.Contact.objects.count() == 1
