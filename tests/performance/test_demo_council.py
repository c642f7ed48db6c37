"""The demo's synthetic council brings its own child population and postcode districts, so the figures per 10,000
children and the out-of-area share are measurable on the demo; a council's configuration still wins."""

import datetime as dt

import pytest

from oversight.people.models import CaseDataVersion
from oversight.performance import demo, queries
from oversight.synthetic.build import POPULATION_PER_CHILD, build
from oversight.synthetic.writer import replace_case_data

pytestmark = pytest.mark.django_db

AS_AT = dt.date(2026, 3, 31)
NEEDS_FACTS = ["referrals_per_10k", "cp_plans_per_10k", "cla_per_10k", "cla_out_of_area_pct"]


@pytest.fixture
def demo_council():
    council = build("small", 1, AS_AT)
    replace_case_data(council)
    demo.populate(AS_AT, 1)
    return council


def _rows(month="2026-03"):
    return {r["id"]: r for r in queries.scorecard(month)["indicators"] if r["id"] in NEEDS_FACTS}


def _configure(tmp_path, monkeypatch, text):
    from oversight.config import _load

    conf = tmp_path / "council.toml"
    conf.write_text(text)
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(conf))
    _load.cache_clear()


def test_per_10k_figures_and_out_of_area_are_measurable_on_the_demo(demo_council):
    rows = _rows()
    people = demo_council.frames["ssd_person"].height
    cla = demo_council.frames["ssd_cla_placement"]
    in_care = cla.filter(
        (cla["clap_cla_placement_start_date"] <= AS_AT)
        & (cla["clap_cla_placement_end_date"].is_null() | (cla["clap_cla_placement_end_date"] > AS_AT))
    )
    assert demo_council.child_population == POPULATION_PER_CHILD * people
    for ident in NEEDS_FACTS:
        assert rows[ident]["measurable"], (ident, rows[ident]["reason"])
        assert rows[ident]["value"] is not None
    for ident in ("referrals_per_10k", "cp_plans_per_10k", "cla_per_10k"):
        assert rows[ident]["denominator"] == demo_council.child_population
    assert rows["cla_per_10k"]["numerator"] == in_care.get_column("clap_person_id").n_unique()
    assert rows["cla_per_10k"]["value"] == round(
        in_care.get_column("clap_person_id").n_unique() * 10000 / (5 * people), 1
    )
    assert 0 < rows["cla_out_of_area_pct"]["value"] < 100


def test_the_councils_configuration_wins_and_other_case_data_drops_the_demos_facts(demo_council, tmp_path, monkeypatch):
    from oversight.config import _load

    try:
        _configure(
            tmp_path, monkeypatch, '[performance]\nchild_population = 20000\ncouncil_postcode_districts = ["OV1"]\n'
        )
        rows = _rows()
        assert rows["cla_per_10k"]["denominator"] == 20000
        only_ov1 = rows["cla_out_of_area_pct"]["value"]
        monkeypatch.delenv("OVERSIGHT_CONFIG")
        _load.cache_clear()
        # Eight more districts count as the council's own: fewer children are out of area.
        assert _rows()["cla_out_of_area_pct"]["value"] < only_ov1
    finally:
        _load.cache_clear()
    CaseDataVersion.bump()  # as any other import of case data does
    rows = _rows()
    for ident in NEEDS_FACTS:
        assert not rows[ident]["measurable"], ident
        assert "not configured" in rows[ident]["reason"]
