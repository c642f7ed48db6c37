"""Lines of enquiry and evidence areas: changed from their own page, deleted after a confirmation, every change kept."""

import datetime as dt
import re

import pytest

from oversight.accounts import roles
from oversight.inspection.models import EvidenceArea, Inspection, LineOfEnquiry, RecordChange

TODAY = dt.date.today()


@pytest.fixture
def inspection(db):
    return Inspection.objects.create(
        kind=Inspection.STANDARD,
        notified_on=TODAY,
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=5),
        gatekeeper="gk",
    )


def test_a_line_of_enquiry_is_changed_then_deleted_with_its_history(inspection, client_for):
    senior = client_for(roles.SENIOR_MANAGER)
    base = f"/inspection/events/{inspection.pk}/lines/"
    assert senior.post(base, {"title": "Front door", "owner": "hos", "status": "open"}).status_code == 302
    line = LineOfEnquiry.objects.get()
    listing = senior.get(base).content.decode()
    assert f'href="{base}{line.pk}/"' in listing  # the change link
    page = senior.get(f"{base}{line.pk}/")
    assert page.status_code == 200 and 'value="Front door"' in page.content.decode()
    changed = {"title": "Front door and MASH", "owner": "hos", "response": "Threshold audit done", "status": "answered"}
    assert senior.post(f"{base}{line.pk}/", changed).status_code == 302
    line.refresh_from_db()
    assert (line.title, line.response, line.status) == ("Front door and MASH", "Threshold audit done", "answered")
    # A bad form changes nothing and says why.
    bad = senior.post(f"{base}{line.pk}/", {**changed, "title": "", "status": "nonsense"})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    line.refresh_from_db()
    assert line.title == "Front door and MASH"
    history = list(RecordChange.objects.filter(kind="line", record_id=line.pk).order_by("at", "pk"))
    assert [h.what for h in history] == ["created", "changed"]
    assert history[1].before == {"title": "Front door", "response": "", "status": "open"}
    assert history[1].after == {
        "title": "Front door and MASH",
        "response": "Threshold audit done",
        "status": "answered",
    }
    assert "Threshold audit done" in senior.get(f"{base}{line.pk}/").content.decode()  # shown in every change
    # Delete: a GET only asks; the POST deletes and keeps the last content.
    confirm = senior.get(f"{base}{line.pk}/delete/")
    assert confirm.status_code == 200 and "Front door and MASH" in confirm.content.decode()
    assert LineOfEnquiry.objects.exists()
    assert senior.post(f"{base}{line.pk}/delete/").status_code == 302
    assert not LineOfEnquiry.objects.exists()
    gone = RecordChange.objects.get(kind="line", what="deleted")
    assert gone.by == senior.user.username and gone.before["title"] == "Front door and MASH"
    assert gone.inspection_id == inspection.pk
    assert senior.get(f"{base}{line.pk}/").status_code == 404
    assert senior.post(f"{base}{line.pk}/delete/").status_code == 404


def test_lines_belong_to_their_inspection_and_to_its_team(inspection, client_for):
    other = Inspection.objects.create(
        kind=Inspection.FOCUSED, notified_on=TODAY, starts_on=TODAY, ends_on=TODAY, gatekeeper="gk"
    )
    line = LineOfEnquiry.objects.create(inspection=other, title="Elsewhere")
    senior = client_for(roles.SENIOR_MANAGER)
    assert senior.get(f"/inspection/events/{inspection.pk}/lines/{line.pk}/").status_code == 404
    assert senior.post(f"/inspection/events/{inspection.pk}/lines/{line.pk}/delete/").status_code == 404
    tm = client_for(roles.TEAM_MANAGER, team_id="T1")
    assert tm.get(f"/inspection/events/{other.pk}/lines/{line.pk}/").status_code == 403
    assert tm.post(f"/inspection/events/{other.pk}/lines/{line.pk}/delete/").status_code == 403
    assert LineOfEnquiry.objects.filter(pk=line.pk).exists() and not RecordChange.objects.exists()


def test_an_evidence_area_is_changed_then_deleted_by_coordinators_only(db, client_for):
    area = EvidenceArea.objects.create(title="Early help", owner="hos", due_on=TODAY, submitted_rag="amber")
    perf = client_for(roles.PERFORMANCE_OFFICER)
    listing = perf.get("/inspection/evidence/").content.decode()
    assert f'href="/inspection/evidence/{area.pk}/"' in listing
    page = perf.get(f"/inspection/evidence/{area.pk}/").content.decode()
    assert 'value="Early help"' in page
    # The due date comes back in its day, month and year boxes.
    for name, value in (("due_on-day", TODAY.day), ("due_on-month", TODAY.month), ("due_on-year", TODAY.year)):
        assert re.search(rf'name="{name}"[^>]*value="0?{value}"|value="0?{value}"[^>]*name="{name}"', page), name
    data = {
        "title": "Early help offer",
        "owner": "hos",
        "due_on": "",
        "documents": "EH strategy",
        "submitted_rag": "amber",
        "quality_rag": "green",
    }
    assert perf.post(f"/inspection/evidence/{area.pk}/", data).status_code == 302
    area.refresh_from_db()
    assert (area.title, area.due_on, area.quality_rag) == ("Early help offer", None, "green")
    change = RecordChange.objects.get(kind="evidence", what="changed")
    assert change.before == {"title": "Early help", "due_on": TODAY.isoformat(), "documents": "", "quality_rag": ""}
    # Senior managers (coordinators too) may change it; other roles may neither change nor delete.
    sm = client_for(roles.SENIOR_MANAGER)
    assert sm.get(f"/inspection/evidence/{area.pk}/").status_code == 200
    tm = client_for(roles.TEAM_MANAGER, team_id="T1")
    assert tm.get(f"/inspection/evidence/{area.pk}/").status_code == 403
    assert tm.post(f"/inspection/evidence/{area.pk}/delete/").status_code == 403
    perf = client_for(roles.PERFORMANCE_OFFICER)  # client_for signs the one test client in again
    assert perf.get(f"/inspection/evidence/{area.pk}/delete/").status_code == 200
    assert perf.post(f"/inspection/evidence/{area.pk}/delete/").status_code == 302
    assert not EvidenceArea.objects.exists()
    assert RecordChange.objects.get(kind="evidence", what="deleted").before["title"] == "Early help offer"
    assert perf.get("/inspection/evidence/99999/").status_code == 404
