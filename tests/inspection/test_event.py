"""The inspection event: inspector access inside the window only and read-only, logging, the gatekeeper register."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from oversight.accounts import roles
from oversight.accounts.models import AccessLog
from oversight.accounts.scope import visible_child_ids
from oversight.cli import main
from oversight.inspection import event
from oversight.inspection.models import InformationRequest, Inspection, InspectorView
from tests import factories as f

TODAY = dt.date.today()


@pytest.fixture
def children(db):
    for cid in ("C1", "C2", "C3"):
        f.child(cid)
        f.referral(cid, "2024-01-01")


def _inspection(kind=Inspection.STANDARD, start=TODAY, end=TODAY + dt.timedelta(days=4), inspectors=(), **extra):
    i = Inspection.objects.create(
        kind=kind,
        notified_on=start - dt.timedelta(days=5),
        starts_on=start,
        ends_on=end,
        gatekeeper=extra.pop("gatekeeper", "gk"),
        **extra,
    )
    i.inspectors.set(inspectors)
    return i


def test_inspector_sees_children_only_inside_the_window(children, make_user):
    inspector = make_user(roles.INSPECTOR)
    assert visible_child_ids(inspector) == set()
    i = _inspection(start=TODAY + dt.timedelta(days=1), inspectors=[inspector])
    assert visible_child_ids(inspector) == set()  # not yet
    assert visible_child_ids(inspector, TODAY + dt.timedelta(days=1)) == {"C1", "C2", "C3"}
    assert visible_child_ids(inspector, i.ends_on + dt.timedelta(days=1)) == set()  # ends by itself
    other = make_user(roles.INSPECTOR)
    assert visible_child_ids(other, TODAY + dt.timedelta(days=1)) == set()  # not on this inspection


def test_a_focused_visit_allows_only_the_listed_children(children, make_user):
    inspector = make_user(roles.INSPECTOR)
    _inspection(kind=Inspection.FOCUSED, inspectors=[inspector], allowed_children=["C2"])
    assert visible_child_ids(inspector) == {"C2"}


def test_outside_the_window_an_inspector_gets_nothing(children, client_for):
    client = client_for(roles.INSPECTOR)
    _inspection(start=TODAY - dt.timedelta(days=10), end=TODAY - dt.timedelta(days=1), inspectors=[client.user])
    assert client.get("/children/C1/").status_code == 403
    assert client.get("/children/").status_code == 403
    assert client.get("/").status_code == 200
    assert not InspectorView.objects.exists()


def test_inside_the_window_views_are_logged_and_nothing_can_be_written(children, client_for):
    client = client_for(roles.INSPECTOR)
    i = _inspection(inspectors=[client.user])
    assert client.get("/children/C1/").status_code == 200
    assert AccessLog.objects.filter(user=client.user, person_id="C1").exists()
    logged = InspectorView.objects.get(inspection=i, child_id="C1")
    assert logged.username == client.user.username and logged.path == "/children/C1/"
    for path in ("/children/C1/", f"/inspection/events/{i.pk}/requests/", "/audits/", "/imports/"):
        assert client.post(path, {"what": "x"}).status_code == 403
    assert not InformationRequest.objects.exists()
    # Signing out still works.
    assert client.post("/accounts/logout/").status_code in (200, 302)


def test_rapid_response_team_sees_todays_browsing(children, client_for, make_user):
    inspector = make_user(roles.INSPECTOR)
    i = _inspection(inspectors=[inspector])
    InspectorView.objects.create(inspection=i, username=inspector.username, path="/children/C3/", child_id="C3")
    rrt = client_for(roles.TEAM_MANAGER)
    assert rrt.get(f"/inspection/events/{i.pk}/browsing/").status_code == 403
    i.rapid_response_team = [rrt.user.username]
    i.save()
    page = rrt.get(f"/inspection/events/{i.pk}/browsing/")
    assert page.status_code == 200 and "/children/C3/" in page.content.decode()
    assert "inspection/live.js" in page.content.decode()


def test_gatekeeper_rules(make_user):
    gk, manager = make_user(roles.PERFORMANCE_OFFICER, username="gk"), make_user(roles.SENIOR_MANAGER)
    i = _inspection()
    item = event.add_request(i, manager, "Supervision policy", "HMI Smith", "Leadership")
    with pytest.raises(event.EventError, match="not been approved"):
        event.hand_over(item.pk, gk, "policy.pdf", b"%PDF")
    event.approve(item.pk, manager)
    with pytest.raises(event.EventError, match="only the gatekeeper"):
        event.hand_over(item.pk, manager, "policy.pdf", b"%PDF")
    done = event.hand_over(item.pk, gk, "policy.pdf", b"%PDF-1.7 content")
    import hashlib

    assert done.file_sha256 == hashlib.sha256(b"%PDF-1.7 content").hexdigest()
    assert bytes(InformationRequest.objects.get(pk=item.pk).file_content) == b"%PDF-1.7 content"
    with pytest.raises(event.EventError, match="already handed over"):
        event.hand_over(item.pk, gk, "again.pdf", b"x")


def test_register_cli_json_and_csv(make_user, capsys):
    gk = make_user(roles.PERFORMANCE_OFFICER, username="gk")
    i = _inspection()
    item = event.add_request(i, gk, "=cmd|' /C calc'!A0", "HMI Jones", due=timezone.now())
    event.approve(item.pk, gk)
    assert main(["inspection", "requests", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["inspection"] == i.pk and data["requests"][0]["status"] == "approved"
    assert data["requests"][0]["approved_by"] == "gk"
    assert main(["inspection", "requests", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].startswith("id,what,asked_by")
    assert "'=cmd" in text  # formula-like text made inert
    assert main(["inspection", "requests", "--inspection", "999"]) == 2


def test_register_pages_and_permissions(client_for, make_user):
    gk_client = client_for(roles.PERFORMANCE_OFFICER, username="gk")
    i = _inspection()
    page = gk_client.post(f"/inspection/events/{i.pk}/requests/", {"what": "Audit reports", "asked_by": "HMI A"})
    assert page.status_code == 302
    item = InformationRequest.objects.get()
    assert gk_client.post(f"/inspection/events/{i.pk}/requests/", {"what": ""}).status_code == 400
    upload = SimpleUploadedFile("a.xlsx", b"data")
    gk_client.post(f"/inspection/events/{i.pk}/requests/{item.pk}/hand-over/", {"file": upload})
    assert InformationRequest.objects.get().handed_over_at is None  # not approved yet
    gk_client.post(f"/inspection/events/{i.pk}/requests/{item.pk}/approve/")
    upload = SimpleUploadedFile("a.xlsx", b"data")
    gk_client.post(f"/inspection/events/{i.pk}/requests/{item.pk}/hand-over/", {"file": upload})
    assert InformationRequest.objects.get().handed_over_by == "gk"
    got = gk_client.get(f"/inspection/events/{i.pk}/requests/{item.pk}/file/")
    assert got.status_code == 200 and got.content == b"data"
    assert gk_client.get(f"/inspection/events/{i.pk}/requests.csv").status_code == 200
    assert gk_client.get(f"/inspection/events/{i.pk}/requests.pdf").status_code == 404
    assert gk_client.get("/inspection/events/9999/requests/").status_code == 404
    sw = client_for(roles.SOCIAL_WORKER)
    assert sw.get(f"/inspection/events/{i.pk}/requests/").status_code == 403
