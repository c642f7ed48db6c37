"""Hand-made SSD extracts and Annex A workbooks for the import tests."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import polars as pl

from oversight.imports.models import ImportRecord
from oversight.people import frames
from oversight.people.ssd import tables


def write_csv(folder: Path, table: str, header: list[str], rows: list[list], name: str | None = None) -> Path:
    path = folder / (name or f"{table}.csv")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def small_extract(folder: Path) -> Path:
    """A council as at 2024-03-31, with its answers worked out by hand:

    W1 (T1) holds A and C; W2 left on 2024-02-01 still holding B.
      A  open referral R1 (dates written as dd/mm/yyyy)     allocated W1
      B  open referral R2 and CP plan P1                     W2 left: unallocated
      C  in care (E1)                                        allocated W1
      D  referral closed 2024-01-15 (a date-time)            not open
      E  care leaver since 2023-09-01                        nobody: unallocated
    Headline counts: open referrals 2 (A, B), children in need 3 (A, B, C), CP plans 1, in care 1,
    care leavers 1, unallocated 2 (B, E).
    """
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(
        folder, "ssd_department", ["dept_team_id", "dept_team_name", "dept_team_type"], [["T1", "Team one", "team"]]
    )
    write_csv(
        folder,
        "ssd_professionals",
        [
            "prof_professional_id",
            "prof_professional_name",
            "prof_grade",
            "prof_start_date",
            "prof_end_date",
            "prof_team_id",
            "prof_agency_worker_flag",
            "prof_full_time_equivalency",
        ],
        [
            ["W1", "Worker One", "social_worker", "2020-01-01", "", "T1", "N", "1"],
            ["W2", "Worker Two", "nqsw", "2023-01-01", "2024-02-01", "T1", "Y", "0.5"],
        ],
    )
    write_csv(
        folder,
        "ssd_person",
        ["pers_person_id", "pers_sex", "pers_dob", "pers_ethnicity"],
        [
            ["A", "F", "2015-06-01", "WBRI"],
            ["B", "M", "2016-02-01", "WBRI"],
            ["C", "M", "2012-01-01", "AIND"],
            ["D", "F", "2010-05-05", "WBRI"],
            ["E", "F", "2005-03-03", "WBRI"],
        ],
    )
    write_csv(
        folder,
        "ssd_cin_episodes",
        [
            "cine_referral_id",
            "cine_person_id",
            "cine_referral_date",
            "cine_close_date",
            "cine_cin_primary_need_code",
            "cine_referral_outcome_json",
        ],
        [
            ["R1", "A", "10/01/2024", "", "N1", '{"NFA_FLAG":"N","COMMENTS":"a, b"}'],
            ["R2", "B", "2023-06-01", "", "N4", ""],
            ["R3", "D", "2023-11-01", "2024-01-15 09:30:00", "N5", ""],
        ],
    )
    write_csv(
        folder,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_initial_category"],
        [["P1", "B", "2023-07-01", "Neglect"]],
    )
    write_csv(
        folder,
        "ssd_cla_episodes",
        ["clae_cla_episode_id", "clae_person_id", "clae_cla_episode_start_date", "clae_cla_primary_need_code"],
        [["E1", "C", "2022-05-01", "N1"]],
    )
    write_csv(
        folder,
        "ssd_care_leavers",
        ["clea_table_id", "clea_person_id", "clea_care_leaver_start_date", "clea_care_leaver_eligibility"],
        [["L1", "E", "2023-09-01", "Former Relevant"]],
    )
    write_csv(
        folder,
        "ssd_involvements",
        [
            "invo_involvements_id",
            "invo_professional_id",
            "invo_professional_role_id",
            "invo_person_id",
            "invo_involvement_start_date",
            "invo_involvement_end_date",
        ],
        [
            ["I1", "W1", "CW", "A", "2024-01-10", ""],
            ["I2", "W2", "CW", "B", "2023-06-01", ""],
            ["I3", "W1", "CW", "C", "2022-05-01", ""],
        ],
    )
    return folder


SMALL_COUNTS = {
    "as_at": "2024-03-31",
    "open_referrals": 2,
    "children_in_need": 3,
    "child_protection_plans": 1,
    "children_in_care": 1,
    "care_leavers": 1,
    "unallocated_children": 2,
}


def snapshot() -> dict:
    """Every case-data table and the import records, to show a refused import changed nothing."""
    data = {t.name: frames.load(t.name).sort(t.key.name) for t in tables()}
    data["__imports"] = list(ImportRecord.objects.values_list("pk", flat=True))
    return data


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        (a[k].equals(b[k]) if isinstance(a[k], pl.DataFrame) else a[k] == b[k]) for k in a
    )


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An .xlsx with the given sheets (name -> rows, each a list of cell values)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def find(problems: list[dict], **fields) -> list[dict]:
    return [p for p in problems if all(p.get(k) == v for k, v in fields.items())]


def store_formula_values(path: Path, values: dict[str, dict[str, str]]) -> Path:
    """Give formula cells the values Excel stores with them when it saves (openpyxl stores none).

    VALUES: sheet name -> cell reference -> the stored value as Excel writes it in the sheet XML
    (a date is its serial number). Sheets are numbered in the order openpyxl wrote them.
    """
    import re
    import zipfile

    wb = openpyxl.load_workbook(path)
    parts = {name: f"xl/worksheets/sheet{i + 1}.xml" for i, name in enumerate(wb.sheetnames)}
    with zipfile.ZipFile(path) as zf:
        contents = {n: zf.read(n) for n in zf.namelist()}
    for sheet, cells in values.items():
        xml = contents[parts[sheet]].decode()
        for ref, value in cells.items():
            pattern = re.compile(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*(</c>)')
            xml, n = pattern.subn(rf"\g<1><v>{value}</v>\g<2>", xml)
            assert n == 1, (sheet, ref)
        contents[parts[sheet]] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in contents.items():
            zf.writestr(name, data)
    return path
