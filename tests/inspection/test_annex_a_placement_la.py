"""LA of Placement in List 8: the council inside its area, a configured LA or the template's nation code outside it."""

import datetime as dt

import polars as pl
import pytest

from oversight.analytics import annex_a
from oversight.analytics.annex_a import checks
from oversight.inspection import annex_a_file
from oversight.synthetic import writer
from oversight.synthetic.build import build

AS_AT = dt.date(2026, 3, 31)
# (placement postcode, what the test expects in LA of Placement); None: blank, with a check message.
POSTCODES = [
    ("OV3 4ZZ", "Home council"),
    ("B15 2TT", "Birmingham"),  # the area is set
    ("WS1 1AA", "Walsall"),  # the district is set, not the area
    ("WS2 1AA", None),  # the same area, a district that is not set
    ("BT1 5GS", "NIR - Child placed in Northern Ireland"),
    ("EH1 1YZ", "SCO - Child placed in Scotland"),
    ("CF10 1AA", "WAL - Child placed in Wales"),
    ("LL11 1AA", None),  # an area that crosses the border: never guessed
    ("ne1 4st", "Newcastle upon Tyne"),  # lower case, as typed
]


@pytest.fixture
def frames(db):
    writer.replace_case_data(build("small", seed=3, as_at=AS_AT))
    data = annex_a_file.complete(annex_a_file.case_data())
    placements = data["ssd_cla_placement"]
    cycle = [p for p, _ in POSTCODES]
    data["ssd_cla_placement"] = placements.with_columns(
        pl.Series("clap_cla_placement_postcode", [cycle[i % len(cycle)] for i in range(placements.height)])
    )
    return data


def test_la_of_placement_from_the_postcode(frames):
    settings = annex_a.Settings(
        home_postcode_areas=("OV",),
        council_name="Home council",
        placement_las={"B": "Birmingham", "WS1": "Walsall", "NE": "Newcastle upon Tyne"},
    )
    lists = annex_a.build(frames, AS_AT, settings)
    rows = lists[8].select("child_id", "placement_postcode", "placement_location", "placement_la")
    expected = dict(POSTCODES)
    assert set(rows["placement_postcode"]) == set(expected), "every kind of postcode is in List 8"
    for row in rows.iter_rows(named=True):
        postcode = row["placement_postcode"]
        assert row["placement_la"] == expected[postcode], postcode
        assert row["placement_location"] == ("a) In" if postcode.startswith("OV") else "b) Out")
    # Every template code written is one of the template's LA of Placement codes (annex-a.md §4 LAP).
    codes = {v for v in rows["placement_la"].drop_nulls() if v[:3] in {"NIR", "SCO", "WAL", "NUK", "CON"}}
    assert codes <= {
        "NIR - Child placed in Northern Ireland",
        "SCO - Child placed in Scotland",
        "WAL - Child placed in Wales",
    }
    # A blank LA of Placement is reported with the list, child, column and the postcode's district only.
    found = [p for p in checks.check(lists, AS_AT) if p["column"] == "LA of Placement"]
    blank = rows.filter(pl.col("placement_la").is_null())
    assert blank.height and len(found) == blank.height
    assert {p["child"] for p in found} == set(blank["child_id"])
    assert {p["value"] for p in found} == {"WS2", "LL11"}
    assert all(p["list"] == "List 8" and "placement_las" in p["problem"] for p in found)


def test_without_a_council_name_inside_the_area_is_blank_and_reported(frames):
    settings = annex_a.Settings(home_postcode_areas=("OV",), council_name="")
    lists = annex_a.build(frames, AS_AT, settings)
    inside = lists[8].filter(pl.col("placement_location") == "a) In")
    assert inside.height and inside["placement_la"].is_null().all()
    found = {p["child"] for p in checks.check(lists, AS_AT) if p["column"] == "LA of Placement"}
    assert set(inside["child_id"]) <= found
