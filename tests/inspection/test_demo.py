"""The demo's inspection records: something on every page, and a rerun replaces only its own records."""

import datetime as dt

import pytest

from oversight.accounts import roles
from oversight.inspection import demo
from oversight.inspection.models import InformationRequest, Inspection, PracticeRun, SelectedCase
from oversight.synthetic import writer
from oversight.synthetic.build import build
from oversight.synthetic.users import create_demo_users

AS_AT = dt.date.today()


@pytest.mark.django_db
def test_populate_twice_replaces_its_own_records(make_user):
    writer.replace_case_data(build("small", seed=2, as_at=AS_AT))
    create_demo_users(AS_AT)
    own = Inspection.objects.create(
        kind=Inspection.FOCUSED, notified_on=AS_AT, starts_on=AS_AT, ends_on=AS_AT, gatekeeper="x"
    )
    note = demo.populate(AS_AT, 2)
    assert "practice runs" in note
    demo.populate(AS_AT, 2)
    assert Inspection.objects.filter(lead_inspector=demo.LEAD).count() == 1
    assert Inspection.objects.filter(pk=own.pk).exists()
    assert PracticeRun.objects.filter(created_by=demo.BY).count() == 2
    inspection = Inspection.objects.get(lead_inspector=demo.LEAD)
    assert sorted(r.status for r in InformationRequest.objects.filter(inspection=inspection)) == [
        "approved",
        "awaiting approval",
        "handed over",
    ]
    assert SelectedCase.objects.filter(inspection=inspection).count() == 4
    assert inspection.inspectors.filter(role=roles.INSPECTOR).count() == 1
