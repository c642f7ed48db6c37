"""`import annex-a` on hand-made workbooks: figures, mapping, stable ids, and broken workbooks refused whole."""

import datetime as dt

import pytest

from oversight.imports.models import ImportRecord
from oversight.imports.services import import_annex_a
from oversight.people import models as m
from oversight.people.queries import headline_counts
from tests.imports import annex_a_book as book
from tests.imports.helpers import find, same, snapshot, store_formula_values, workbook

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


def load(path, as_at=AS_AT):
    return import_annex_a(path, as_at)


@pytest.fixture
def good(tmp_path):
    return workbook(tmp_path / "annex-a.xlsx", book.sheets())


@pytest.fixture
def loaded(good):
    report = load(good)
    assert report.ok, report.to_dict()["errors"]
    return report


def test_a_good_workbook_gives_the_figures_worked_out_by_hand(loaded):
    assert headline_counts(AS_AT) == book.COUNTS


def test_every_list_is_recognised_by_its_headers_whatever_the_sheet_is_called(loaded):
    assert loaded.lists == {
        "List 1": 2,
        "List 3": 3,
        "List 4": 1,
        "List 6": 2,
        "List 7": 1,
        "List 8": 2,
        "List 9": 1,
        "List 10": 1,
        "List 11": 1,
    }
    warnings = loaded.to_dict()["warnings"]
    assert find(warnings, sheet="Cover")  # not a list: reported, ignored
    assert any("List 2" in w["message"] and "not in the workbook" in w["message"] for w in warnings)


def test_drop_down_values_become_codes(loaded):
    assert m.Contact.objects.get(person_id="A").contact_source_code == "6"  # "q) 6: Police"
    assert m.Person.objects.get(person_id="A").sex == "F" and m.Person.objects.get(person_id="A").ethnicity == "WBRI"
    assert m.CINEpisode.objects.get(person_id="B").cin_primary_need_code == "N4"
    assert m.CINEpisode.objects.get(person_id="G").close_reason == "RC7"
    plan = m.CPPlan.objects.get(person_id="B")
    assert (plan.cp_plan_initial_category, plan.cp_plan_latest_category) == ("Neglect", "Emotional abuse")
    assert m.LegalStatus.objects.get(person_id="C").legal_status == "C2"
    placement = m.CLAPlacement.objects.get(person_id="C")
    assert (placement.cla_placement_type, placement.cla_placement_provider, placement.cla_placement_postcode) == (
        "U6",
        "PR1",
        "AB1 2CD",
    )
    assert m.CLAEpisode.objects.get(person_id="H").cla_episode_ceased_reason == "E4A"
    leaver = m.CareLeaver.objects.get(person_id="E")
    assert (
        leaver.care_leaver_eligibility,
        leaver.care_leaver_in_touch,
        leaver.care_leaver_accommodation,
        leaver.care_leaver_accom_suitable,
        leaver.care_leaver_activity,
    ) == ("Former Relevant", "YES", "D", "1", "F2")
    assert sorted(m.Disability.objects.filter(person_id="C").values_list("disability_code", flat=True)) == ["AUT"]


def test_dates_from_cells_serial_numbers_and_text(loaded):
    assert m.CINEpisode.objects.get(person_id="A").referral_date == dt.date(2024, 1, 10)  # serial 45301
    assert m.CINEpisode.objects.get(person_id="F").referral_date == dt.date(2024, 2, 1)  # "01/02/2024"
    assert m.CPReview.objects.get(person_id="B").cp_review_date == dt.date(2024, 1, 10)  # "10/01/2024"


def test_list_3_and_list_6_describe_one_episode_and_nfa_referrals_close(loaded):
    b = m.CINEpisode.objects.get(person_id="B")
    assert (b.referral_date, b.referral_source_code, b.cin_primary_need_code, b.close_date) == (
        dt.date(2023, 6, 1),
        "6",
        "N4",
        None,
    )
    f = m.CINEpisode.objects.get(person_id="F")
    assert (f.referral_nfa, f.close_date) == ("Y", dt.date(2024, 2, 1))
    assert m.CINEpisode.objects.count() == 4  # A, B, F, G
    assert m.Assessment.objects.get(person_id="A").referral_id == m.CINEpisode.objects.get(person_id="A").referral_id


def test_workers_and_teams_come_from_names_consistently(loaded):
    names = sorted(m.Professional.objects.values_list("professional_name", flat=True))
    assert names == ["Jo Bloggs", "Pat Adviser", "Sam Smith"]
    assert sorted(m.Department.objects.values_list("team_name", flat=True)) == [
        "Leaving Care",
        "North Team",
        "South Team",
    ]
    jo = m.Professional.objects.get(professional_name="Jo Bloggs")
    inv = {
        (i.person_id, i.professional_id, i.professional_role_id, i.involvement_start_date, i.involvement_end_date)
        for i in m.Involvement.objects.all()
    }
    sam = m.Professional.objects.get(professional_name="Sam Smith").professional_id
    pat = m.Professional.objects.get(professional_name="Pat Adviser")
    assert inv == {
        ("A", jo.professional_id, "CW", dt.date(2024, 1, 10), None),
        ("B", sam, "CW", dt.date(2023, 6, 1), None),
        ("E", pat.professional_id, "PA", AS_AT, None),
    }  # C's worker is "Unallocated"; H and G are closed
    assert pat.grade == "personal_adviser"
    assert "Jo" not in jo.professional_id  # ids carry no names


def test_a_later_import_keeps_the_same_ids_and_duplicates_nothing(loaded, tmp_path):
    jo = m.Professional.objects.get(professional_name="Jo Bloggs").professional_id
    ids = set(m.CINEpisode.objects.values_list("referral_id", flat=True))
    sheets = book.sheets()
    sheets["CP list"][1][book.LIST7.index("Allocated Worker")] = "JO BLOGGS "
    again = load(workbook(tmp_path / "again.xlsx", sheets))
    assert again.ok
    assert set(m.CINEpisode.objects.values_list("referral_id", flat=True)) == ids
    assert m.Involvement.objects.get(person_id="B", professional_id=jo).involvement_start_date == dt.date(2023, 7, 1)
    assert m.Person.objects.count() == 8 and ImportRecord.objects.filter(kind="annex_a").count() == 2
    assert headline_counts(AS_AT) == book.COUNTS


def test_the_older_list_9_layout_loads(tmp_path):
    report = load(workbook(tmp_path / "old.xlsx", book.sheets(list9=book.LIST9_OLD)))
    assert report.ok, report.to_dict()["errors"]
    assert m.CareLeaver.objects.get(person_id="E").care_leaver_personal_advisor == ""
    counts = headline_counts(AS_AT)
    assert counts["care_leavers"] == 1 and m.Involvement.objects.count() == 2  # no PA column: E is unallocated too
    assert counts["unallocated_children"] == 2


def test_adoption_and_adopters(loaded):
    perm = m.Permanence.objects.get(person_id="I")
    assert (perm.adm_decision_date, perm.placement_order_date, perm.family_id) == (
        dt.date(2023, 10, 1),
        dt.date(2023, 12, 1),
        "FAM1",
    )
    adopter = m.Adopter.objects.get()
    assert (adopter.adopter_id, adopter.family_id, adopter.sex, adopter.stage1_end_date) == (
        "AD1",
        "FAM1",
        "M",
        dt.date(2023, 11, 15),
    )


def test_role_codes_written_follow_configuration(tmp_path, good, monkeypatch):
    cfg = tmp_path / "council.toml"
    cfg.write_text('[involvements]\ncase_worker_roles = ["SW", "CW"]\npersonal_adviser_roles = ["16PLUS"]\n')
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(cfg))
    assert load(good).ok
    assert sorted(set(m.Involvement.objects.values_list("professional_role_id", flat=True))) == ["16PLUS", "SW"]
    assert headline_counts(AS_AT)["unallocated_children"] == 1


def _edit(tmp_path, sheet, row, header, value, header_list):
    sheets = book.sheets()
    sheets[sheet][row - 1][header_list.index(header)] = value  # List 3 has a title row above its headers
    return workbook(tmp_path / "broken.xlsx", sheets)


BROKEN = [
    # (sheet, Excel row, header, new value, headers of that sheet, words in the message)
    ("Sheet7", 2, "Contact Source", "z) 99: Aliens", book.LIST1, "contact or referral source"),
    ("Sheet7", 3, "Date of Contact", "31/02/2024", book.LIST1, "not a real date"),
    ("Sheet7", 2, "Date of Contact", dt.date(2024, 4, 2), book.LIST1, "after the extract date"),
    ("Sheet7", 2, "Date of Contact", dt.date(2014, 1, 1), book.LIST1, "40 weeks before"),
    ("Sheet7", 3, "Child Unique ID", None, book.LIST1, "blank"),
    ("Refs", 4, "Referral NFA?", "Perhaps", book.LIST3, "yes or no"),
    ("Refs", 3, "Date of Referral", "2024-13-01", book.LIST3, "not a real date"),
    ("CP list", 2, "Child Protection Plan End Date", dt.date(2023, 6, 30), book.LIST7, "ends before it starts"),
    ("CP list", 2, "Initial Category of Abuse", "f) Bad luck", book.LIST7, "category of abuse"),
    ("LAC", 2, "Child\u2019s Legal Status", "Z9: Unknown", book.LIST8, "legal status"),
    ("LAC", 3, "Placement Type", "U9", book.LIST8, "placement type"),
    ("LAC", 2, "Placement postcode ", "AB1 2CD EXTRA", book.LIST8, "at most 8"),
    ("CIN", 2, "Primary Need Code", "PSRMEM - Support with memory and cognition", book.LIST6, "primary need code"),
    ("Leavers", 2, "Eligibility Category", "z) Nobody", book.LIST9_NEW, "eligibility"),
    ("Adopters", 2, "Date Stage 1 ended", dt.date(2023, 9, 1), book.LIST11, "ends before it starts"),
]


@pytest.mark.parametrize("sheet,row,header,value,headers,words", BROKEN, ids=[f"{b[0]}-{b[2]}" for b in BROKEN])
def test_a_broken_value_is_refused_naming_sheet_row_and_column(
    loaded, tmp_path, sheet, row, header, value, headers, words
):
    before = snapshot()
    report = load(_edit(tmp_path, sheet, row, header, value, headers))
    assert not report.ok
    errors = report.to_dict()["errors"]
    hits = find(errors, file="broken.xlsx", sheet=sheet, row=row, column=header.strip())
    assert hits, errors
    assert any(words in h["message"].lower() for h in hits), hits
    assert same(before, snapshot())


def test_a_repeated_row_is_refused(loaded, tmp_path):
    sheets = book.sheets()
    sheets["Sheet7"].append(list(sheets["Sheet7"][1]))
    errors = load(workbook(tmp_path / "dup.xlsx", sheets)).to_dict()["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [("Sheet7", 4, "Child Unique ID")]
    assert "repeats row 2" in errors[0]["message"].lower()


def test_a_formula_is_read_by_the_value_excel_stored_never_evaluated(loaded, tmp_path):
    sheets = book.sheets()
    # The stored value disagrees with the formula: the stored one is what Excel shows, and what loads.
    sheets["Sheet7"][1][book.LIST1.index("Date of Contact")] = "=DATE(2030,1,1)"
    path = store_formula_values(workbook(tmp_path / "formula.xlsx", sheets), {"Sheet7": {"F2": "45296"}})
    report = load(path)
    assert report.ok, report.to_dict()["errors"]
    assert not any("formula" in w["message"].lower() for w in report.to_dict()["warnings"])
    assert m.Contact.objects.get(person_id="A").contact_date == dt.date(2024, 1, 5)


def test_a_formula_with_no_stored_value_is_blank_with_a_warning(loaded, tmp_path):
    sheets = book.sheets()
    sheets["Sheet7"][1][book.LIST1.index("Contact Source")] = '=IF(TRUE,"q) 6: Police","")'
    report = load(workbook(tmp_path / "formula.xlsx", sheets))
    assert report.ok, report.to_dict()["errors"]
    hit = find(report.to_dict()["warnings"], sheet="Sheet7", row=2, column="Contact Source")
    assert any("G2" in h["message"] and "no stored value" in h["message"] for h in hit), hit
    assert not m.Contact.objects.get(person_id="A").contact_source_code


def test_a_formula_with_no_stored_value_in_a_key_column_is_refused(loaded, tmp_path):
    before = snapshot()
    sheets = book.sheets()
    sheets["Sheet7"][1][book.LIST1.index("Date of Contact")] = "=DATE(2024,1,5)"
    errors = load(workbook(tmp_path / "formula.xlsx", sheets)).to_dict()["errors"]
    assert find(errors, sheet="Sheet7", row=2, column="Date of Contact")
    assert same(before, snapshot())


def test_a_spreadsheet_error_value_is_blank_with_a_warning(loaded, tmp_path):
    sheets = book.sheets()
    sheets["CIN"][1][book.LIST6.index("Allocated Worker")] = "#N/A"
    report = load(workbook(tmp_path / "na.xlsx", sheets))
    assert report.ok, report.to_dict()["errors"]
    hit = find(report.to_dict()["warnings"], sheet="CIN", row=2, column="Allocated Worker")
    assert any("#N/A" in h["message"] and "read as blank" in h["message"] for h in hit), hit


def test_a_spreadsheet_error_value_in_a_key_column_is_refused(loaded, tmp_path):
    before = snapshot()
    sheets = book.sheets()
    sheets["CIN"][1][book.LIST6.index("Child Unique ID")] = "#REF!"
    errors = load(workbook(tmp_path / "ref.xlsx", sheets)).to_dict()["errors"]
    hit = find(errors, sheet="CIN", row=2, column="Child Unique ID")
    assert any("#REF!" in h["message"] for h in hit), hit
    assert same(before, snapshot())


def test_a_list_without_its_child_id_column_is_refused(tmp_path):
    sheets = book.sheets()
    sheets["Assess"] = [[h for h in r[1:]] for r in sheets["Assess"]]
    errors = load(workbook(tmp_path / "noid.xlsx", sheets)).to_dict()["errors"]
    assert find(errors, sheet="Assess", row=1, column="Child Unique ID")


def test_two_sheets_holding_one_list_are_refused(tmp_path):
    sheets = book.sheets()
    sheets["Copy"] = sheets["Sheet7"]
    errors = load(workbook(tmp_path / "two.xlsx", sheets)).to_dict()["errors"]
    assert find(errors, sheet="Copy") and "List 1" in errors[0]["message"]


def test_a_workbook_with_no_list_is_refused(tmp_path):
    errors = load(workbook(tmp_path / "none.xlsx", {"Notes": [["Hello"], ["World"]]})).to_dict()["errors"]
    assert errors and "no annex a list" in errors[0]["message"].lower()


def test_an_unknown_extra_column_is_a_warning(tmp_path):
    sheets = book.sheets()
    sheets["Sheet7"][0].append("Favourite colour")
    sheets["Sheet7"][1].append("Blue")
    report = load(workbook(tmp_path / "extra.xlsx", sheets))
    assert report.ok and find(report.to_dict()["warnings"], sheet="Sheet7", row=1, column="Favourite colour")


def test_a_councils_own_spellings_come_from_configuration(tmp_path, monkeypatch):
    sheets = book.sheets()
    sheets["Sheet7"][1][book.LIST1.index("Ethnicity")] = "(A.A1) White - British"
    path = workbook(tmp_path / "local.xlsx", sheets)
    assert not load(path).ok
    cfg = tmp_path / "council.toml"
    cfg.write_text('[imports.annex_a_synonyms.ETH]\n"(A.A1) White - British" = "WBRI"\n')
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(cfg))
    assert load(path).ok
    assert m.Person.objects.get(person_id="A").ethnicity == "WBRI"


def test_a_child_whose_details_differ_between_lists_is_a_warning(tmp_path):
    sheets = book.sheets()
    sheets["CP list"][1][book.LIST7.index("Date of Birth")] = dt.date(2016, 2, 2)  # B is born 2016-02-01 in List 3
    report = load(workbook(tmp_path / "differ.xlsx", sheets))
    assert report.ok
    hit = find(report.to_dict()["warnings"], column="Child Unique ID", value="B")
    assert hit and "dates of birth" in hit[0]["message"] and hit[0]["file"] == "differ.xlsx"
    assert m.Person.objects.get(person_id="B").dob == dt.date(2016, 2, 1)


def test_a_cin_episode_without_a_start_date_still_counts_while_open(tmp_path):
    sheets = book.sheets()
    sheets["CIN"].append(
        book.rows(
            book.LIST6,
            book.pick(
                book.LIST6,
                {
                    **book.child("J", "a) Male", "WBRI", dt.date(2014, 4, 4), 9),
                    "Does the Child have a Disability": "b) No",
                    "Primary Need Code": "N1",
                    "Case Status": "c) Child in need plan",
                    "Allocated Team": "North Team",
                    "Allocated Worker": "Sam Smith",
                },
            ),
        )[1]
    )
    report = load(workbook(tmp_path / "nostart.xlsx", sheets))
    assert report.ok
    assert find(report.to_dict()["warnings"], row=4, column="CIN Start Date")
    counts = headline_counts(AS_AT)
    assert (counts["open_referrals"], counts["children_in_need"], counts["unallocated_children"]) == (
        3,
        4,
        1,
    )  # J added, allocated
    assert m.CINEpisode.objects.get(person_id="J").referral_date == AS_AT
