"""`import ssd` on hand-made extracts: figures, records, and every kind of broken file refused whole."""

import datetime as dt
import hashlib

import pytest

from oversight.imports.models import ImportRecord
from oversight.imports.services import import_ssd
from oversight.people import models as m
from oversight.people.queries import headline_counts
from tests.imports.helpers import SMALL_COUNTS, find, same, small_extract, snapshot, write_csv

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


def load(folder, as_at=AS_AT, **options):
    return import_ssd(sorted(folder.iterdir()), as_at, **options)


@pytest.fixture
def extract(tmp_path):
    return small_extract(tmp_path / "extract")


@pytest.fixture
def loaded(extract):
    report = load(extract)
    assert report.ok, report.to_dict()["errors"]
    return report


def test_a_good_extract_gives_the_figures_worked_out_by_hand(loaded):
    assert headline_counts(AS_AT) == SMALL_COUNTS
    assert (
        loaded.counts["ssd_person"] == 5
        and loaded.counts["ssd_involvements"] == 3
        and loaded.counts["ssd_cin_plans"] == 0
    )


def test_dates_in_each_accepted_form_are_read(loaded):
    assert m.CINEpisode.objects.get(referral_id="R1").referral_date == dt.date(2024, 1, 10)  # 10/01/2024
    assert m.CINEpisode.objects.get(referral_id="R3").close_date == dt.date(2024, 1, 15)  # a date-time
    assert m.Professional.objects.get(professional_id="W2").full_time_equivalency == 0.5
    assert m.CINEpisode.objects.get(referral_id="R1").referral_outcome_json == '{"NFA_FLAG":"N","COMMENTS":"a, b"}'


def test_the_import_is_recorded_with_who_files_and_counts(loaded, extract):
    record = ImportRecord.objects.get()
    assert record.kind == "ssd" and record.as_at == AS_AT and record.by.startswith("command line")
    person = next(f for f in record.files if f["name"] == "ssd_person.csv")
    assert person["sha256"] == hashlib.sha256((extract / "ssd_person.csv").read_bytes()).hexdigest()
    assert len(record.files) == 8
    assert record.counts["ssd_cin_episodes"] == 3 and record.total_rows == 17  # 1 + 2 + 5 + 3 + 1 + 1 + 1 + 3


def test_a_second_import_replaces_the_first_without_duplicates(loaded, extract):
    again = load(extract)
    assert again.ok
    assert m.Person.objects.count() == 5 and m.Involvement.objects.count() == 3
    assert headline_counts(AS_AT) == SMALL_COUNTS
    assert ImportRecord.objects.count() == 2


def test_a_later_extract_replaces_what_was_there(loaded, tmp_path):
    later = tmp_path / "later"
    later.mkdir()
    write_csv(later, "ssd_person", ["pers_person_id", "pers_dob"], [["Z", "2019-01-01"]])
    write_csv(
        later,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"],
        [["P9", "Z", "2024-02-01"]],
    )
    assert load(later, allow_shrink=True).ok  # confirmed: it empties most tables (tests/imports/test_shrink_guard.py)
    assert list(m.Person.objects.values_list("person_id", flat=True)) == ["Z"]
    assert m.CINEpisode.objects.count() == 0  # a table missing from the extract is empty
    counts = headline_counts(AS_AT)
    assert (counts["child_protection_plans"], counts["open_referrals"], counts["unallocated_children"]) == (1, 0, 1)


def test_unknown_columns_and_files_are_warnings_and_ignored(extract):
    write_csv(
        extract,
        "ssd_contacts",
        ["cont_contact_id", "cont_person_id", "cont_contact_date", "cont_colour"],
        [["K1", "A", "2024-01-05", "blue"]],
    )
    (extract / "notes.txt").write_text("hello")
    write_csv(extract, "x", ["a"], [["1"]], name="ssd_unknown_table.csv")
    report = load(extract)
    assert report.ok
    warnings = report.to_dict()["warnings"]
    assert find(warnings, file="ssd_contacts.csv", sheet="ssd_contacts", row=1, column="cont_colour")
    assert find(warnings, file="notes.txt") and find(warnings, file="ssd_unknown_table.csv")
    assert m.Contact.objects.get().contact_date == dt.date(2024, 1, 5)


def test_assessment_factors_load_and_an_unknown_assessment_is_a_warning(extract):
    write_csv(
        extract,
        "ssd_cin_assessments",
        ["cina_assessment_id", "cina_person_id", "cina_assessment_start_date"],
        [["AS1", "A", "2024-01-02"]],
    )
    write_csv(
        extract,
        "ssd_assessment_factors",
        ["cinf_table_id", "cinf_assessment_id", "cinf_assessment_factors_json"],
        [["F1", "AS1", '["3B", "4B"]'], ["F2", "AS9", "3A"]],
    )
    report = load(extract)
    assert report.ok
    assert find(
        report.to_dict()["warnings"], file="ssd_assessment_factors.csv", row=3, column="cinf_assessment_id", value="AS9"
    )
    assert m.AssessmentFactors.objects.get(table_id="F1").assessment_factors_json == '["3B", "4B"]'


def test_codes_the_reference_lets_vary_are_warnings(extract):
    write_csv(
        extract,
        "ssd_person",
        ["pers_person_id", "pers_sex", "pers_ethnicity"],
        [["A", "f", "WBRI"], ["B", "M", "XYZ"], ["C", "M", ""], ["D", "F", ""], ["E", "F", ""]],
    )
    report = load(extract)
    assert report.ok
    assert find(report.to_dict()["warnings"], file="ssd_person.csv", row=3, column="pers_ethnicity", value="XYZ")
    assert m.Person.objects.get(person_id="A").sex == "F"  # stored in the code list's spelling


BROKEN = [
    # (table, header, rows, expected (row, column, words in the message))
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["R1", "A", "2024-01-10"], ["R1", "B", "2024-01-11"]],
        (3, "cine_referral_id", "already used on row 2"),
    ),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["R1", "A", "2024-04-01"]],
        (2, "cine_referral_date", "after the extract date"),
    ),
    (
        "ssd_cp_reviews",
        ["cppr_cp_review_id", "cppr_person_id", "cppr_cp_review_due", "cppr_cp_review_date"],
        [["V1", "B", "2024-05-01", "2024-06-01"]],
        (2, "cppr_cp_review_date", "after the extract date"),
    ),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["R1", "A", "2014-08-24"]],
        (2, "cine_referral_date", "40 weeks before"),
    ),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_close_date"],
        [["R1", "A", "2024-01-10", "2024-01-09"]],
        (2, "cine_close_date", "ends before it starts"),
    ),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["R1", "NOBODY", "2024-01-10"]],
        (2, "cine_person_id", "no child with this id"),
    ),
    (
        "ssd_involvements",
        ["invo_involvements_id", "invo_professional_id", "invo_person_id", "invo_involvement_start_date"],
        [["I1", "W9", "A", "2024-01-10"]],
        (2, "invo_professional_id", "no worker with this id"),
    ),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_cin_primary_need_code"],
        [["R1", "A", "2024-01-10", "N10"]],
        (2, "cine_cin_primary_need_code", "n0, n1"),
    ),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_close_reason"],
        [["R1", "A", "2024-01-10", "RC0"]],
        (2, "cine_close_reason", "rc1"),
    ),
    (
        "ssd_legal_status",
        ["lega_legal_status_id", "lega_person_id", "lega_legal_status"],
        [["G1", "C", "C1"], ["G2", "C", "ZZ"]],
        (3, "lega_legal_status", "legal_status"),
    ),
    (
        "ssd_cla_placement",
        ["clap_cla_placement_id", "clap_person_id", "clap_cla_placement_type"],
        [["Q1", "C", "U9"]],
        (2, "clap_cla_placement_type", "placement_type"),
    ),
    ("ssd_person", ["pers_person_id", "pers_sex"], [["A", "X"]], (2, "pers_sex", "m, f, u")),
    (
        "ssd_cin_visits",
        ["cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date", "cinv_cin_visit_seen"],
        [["V1", "A", "2024-02-01", "Maybe"]],
        (2, "cinv_cin_visit_seen", "y, n"),
    ),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["R1", "A", "2024-02-30"]],
        (2, "cine_referral_date", "not a real date"),
    ),
    (
        "ssd_permanence",
        ["perm_table_id", "perm_person_id", "perm_number_of_adopters"],
        [["M1", "C", "two"]],
        (2, "perm_number_of_adopters", "whole number"),
    ),
    ("ssd_person", ["pers_person_id", "pers_upn"], [["A", "X" * 14]], (2, "pers_upn", "at most 13")),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_referral_source_desc"],
        [["R1", "A", "2024-01-10", '=HYPERLINK("x")']],
        (2, "cine_referral_source_desc", "formula"),
    ),
    (
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        [["", "A", "2024-01-10"]],
        (2, "cine_referral_id", "blank"),
    ),
    ("ssd_professionals", ["prof_professional_id", "prof_grade"], [["W1", "wizard"]], (2, "prof_grade", "grade")),
    # A negative FTE would take hours off the per-FTE caseload and the workforce; no count or distance is below 0.
    (
        "ssd_professionals",
        ["prof_professional_id", "prof_full_time_equivalency"],
        [["W1", "1"], ["W2", "-0.5"]],
        (3, "prof_full_time_equivalency", "0 or more"),
    ),
    (
        "ssd_permanence",
        ["perm_table_id", "perm_person_id", "perm_number_of_adopters"],
        [["M1", "C", "-1"]],
        (2, "perm_number_of_adopters", "0 or more"),
    ),
]


@pytest.mark.parametrize(
    "table,header,rows,expected", BROKEN, ids=[f"{b[0]}-{b[3][1]}-{i}" for i, b in enumerate(BROKEN)]
)
def test_a_broken_table_is_refused_naming_file_row_and_column(loaded, extract, table, header, rows, expected):
    before = snapshot()
    write_csv(extract, table, header, rows)
    report = load(extract)
    assert not report.ok
    row, column, words = expected
    hits = find(report.to_dict()["errors"], file=f"{table}.csv", sheet=table, row=row, column=column)
    assert hits, report.to_dict()["errors"]
    assert any(words in h["message"].lower() for h in hits), hits
    assert same(before, snapshot())


def test_date_check_errors_quote_the_date_as_the_file_writes_it(loaded, extract):
    write_csv(
        extract,
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_close_date"],
        [
            ["R1", "A", "01/04/2024", ""],
            ["R2", "A", "2024-01-10 09:30", "09/01/2024"],
            ["R3", "A", "2014-08-24", ""],
            ["R4", "A", "2024-01-10", "2024-01-11"],
        ],
    )
    errors = load(extract).to_dict()["errors"]
    assert [(e["row"], e["column"], e["value"]) for e in errors] == [
        (2, "cine_referral_date", "01/04/2024"),  # after the extract date
        (3, "cine_close_date", "09/01/2024"),  # ends before it starts
        (4, "cine_referral_date", "2014-08-24"),  # 40 weeks before birth
    ]


def test_due_dates_may_lie_after_the_extract(loaded, extract):
    write_csv(
        extract,
        "ssd_cp_reviews",
        ["cppr_cp_review_id", "cppr_person_id", "cppr_cp_review_due", "cppr_cp_review_date"],
        [["V1", "B", "2024-05-01", ""]],
    )
    assert load(extract).ok


def test_an_event_just_within_40_weeks_before_birth_is_accepted(loaded, extract):
    # A was born 2015-06-01; 280 days before is 2014-08-25.
    write_csv(
        extract, "ssd_contacts", ["cont_contact_id", "cont_person_id", "cont_contact_date"], [["K1", "A", "2014-08-25"]]
    )
    assert load(extract).ok


def test_every_error_is_reported_not_just_the_first(extract):
    write_csv(
        extract,
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_close_date"],
        [["R1", "A", "bad", ""], ["R2", "A", "2024-01-01", "2023-01-01"], ["R3", "Q", "2024-01-01", ""]],
    )
    errors = load(extract).to_dict()["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {
        (2, "cine_referral_date"),
        (3, "cine_close_date"),
        (4, "cine_person_id"),
    }


def test_errors_are_capped_in_the_report_but_counted(extract):
    write_csv(
        extract,
        "ssd_contacts",
        ["cont_contact_id", "cont_person_id", "cont_contact_date"],
        [[f"K{i}", "A", "not a date"] for i in range(250)],
    )
    data = load(extract).to_dict()
    assert data["error_total"] == 250 and len(data["errors"]) == 200


FILE_PROBLEMS = [
    ("not utf-8", "pers_person_id,pers_surname\nA,M\xe9nard\n".encode("latin-1"), 2, "not utf-8"),
    ("nul bytes", b"pers_person_id\nA\x00\x01\x02\n", 2, "binary"),
    ("a workbook renamed", b"PK\x03\x04\x14\x00\x00\x00junk", None, "zip file"),
    ("an old office file", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None, "old-style office"),
    ("utf-16", "pers_person_id\nA\n".encode("utf-16"), None, "utf-16"),
    ("a short row", b"pers_person_id,pers_sex,pers_dob\nA,F,2015-06-01\nB,M\n", 3, "2 values"),
    ("a long row", b"pers_person_id,pers_sex\nA,F\nB,M,extra\n", 3, "3 values"),
    ("an open quote", b'pers_person_id,pers_surname\nA,"Smith\nB,Jones\n', 2, "never closed"),
    ("no key column", b"pers_sex;pers_dob\nF;2015-06-01\n", 1, "no pers_person_id"),
    ("empty", b"", None, "empty"),
    ("a repeated column", b"pers_person_id,pers_sex,pers_sex\nA,F,F\n", 1, "appears twice"),
]


@pytest.mark.parametrize("label,content,row,words", FILE_PROBLEMS, ids=[p[0] for p in FILE_PROBLEMS])
def test_a_file_that_is_not_a_utf8_csv_is_refused_clearly(loaded, extract, label, content, row, words):
    before = snapshot()
    (extract / "ssd_person.csv").write_bytes(content)
    errors = load(extract).to_dict()["errors"]
    hits = find(errors, file="ssd_person.csv", sheet="ssd_person")
    assert hits, errors
    assert hits[0]["row"] == row and words in hits[0]["message"].lower(), hits[0]
    if label in ("not utf-8", "nul bytes"):
        assert hits[0]["column"] == ("pers_surname" if label == "not utf-8" else "pers_person_id")
    assert same(before, snapshot())


def test_quoted_values_spanning_lines_keep_row_numbers_as_a_spreadsheet_shows_them(extract):
    (extract / "ssd_contacts.csv").write_bytes(
        b"cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_desc\n"
        b'K1,A,2024-01-05,"two\nlines"\n\nK2,A,2024-13-01,x\n'
    )
    errors = load(extract).to_dict()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(4, "cont_contact_date")]


def test_a_folder_without_ssd_files_is_refused(tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here")
    report = import_ssd([tmp_path / "readme.txt"], AS_AT)
    assert not report.ok and "no ssd table files" in report.to_dict()["errors"][0]["message"].lower()


def test_two_files_for_one_table_are_refused(extract):
    write_csv(extract, "ssd_person", ["pers_person_id"], [["A"]], name="SSD_PERSON.CSV")
    errors = load(extract).to_dict()["errors"]
    assert find(errors, sheet="ssd_person") and "two files" in errors[0]["message"].lower()


def test_a_header_far_too_wide_is_refused_and_many_unknown_columns_are_summed_up(extract):
    (extract / "ssd_contacts.csv").write_text(
        ",".join(f"c{i}" for i in range(600)) + "\n" + ",".join("x" for _ in range(600)) + "\n"
    )
    errors = load(extract).to_dict()["errors"]
    assert find(errors, file="ssd_contacts.csv", row=1) and "600 columns" in errors[0]["message"]
    write_csv(
        extract,
        "ssd_contacts",
        ["cont_contact_id", "cont_person_id"] + [f"extra{i}" for i in range(80)],
        [["K1", "A"] + ["x"] * 80],
    )
    report = load(extract)
    assert report.ok and len(report.warnings) == 51 and "30 more columns" in report.to_dict()["warnings"][-1]["message"]


@pytest.mark.parametrize("table", ["ssd_person", "ssd_professionals", "ssd_department"])
def test_an_unreadable_file_is_the_one_error_not_every_reference_to_it(extract, table):
    # small_extract's other tables point at its children A-E, workers W1-W2 and team T1; a file that
    # cannot be read is refused on its own, not again as "no child/worker with this id" on every row
    # that points into it (a council's extract would otherwise bury the one real error under thousands).
    path = extract / f"{table}.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", "\né\n".encode("latin-1"), 1))
    data = load(extract).to_dict()
    assert [(e["file"], e["row"]) for e in data["errors"]] == [(f"{table}.csv", 2)], data["errors"]
    assert data["error_total"] == 1 and data["warnings"] == []


def test_the_regulation_extension_columns_and_tables_load_and_an_unknown_regime_is_refused(extract):
    write_csv(
        extract,
        "ssd_cla_placement",
        [
            "clap_cla_placement_id",
            "clap_person_id",
            "clap_cla_placement_start_date",
            "clap_cla_placement_until_18",
            "clap_cla_visit_regime",
        ],
        [["PL1", "C", "2022-05-01", "Y", "reg28_4"], ["PL2", "C", "2023-05-01", "", "REG28_5"]],
    )
    write_csv(
        extract,
        "ssd_missing",
        ["miss_table_id", "miss_person_id", "miss_missing_episode_end_date", "miss_missing_rhi_date"],
        [["M1", "C", "2024-01-02", "04/01/2024"]],
    )
    write_csv(
        extract,
        "ssd_cin_plans",
        ["cinp_cin_plan_id", "cinp_person_id", "cinp_cin_plan_start_date"],
        [["CP1", "A", "2024-01-10"]],
    )
    write_csv(
        extract,
        "ssd_cin_plan_reviews",
        ["cinr_cin_plan_review_id", "cinr_person_id", "cinr_cin_plan_id", "cinr_cin_plan_review_date"],
        [["CR1", "A", "CP1", "2024-03-01"]],
    )
    write_csv(
        extract,
        "ssd_sdq_scores",
        ["csdq_table_id", "csdq_person_id", "csdq_sdq_completed_date", "csdq_sdq_score"],
        [["S1", "C", "2023-05-01", "14"]],
    )
    report = load(extract)
    assert report.ok, report.to_dict()["errors"]
    assert list(
        m.CLAPlacement.objects.order_by("cla_placement_id").values_list("cla_placement_until_18", "cla_visit_regime")
    ) == [
        ("Y", "reg28_4"),
        ("", "reg28_5"),  # stored in the code list's spelling
    ]
    assert m.MissingEpisode.objects.get().missing_rhi_date == dt.date(2024, 1, 4)
    assert m.CINPlanReview.objects.get().cin_plan_review_date == dt.date(2024, 3, 1)
    assert m.SDQScore.objects.get().sdq_score == "14"
    write_csv(
        extract,
        "ssd_cla_placement",
        ["clap_cla_placement_id", "clap_person_id", "clap_cla_placement_start_date", "clap_cla_visit_regime"],
        [["PL1", "C", "2022-05-01", "weekly"]],
    )
    refused = load(extract)
    assert not refused.ok
    assert find(
        refused.to_dict()["errors"], file="ssd_cla_placement.csv", row=2, column="clap_cla_visit_regime", value="weekly"
    )
