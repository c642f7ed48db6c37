"""The synthetic council passes the importer's checks: exported and imported again, nothing changes.

This doubles as an integrity test of the builder: every rule the importer
enforces on a council's own extract (dates in order, references that resolve,
codes in their lists) holds for the synthetic council too.
"""

import datetime as dt

import pytest

from oversight.imports.export import export_ssd
from oversight.imports.services import import_ssd
from oversight.people import frames
from oversight.people.queries import headline_counts
from oversight.people.ssd import tables
from oversight.synthetic.build import build
from oversight.synthetic.writer import replace_case_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", [1, 5])
def test_small_council_survives_export_and_import(tmp_path, seed):
    council = build("small", seed)
    replace_case_data(council)
    days = [council.as_at, council.as_at - dt.timedelta(days=400)]
    before_counts = [headline_counts(d) for d in days]
    before = {t.name: frames.load(t.name).sort(t.key.name) for t in tables()}

    export_ssd(tmp_path)
    report = import_ssd(sorted(tmp_path.glob("*.csv")), council.as_at)

    assert report.ok, report.to_dict()["errors"][:5]
    assert [headline_counts(d) for d in days] == before_counts
    for t in tables():
        assert frames.load(t.name).sort(t.key.name).equals(before[t.name]), t.name
