"""An SSD extract built column for column to the published SSD specification (headers exactly as published,
no Oversight extension tables) loads, deriving what the specification keeps elsewhere."""

import datetime as dt

import pytest

from oversight.imports.services import import_ssd
from oversight.people import models as m
from oversight.timeliness import queries
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)

# Headers in the specification's order and spelling (data_objects_specification, SSD v1.4.5).
PERSON = (
    "pers_person_id pers_forename pers_surname pers_sex pers_gender pers_ethnicity pers_dob pers_common_child_id "
    "pers_legacy_id pers_upn_unknown pers_send_flag pers_expected_dob pers_death_date pers_is_mother pers_nationality"
).split()
PROFESSIONALS = (
    "prof_professional_id prof_staff_id prof_professional_name prof_social_worker_registration_no "
    "prof_professional_job_title prof_professional_caseload prof_professional_department "
    "prof_full_time_equivalency prof_agency_worker_flag"
).split()
CLA_EPISODES = (
    "clae_cla_episode_id clae_person_id clae_cla_episode_start_date clae_cla_episode_start_reason "
    "clae_cla_primary_need_code clae_cla_episode_ceased_date clae_cla_episode_ceased_reason clae_cla_id "
    "clae_referral_id clae_cla_placement_id clae_entered_care_date clae_cla_last_iro_contact_date"
).split()
CLA_REVIEWS = (
    "clar_cla_review_id clar_cla_id clar_cla_review_due_date clar_cla_review_date clar_cla_review_cancelled "
    "clar_cla_review_participation"
).split()
CARE_LEAVERS = (
    "clea_table_id clea_person_id clea_care_leaver_eligibility clea_care_leaver_in_touch "
    "clea_care_leaver_latest_contact clea_care_leaver_accommodation clea_care_leaver_accom_suitable "
    "clea_care_leaver_activity clea_pathway_plan_review_date clea_care_leaver_personal_advisor "
    "clea_care_leaver_allocated_team clea_care_leaver_worker_id"
).split()
CIN_EPISODES = (
    "cine_referral_id cine_person_id cine_referral_date cine_cin_primary_need_code cine_referral_source_code "
    "cine_referral_source_desc cine_referral_outcome_json cine_referral_nfa cine_close_reason cine_close_date "
    "cine_referral_team cine_referral_worker_id"
).split()


def row(header, **values):
    return [values.get(h, "NULL") for h in header]


def extract(folder, leaver_extra=()):
    folder.mkdir(parents=True, exist_ok=True)
    long_name = "A" * 200  # the specification allows 255 characters
    write_csv(
        folder,
        "ssd_person",
        PERSON,
        [
            row(PERSON, pers_person_id="C1", pers_forename=long_name, pers_sex="M", pers_dob="2012-01-01 00:00:00.000"),
            row(PERSON, pers_person_id="L1", pers_sex="F", pers_dob="2005-03-03 00:00:00.000"),
        ],
    )
    write_csv(
        folder, "ssd_professionals", PROFESSIONALS, [row(PROFESSIONALS, prof_professional_id="W1", prof_staff_id="S1")]
    )
    write_csv(
        folder,
        "ssd_cla_episodes",
        CLA_EPISODES,
        [
            row(
                CLA_EPISODES,
                clae_cla_episode_id="E1",
                clae_person_id="C1",
                clae_cla_episode_start_date="2023-05-01 00:00:00.000",
                clae_cla_primary_need_code="N1",
                clae_cla_id="P1",
            )
        ],
    )
    write_csv(
        folder,
        "ssd_cla_reviews",
        CLA_REVIEWS,
        [row(CLA_REVIEWS, clar_cla_review_id="R1", clar_cla_id="P1", clar_cla_review_date="2023-05-20 00:00:00.000")],
    )
    header = CARE_LEAVERS + list(leaver_extra)
    values = dict(
        clea_table_id="T1",
        clea_person_id="L1",
        clea_care_leaver_latest_contact="2024-03-01 00:00:00.000",
        clea_pathway_plan_review_date="2023-12-01 00:00:00.000",
        clea_care_leaver_worker_id="W1",
    )
    if leaver_extra:
        values["clea_care_leaver_start_date"] = "2023-03-03"
    write_csv(folder, "ssd_care_leavers", header, [row(header, **values)])
    write_csv(
        folder,
        "ssd_cin_episodes",
        CIN_EPISODES,
        [row(CIN_EPISODES, cine_referral_id="F1", cine_person_id="C1", cine_referral_date="2023-04-01")],
    )
    return folder


def test_an_extract_with_headers_exactly_as_published_loads(tmp_path):
    report = import_ssd(list(extract(tmp_path / "x").iterdir()), AS_AT)
    assert report.ok, report.to_dict()["errors"]
    assert m.Person.objects.get(person_id="C1").forename == "A" * 200
    # The review's child comes from its period of care (clar_cla_id -> ssd_cla_episodes.clae_cla_id).
    assert m.CLAReview.objects.get(cla_review_id="R1").person_id == "C1"
    assert m.Person.objects.get(person_id="L1").death_date is None  # NULL is blank


def test_the_care_leavers_latest_contact_and_review_complete_their_clocks(tmp_path):
    folder = extract(tmp_path / "x", leaver_extra=["clea_care_leaver_start_date"])
    report = import_ssd(list(folder.iterdir()), AS_AT)
    assert report.ok, report.to_dict()["errors"]
    assert list(m.CareLeaverContact.objects.values_list("person_id", "contact_date")) == [("L1", dt.date(2024, 3, 1))]
    assert m.PathwayPlanReview.objects.get().pathway_plan_review_date == dt.date(2023, 12, 1)
    rules = {r["rule"]: r for r in queries.report(AS_AT)["rules"]}
    contact = rules["care_leaver_contact"]
    # Only the wait since the latest contact: due 2024-05-01, not yet due; no overdue of hundreds of days.
    assert contact["measurable"] and "latest contact" in contact["part"]
    assert (contact["items"], contact["overdue"], contact["open"] + contact["due_soon"]) == (1, 0, 1)
    review = rules["pathway_plan_review_6m"]
    assert (review["items"], review["overdue"]) == (1, 0)
