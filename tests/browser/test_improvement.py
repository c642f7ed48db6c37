"""Plan review and risk re-rating in a real browser, with each role's rights.

A lead (tm-t1) completes their overdue action; the senior manager records a
monthly review asking for new actions; the senior manager re-rates a risk,
first with a rating off the matrix, and the register's heat map and
movement follow; a social worker reads but is offered no form.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from oversight.improvement.models import Action, Finding, Review, Risk, RiskRating
from tests.browser.conftest import SCREENSHOTS
from tests.browser.forms import fill_date

pytestmark = pytest.mark.browser


def flash(page) -> str:
    return page.locator(".govuk-notification-banner").first.inner_text()


@pytest.fixture
def plan(council):
    today = dt.date.today()
    finding = Finding.objects.create(ref="F1", source="inspection", date=today - dt.timedelta(days=200), text="Late")
    overdue = Action.objects.create(
        ref="1.1", pillar="practice", what="Assessment tracker", lead="tm-t1", due=today - dt.timedelta(days=10)
    )
    overdue.findings.set([finding])
    later = Action.objects.create(
        ref="2.1", pillar="workforce", what="Recruit social workers", lead="perf", due=today + dt.timedelta(days=40)
    )
    risk = Risk.objects.create(
        ref="R1",
        title="Workforce instability",
        description="If turnover stays high then children drift",
        owner="senior",
        rating="B2",
        target_rating="D4",
        review_date=today + dt.timedelta(days=30),
    )
    RiskRating.objects.create(risk=risk, rating="B2", rated_on=today - dt.timedelta(days=90), rated_by="senior")
    risk.mitigations.set([later])
    return {"overdue": overdue, "later": later, "risk": risk, "today": today}


def test_plan_review_and_risk_rerating(session, plan):
    today = plan["today"]

    # The lead: their overdue action is red, with the reason; they complete it with evidence.
    lead = session()
    page = lead.sign_in("tm-t1")
    page.goto("/improvement/plan/?view=mine")
    row = page.locator("tr[data-ref='1.1']")
    expect(row).to_contain_text("Red")
    expect(row).to_contain_text("Overdue: due")
    expect(page.locator("tr[data-ref='2.1']")).to_have_count(0)
    row.locator("a", has_text="1.1").click()
    expect(page.locator("[data-testid=review-form]")).to_have_count(0)
    page.select_option("#id_status", "complete")
    page.fill("#id_note", "Tracker in use by every team")
    page.click("button:has-text('Update')")
    assert "Action 1.1 updated" in flash(page)
    expect(page.locator("[data-testid=rag]")).to_contain_text("Green")
    expect(page.locator("[data-testid=evidence]")).to_contain_text("Tracker in use by every team")
    assert Action.objects.get(ref="1.1").completed_on == today
    # Not their action: no update form.
    page.goto(f"/improvement/actions/{plan['later'].pk}/")
    expect(page.locator("[data-testid=progress-form]")).to_have_count(0)

    # The senior manager's monthly review of 2.1.
    senior = session()
    page = senior.sign_in("senior")
    page.goto(f"/improvement/actions/{plan['later'].pk}/")
    expect(page.locator("#id_month")).to_have_value(f"{today:%Y-%m}")
    page.check("label:has-text('New actions needed')")
    page.fill("#id_note", "Recruitment behind plan")
    page.click("button:has-text('Record review')")
    assert f"Review of 2.1 for {today:%B %Y} recorded" in flash(page)
    expect(page.locator("[data-testid=reviews] tbody tr").first).to_contain_text("New actions needed")
    expect(page.locator("[data-testid=reviews] tbody tr").first).to_contain_text("senior")
    expect(page.locator("[data-testid=rag]")).to_contain_text("Amber")
    expect(page.locator("[data-testid=rag]")).to_contain_text(f"The {today:%B %Y} review said: new actions needed")
    assert Review.objects.get().reviewed_by == "senior"

    # Re-rating R1: a rating off the matrix is refused with the GOV.UK error summary.
    page.goto("/improvement/risks/")
    expect(page.locator("td[data-rating='B2']")).to_contain_text("R1")
    expect(page.locator("td[data-rating='B2']")).to_contain_text("above appetite")
    page.click("[data-testid=risks] a:has-text('R1')")
    page.fill("#id_rating", "G7")
    page.click("button:has-text('Save rating')")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("'G7' is not a rating")
    assert Risk.objects.get().ratings.count() == 1
    page.fill("#id_rating", "a1")
    fill_date(page, "#id_rated_on", today.isoformat())
    page.fill("#id_note", "Two team managers leaving")
    page.click("button:has-text('Save rating')")
    assert "Risk R1 rated A1" in flash(page)
    history = page.locator("[data-testid=rating-history] tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("A1")
    expect(history.first).to_contain_text("Two team managers leaving")
    page.goto("/improvement/risks/")
    expect(page.locator("td[data-rating='A1']")).to_contain_text("R1")
    expect(page.locator("td[data-rating='B2']")).not_to_contain_text("R1")
    expect(page.locator("[data-testid=moved]")).to_contain_text("Worse: B2 to A1")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "improvement-risks.png"), full_page=True)

    # A social worker reads the risk but is offered no rating form.
    reader = session()
    page = reader.sign_in("sw-w1")
    page.goto(f"/improvement/risks/{plan['risk'].pk}/")
    expect(page.locator("[data-testid=current-rating]")).to_contain_text("A1")
    expect(page.locator("[data-testid=rate-form]")).to_have_count(0)

    for s in (lead, senior, reader):
        assert s.problems == []


def test_every_improvement_page_passes_axe(session, plan):
    from tests.browser import axe

    s = session()
    axe.install(s.context)
    s.sign_in("senior")
    problems = []
    for path in [
        "/improvement/",
        "/improvement/plan/",
        "/improvement/plan/?view=overdue",
        f"/improvement/actions/{plan['overdue'].pk}/",
        "/improvement/actions/new/",
        f"/improvement/actions/{plan['later'].pk}/edit/",
        "/improvement/findings/",
        f"/improvement/findings/{plan['overdue'].findings.get().pk}/",
        "/improvement/findings/new/",
        "/improvement/risks/",
        f"/improvement/risks/{plan['risk'].pk}/",
        "/improvement/risks/new/",
        f"/improvement/risks/{plan['risk'].pk}/edit/",
        "/improvement/report/",
        "/improvement/import/",
    ]:
        assert s.open(path).status == 200, path
        problems += [f"{path}: {v}" for v in axe.violations(s.page)]
    assert problems == []
