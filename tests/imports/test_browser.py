"""The imports page in Debian's chromium: a broken extract refused with its errors, then a good one loaded, by keyboard."""

import pytest

from oversight.people import models as m
from tests.browser.conftest import browser, council, password_hash, session  # noqa: F401 (fixtures)
from tests.imports.helpers import small_extract, write_csv

pytestmark = pytest.mark.browser


def test_a_performance_officer_uploads_a_broken_then_a_good_extract(session, tmp_path):
    folder = small_extract(tmp_path / "extract")
    write_csv(
        folder,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"],
        [["P1", "B", "2024-02-30"]],
    )
    s = session()
    page = s.sign_in("perf")
    page.get_by_role("link", name="Imports").click()
    page.wait_for_url("**/imports/")
    page.locator("#id_as_at").focus()
    page.keyboard.type("2024-03-31")
    page.set_input_files("#files", sorted(str(p) for p in folder.iterdir()))
    page.locator("button:has-text('Check and import')").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    refused = page.locator("[data-testid=import-refused]")
    assert "nothing was loaded" in refused.inner_text()
    row = page.locator("[data-testid=errors] tbody tr").first
    assert [c.strip() for c in row.locator("td").all_inner_texts()[:5]] == [
        "ssd_cp_plans.csv",
        "ssd_cp_plans",
        "2",
        "cppl_cp_plan_start_date",
        "2024-02-30",
    ]
    assert set(m.Person.objects.values_list("person_id", flat=True)) == {
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
    }  # small_council untouched

    write_csv(
        folder,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"],
        [["P1", "B", "2023-07-01"]],
    )
    page.set_input_files("#files", sorted(str(p) for p in folder.iterdir()))
    page.locator("button:has-text('Check and import')").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    # The hand-made extract is far smaller than the council loaded before: a second, explicit step.
    change = page.locator("[data-testid=change]")
    assert "ssd_professionals\t5\t2\tShrinks" in change.inner_text()
    assert m.Person.objects.filter(person_id="F").exists()
    page.locator("[data-testid=confirm-shrink]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert "Loaded 17 rows" in page.locator("[data-testid=import-ok]").inner_text()
    assert page.locator("[data-testid=past-imports] tbody tr").count() == 1
    assert s.problems == []
