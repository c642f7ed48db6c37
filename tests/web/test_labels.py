"""Codes in words, and no data-model names on pages."""

import re

import pytest

from oversight.accounts import roles
from oversight.people import models as m
from oversight.timeliness.queries import rulebook
from oversight.web import labels
from tests import factories as f


@pytest.mark.parametrize(
    "kind,code,words",
    [
        ("need", "N1", "N1 Abuse or neglect"),
        ("need", "n4", "N4 Family in acute stress"),
        ("legal_status", "C2", "C2 Full care order"),
        ("placement_type", "U4", "U4 Foster placement, long term"),
        ("close_reason", "RC8", "RC8 Closed after assessment, no further action"),
        ("ethnicity", "WBRI", "White British"),
        ("referral_source", "6", "Police"),
        ("role", "IRO", "Independent reviewing officer"),
        ("grade", "nqsw", "Newly qualified social worker"),
        ("need", "N42", "N42"),  # unknown: shown as recorded, never dropped
        ("ethnicity", "", "Not recorded"),
        ("ethnicity", None, "Not recorded"),
    ],
)
def test_codes_in_words(kind, code, words):
    assert labels.label(kind, code) == words


@pytest.mark.django_db
def test_plain_words_drop_data_model_names():
    assert labels.plain("Plan start (ssd_cp_plans.cppl_cp_plan_start_date), then each visit") == (
        "Plan start, then each visit"
    )
    assert labels.plain("Initial conference (ssd_initial_cp_conference.icpc_icpc_date; the plan's start date)") == (
        "Initial conference (the plan's start date)"
    )
    assert labels.plain("the age interval uses ssd_person.pers_dob") == "the age interval uses date of birth"


@pytest.mark.django_db
def test_rule_pages_never_show_column_names(client_for):
    client = client_for(roles.SENIOR_MANAGER)
    for rule in rulebook().enabled():
        html = client.get(f"/timeliness/rules/{rule.id}/").content.decode()
        main = html.split('id="main-content"', 1)[1]
        assert not re.search(r"ssd_\w+|\b[a-z]{4}_[a-z_]+_(?:date|id|code|flag)\b", main), rule.id


@pytest.mark.django_db
def test_the_child_record_shows_codes_in_words(client_for):
    f.team("T1", "Assessment team 1")
    f.worker("W1", team_id="T1", name="Sam Carter")
    f.child("A", ethnicity="WBRI")
    f.referral("A", "2024-01-10", referral_source_code="6", cin_primary_need_code="N1")
    f.allocate("A", "W1", "2024-01-10", team_id="T1")
    f.case_row(m.LegalStatus, person_id="A", legal_status="C2", legal_status_start_date="2024-02-01")
    html = client_for(roles.SENIOR_MANAGER).get("/children/A/").content.decode()
    assert "White British" in html and "WBRI" not in html
    assert "source: Police; need: N1 Abuse or neglect" in html
    assert "status: C2 Full care order" in html
    assert "Allocated (Case worker)" in html and "Assessment team 1" in html
