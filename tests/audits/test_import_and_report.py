"""Importing past audits, and the moderation report on them, with figures worked out by hand."""

import datetime as dt

import openpyxl
import pytest

from oversight.audits.importer import import_audits
from oversight.audits.models import Audit, Tool

pytestmark = pytest.mark.django_db

HEADER = "audit_id,child_id,tool,auditor,completed_date,grade,moderator,moderated_date,moderated_grade"
# Auditor's grade -> moderator's grade:
#   X1 alice Good -> Good (agreed)          X2 alice Outstanding -> Good (down)   X3 alice Good -> RI (down)
#   X4 bob   RI -> Good (up)                X5 bob Inadequate -> Inadequate (agreed)
#   X6 bob   RI, not moderated              X7 carol Good, not moderated
ROWS = [
    "X1,A1,Practice audit,alice,2024-01-10,Good,mod1,2024-01-20,Good",
    "X2,A2,practice,alice,2024-01-12,Outstanding,mod1,2024-01-22,good",
    "X3,A3,PRACTICE AUDIT,alice,2024-02-05,good,mod1,2024-02-10,RI",
    "X4,A4,practice,bob,2024-02-07,RI,mod1,2024-02-12,Good",
    "X5,A5,practice,bob,2024-02-08,Inadequate,mod1,2024-02-15,inadequate",
    "X6,A6,Children in care audit,bob,01/03/2024,Requires improvement to be good,,,",
    "X7,B1,practice,carol,2024-03-02,Good,,,",
]
CSV = ("\n".join([HEADER, *ROWS]) + "\n").encode()


def _import(tmp_path, run_json, content: bytes, name: str = "audits.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return run_json("audits", "import", str(path))


def test_import_then_report_gives_the_hand_worked_figures(council, tmp_path, run_json):
    status, result, _ = _import(tmp_path, run_json, CSV)
    assert status == 0 and result["ok"] is True and result["errors"] == []
    assert result["counts"] == {"rows": 7, "created": 7, "updated": 0, "moderated": 5}
    status, report, _ = run_json("audits", "report")
    assert status == 0
    assert report == {
        "moderated": 5,
        "agreed": 2,
        "upgraded": 1,
        "downgraded": 2,
        "agreement_rate": pytest.approx(2 / 5),
        "net_downgrade_rate": pytest.approx((2 - 1) / 5),
        "by_auditor": [
            {
                "auditor": "alice",
                "moderated": 3,
                "agreement_rate": pytest.approx(1 / 3),
                "net_downgrade_rate": pytest.approx(2 / 3),
            },
            {
                "auditor": "bob",
                "moderated": 2,
                "agreement_rate": pytest.approx(1 / 2),
                "net_downgrade_rate": pytest.approx(-1 / 2),
            },
        ],
        "grades": {"Good": 4, "Requires improvement to be good": 2, "Inadequate": 1},
    }
    assert list(report["grades"]) == ["Good", "Requires improvement to be good", "Inadequate"]  # best first


def test_report_for_a_period_counts_audits_completed_in_it(council, tmp_path, run_json):
    _import(tmp_path, run_json, CSV)
    _, report, _ = run_json("audits", "report", "--from", "2024-02-01", "--to", "2024-02-29")
    # X3 (down), X4 (up), X5 (agreed)
    assert (report["moderated"], report["agreed"], report["upgraded"], report["downgraded"]) == (3, 1, 1, 1)
    assert report["agreement_rate"] == pytest.approx(1 / 3) and report["net_downgrade_rate"] == 0
    assert report["by_auditor"] == [
        {"auditor": "alice", "moderated": 1, "agreement_rate": 0, "net_downgrade_rate": 1},
        {"auditor": "bob", "moderated": 2, "agreement_rate": 0.5, "net_downgrade_rate": -0.5},
    ]
    assert report["grades"] == {"Good": 1, "Requires improvement to be good": 1, "Inadequate": 1}


def test_report_with_nothing_moderated_has_no_rates(db, run_json):
    _, report, _ = run_json("audits", "report")
    assert report == {
        "moderated": 0,
        "agreed": 0,
        "upgraded": 0,
        "downgraded": 0,
        "agreement_rate": None,
        "net_downgrade_rate": None,
        "by_auditor": [],
        "grades": {},
    }


def test_report_rejects_a_backwards_period(db, run_json):
    status, _, err = run_json("audits", "report", "--from", "2024-03-01", "--to", "2024-02-01")
    assert status == 2 and "--to" in err


def test_xlsx_with_date_cells_gives_the_same_figures(council, tmp_path, run_json):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Past audits"
    sheet.append(HEADER.split(","))
    for line in ROWS:
        cells = line.split(",")
        for i in (4, 7):
            text = cells[i]
            if "/" in text:
                day, month, year = text.split("/")
                cells[i] = dt.datetime(int(year), int(month), int(day))
            elif text:
                cells[i] = dt.datetime.fromisoformat(text)
        sheet.append([c if c != "" else None for c in cells])
    book.save(tmp_path / "audits.xlsx")
    status, result, _ = run_json("audits", "import", str(tmp_path / "audits.xlsx"))
    assert status == 0 and result["counts"]["created"] == 7
    _, report, _ = run_json("audits", "report")
    assert (report["moderated"], report["agreed"], report["upgraded"], report["downgraded"]) == (5, 2, 1, 2)


def test_date_times_count_as_their_day_in_cells_and_text(council, tmp_path, run_json):
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["T1", "A1", "practice", "alice", dt.datetime(2024, 3, 4, 14, 30), "Good", None, None, None])
    book.active.append(
        ["T2", "A1", "practice", "alice", "05/03/2024 09:15", "Good", "mod", "2024-03-06T10:00:00", "Good"]
    )
    book.save(tmp_path / "audits.xlsx")
    status, result, _ = run_json("audits", "import", str(tmp_path / "audits.xlsx"))
    assert status == 0, result["errors"]
    assert Audit.objects.get(import_ref="T1").completed_date == dt.date(2024, 3, 4)
    t2 = Audit.objects.get(import_ref="T2")
    assert (t2.completed_date, t2.moderated_date) == (dt.date(2024, 3, 5), dt.date(2024, 3, 6))


def test_an_auditor_written_in_other_case_or_spacing_is_one_auditor(council, tmp_path, run_json):
    content = (
        f"{HEADER}\nC1,A1,practice,Alice Ng,2024-01-10,Good,Mod,2024-01-12,Good\n"
        "C2,A1,practice,alice  ng,2024-01-11,Good,mod,2024-01-12,Inadequate\n"
    ).encode()
    status, result, _ = _import(tmp_path, run_json, content)
    assert status == 0
    assert [(w["row"], w["column"], w["value"]) for w in result["warnings"]] == [
        (3, "auditor", "alice  ng"),
        (3, "moderator", "mod"),
    ]
    _, report, _ = run_json("audits", "report")
    assert report["by_auditor"] == [
        {"auditor": "Alice Ng", "moderated": 2, "agreement_rate": 0.5, "net_downgrade_rate": 0.5}
    ]


def test_imported_audits_keep_both_grades_and_take_the_team_on_the_day(council, tmp_path, run_json):
    _import(tmp_path, run_json, CSV)
    x2 = Audit.objects.get(import_ref="X2")
    assert (x2.grade, x2.moderated_grade, x2.final_grade, x2.status) == ("Outstanding", "Good", "Good", Audit.FINAL)
    assert x2.team_id == "TA" and x2.worker_id == "WA1"
    x6 = Audit.objects.get(import_ref="X6")
    assert (x6.completed_date, x6.tool.key, x6.status) == (dt.date(2024, 3, 1), "children_in_care", Audit.SUBMITTED)


def test_reimporting_replaces_rather_than_doubles(council, tmp_path, run_json):
    _import(tmp_path, run_json, CSV)
    changed = CSV.replace(b"X7,B1,practice,carol,2024-03-02,Good,,,", b"X7,B1,practice,carol,2024-03-02,Inadequate,,,")
    status, result, _ = _import(tmp_path, run_json, changed)
    assert status == 0 and result["counts"] == {"rows": 7, "created": 0, "updated": 7, "moderated": 5}
    assert Audit.objects.count() == 7
    assert Audit.objects.get(import_ref="X7").grade == "Inadequate"


def test_an_unknown_tool_is_kept_as_an_imported_tool_with_a_warning(council, tmp_path, run_json):
    content = f"{HEADER}\nY1,A1,Old QA form 2019,alice,2023-05-01,Good,,,\n".encode()
    status, result, _ = _import(tmp_path, run_json, content)
    assert status == 0
    assert result["warnings"] == [
        {
            "file": "audits.csv",
            "sheet": None,
            "row": 2,
            "column": "tool",
            "value": "Old QA form 2019",
            "message": "not one of Oversight's audit tools; recorded as an imported tool",
        }
    ]
    assert Audit.objects.get(import_ref="Y1").tool.key == "imported_old_qa_form_2019"


def _errors(result):
    return [(e["row"], e["column"], e["value"]) for e in result["errors"]]


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Z1,A1,practice,alice,2024-01-10,Great,,,", (3, "grade", "Great")),
        ("Z1,A1,practice,alice,2024-02-30,Good,,,", (3, "completed_date", "2024-02-30")),
        ("Z1,A1,practice,alice,2099-01-01,Good,,,", (3, "completed_date", "2099-01-01")),
        (",A1,practice,alice,2024-01-10,Good,,,", (3, "audit_id", "")),
        ("Z1,A1,practice,,2024-01-10,Good,,,", (3, "auditor", "")),
        ("Z1,A1,practice,alice,2024-01-10,Good,mod1,,", (3, "moderator", "mod1")),
        ("Z1,A1,practice,alice,2024-01-10,Good,mod1,2024-01-05,Good", (3, "moderated_date", "2024-01-05")),
        ("Z1,A1,practice,alice,2024-01-10,Good,mod1,2024-01-12,Super", (3, "moderated_grade", "Super")),
        ("Z1,A1,practice,alice,=1+1,Good,,,", (3, "completed_date", "=1+1")),
    ],
)
def test_a_bad_row_is_named_precisely_and_nothing_is_imported(council, tmp_path, run_json, line, expected):
    good = "G1,A2,practice,bob,2024-01-10,Good,,,"
    status, result, err = _import(tmp_path, run_json, f"{HEADER}\n{good}\n{line}\n".encode())
    assert status == 2 and result["ok"] is False
    assert _errors(result) == [expected]
    assert all(e["file"] == "audits.csv" and e["sheet"] is None and e["message"] for e in result["errors"])
    assert "nothing was imported" in err
    assert Audit.objects.count() == 0


def test_duplicate_ids_in_the_file_name_both_rows(council, tmp_path, run_json):
    content = f"{HEADER}\nD1,A1,practice,alice,2024-01-10,Good,,,\nD1,A2,practice,alice,2024-01-11,Good,,,\n".encode()
    _, result, _ = _import(tmp_path, run_json, content)
    assert _errors(result) == [(3, "audit_id", "D1")]
    assert "row 2" in result["errors"][0]["message"]


def test_a_missing_column_is_reported_on_the_header_row(db, tmp_path, run_json):
    content = b"audit_id,child_id,tool,auditor,completed_date,moderator,moderated_date,moderated_grade\n"
    _, result, _ = _import(tmp_path, run_json, content)
    assert _errors(result) == [(1, "grade", "")]


def test_formulas_in_xlsx_are_refused_not_evaluated(council, tmp_path, run_json):
    book = openpyxl.Workbook()
    book.active.title = "Audits"
    book.active.append(HEADER.split(","))
    book.active.append(["F1", "A1", "practice", "alice", "=TODAY()", "Good", None, None, None])
    book.save(tmp_path / "f.xlsx")
    status, result, _ = run_json("audits", "import", str(tmp_path / "f.xlsx"))
    assert status == 2
    assert result["errors"] == [
        {
            "file": "f.xlsx",
            "sheet": "Audits",
            "row": 2,
            "column": "completed_date",
            "value": "=TODAY()",
            "message": "formulas are not accepted; enter the value itself",
        }
    ]


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("latin.csv", (HEADER + "\nL1,A1,practice,Ren\xe9e,2024-01-10,Good,,,\n").encode("latin-1"), "not UTF-8"),
        ("junk.csv", b"\x00\x01\x02binary\xff\xfe", "binary"),
        ("junk.xlsx", b"PK\x03\x04 this is not really a workbook", "not a readable xlsx"),
        ("audits.txt", CSV, ".csv or .xlsx"),
    ],
)
def test_hostile_files_are_refused_whole(db, tmp_path, run_json, name, content, words):
    status, result, _ = _import(tmp_path, run_json, content, name)
    assert status == 2
    assert len(result["errors"]) == 1 and words in result["errors"][0]["message"]
    assert result["errors"][0]["file"] == name
    assert Audit.objects.count() == 0


def test_a_missing_file_is_a_clear_error(db, tmp_path, run_json):
    status, _, err = run_json("audits", "import", str(tmp_path / "nope.csv"))
    assert status == 2 and "cannot read" in err


def test_import_function_leaves_the_database_as_it_was_on_error(council):
    result = import_audits(
        f"{HEADER}\nE1,A1,New form,alice,2024-01-10,Good,,,\nE2,A1,practice,alice,2024-01-10,Bad,,,\n".encode(), "e.csv"
    )
    assert not result["ok"]
    assert Audit.objects.count() == 0
    assert not Tool.objects.filter(kind="imported").exists()


def test_grades_month_by_month_by_team_and_locality(council, tmp_path, run_json):
    _import(tmp_path, run_json, CSV)
    _, team, _ = run_json("audits", "grades", "--by", "team")
    ri = "Requires improvement to be good"
    # Each imported audit takes the team of the worker allocated on its completion date: A* are TA's, B1 is TB's.
    assert [(r["group"], r["month"], r["grades"]) for r in team["rows"]] == [
        ("TA", "2024-01", {"Good": 2}),
        ("TA", "2024-02", {"Good": 1, ri: 1, "Inadequate": 1}),
        ("TA", "2024-03", {ri: 1}),
        ("TB", "2024-03", {"Good": 1}),
    ]
    assert team["rows"][1]["good_or_better"] == pytest.approx(1 / 3)
    _, locality, _ = run_json("audits", "grades", "--by", "locality")
    assert [(r["group"], r["name"], r["month"], r["audits"]) for r in locality["rows"]] == [
        ("L1", "North locality", "2024-01", 2),
        ("L1", "North locality", "2024-02", 3),
        ("L1", "North locality", "2024-03", 2),
    ]
    _, service, _ = run_json("audits", "grades", "--by", "service", "--from", "2024-03-01")
    assert [(r["group"], r["month"], r["grades"]) for r in service["rows"]] == [("SA", "2024-03", {"Good": 1, ri: 1})]


def test_a_moderated_grade_without_moderator_or_date_is_kept_with_warnings(council, tmp_path, run_json):
    content = f"{HEADER}\nW1,A1,practice,alice,2024-01-10,Good,,,Inadequate\n".encode()
    status, result, _ = _import(tmp_path, run_json, content)
    assert status == 0 and result["counts"]["moderated"] == 1
    assert [(w["row"], w["column"]) for w in result["warnings"]] == [(2, "moderator"), (2, "moderated_date")]
    _, report, _ = run_json("audits", "report")
    assert (report["moderated"], report["downgraded"], report["net_downgrade_rate"]) == (1, 1, 1)
