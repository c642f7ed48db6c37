"""axe-core on every page template, with content, as the people who use it; and a check that none is missed.

The council is the demo's (`oversight demo --scale small --seed 1`: a year of audits, IRO records,
clinic meetings, an inspection on site, an improvement plan), plus the few records the demo leaves out
(an open welfare escalation, an audit awaiting moderation, an import). Each entry of PAGES names the
template the page must be drawn with; the crawl checks that template was really rendered (Django's
template_rendered signal, sent in the live server's thread) and that axe finds no WCAG 2.2 A/AA or
best-practice violation. `test_every_page_template_is_in_the_crawl` fails when a page template is added
(any template that extends base.html or standalone.html) without an entry here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.browser import axe
from tests.browser.conftest import Session

SRC = Path(__file__).resolve().parents[2] / "src" / "oversight"
EXTENDS = re.compile(r'{%\s*extends\s+"(base|standalone)\.html"\s*%}')
DEMO = {
    "admin": "demo-administrator",
    "perf": "demo-performance-officer",
    "senior": "demo-senior-manager",
    "tm": "demo-team-manager",
    "sw": "demo-social-worker",
    "auditor": "demo-auditor",
    "moderator": "demo-moderator",
    "iro": "demo-iro",
    "inspector": "demo-inspector",
}

# (login, what to open, template drawn, status). What to open is a path (formatted with the ids the
# fixture finds), or ("submit", path, button): open the path and press the button (a form sent
# empty or wrong, to check the page with its error messages), or ("click", path, link): follow it.
PAGES = [
    # The web shell, accounts and the error pages.
    (None, "/accounts/login/", "accounts/login.html", 200),
    ("senior", "/", "web/home.html", 200),
    ("sw", "/", "web/home.html", 200),
    ("tm", "/", "web/home.html", 200),
    ("iro", "/", "web/home.html", 200),
    ("perf", "/performance/supervision/?as_at=1800-01-01", "400.html", 400),
    ("sw", "/accounts/access-log/", "403.html", 403),
    ("senior", "/children/?page=999", "404.html", 404),
    ("admin", "/accounts/access-log/", "accounts/access_log.html", 200),
    # Children.
    ("senior", "/children/?status=children_in_care", "people/children.html", 200),
    ("senior", "/children/{child}/", "people/child.html", 200),
    # Caseloads.
    ("senior", "/caseloads/", "caseloads/summary.html", 200),
    ("senior", "/caseloads/teams/{team}/", "caseloads/team.html", 200),
    ("senior", "/caseloads/workers/{worker}/", "caseloads/worker.html", 200),
    ("senior", ("submit", "/caseloads/workers/{worker}/reason/", "Record reason"), "caseloads/reason_form.html", 400),
    ("senior", "/caseloads/trend/", "caseloads/trend.html", 200),
    ("senior", "/caseloads/workforce/", "caseloads/workforce.html", 200),
    # Timeliness.
    ("senior", "/timeliness/", "timeliness/index.html", 200),
    ("senior", "/timeliness/rules/cp_visit/", "timeliness/rule.html", 200),
    ("senior", "/timeliness/to-do/", "timeliness/to_do.html", 200),
    ("senior", "/timeliness/items/?status=overdue", "timeliness/items.html", 200),
    # Case-data imports.
    ("admin", ("submit", "/imports/", "Check and import"), "imports/upload.html", 400),
    ("admin", "/imports/{import_record}/", "imports/detail.html", 200),
    ("admin", "/imports/snapshots/", "imports/snapshots.html", 200),
    # Audits.
    ("senior", "/audits/", "audits/home.html", 200),
    ("auditor", "/audits/", "audits/home.html", 200),
    ("senior", "/audits/all/", "audits/list.html", 200),
    ("senior", ("submit", "/audits/sample/", "Draw sample"), "audits/sample.html", 400),
    ("senior", "/audits/report/", "audits/report.html", 200),
    ("senior", "/audits/import/", "audits/import.html", 200),
    ("senior", "/audits/tools/", "audits/tools.html", 200),
    ("senior", "/audits/actions/", "audits/actions.html", 200),
    ("senior", "/audits/escalations/", "audits/escalations.html", 200),
    ("senior", "/audits/{audit_open}/assign/", "audits/assign.html", 200),
    ("auditor", "/audits/{audit_open}/", "audits/audit_form.html", 200),
    ("senior", "/audits/{audit_final}/", "audits/audit_view.html", 200),
    ("senior", ("submit", "/audits/{audit_final}/", "Add action"), "audits/action_add.html", 400),
    ("moderator", "/audits/{audit_submitted}/moderate/", "audits/moderate.html", 200),
    ("auditor", "/audits/{audit_open}/escalate/", "audits/escalate.html", 200),
    ("senior", "/audits/actions/{audit_action}/done/", "audits/action_done.html", 200),
    ("senior", "/audits/escalations/{audit_escalation}/", "audits/escalation_resolve.html", 200),
    # IRO.
    ("iro", "/iro/", "iro/home.html", 200),
    ("senior", "/iro/escalations/", "iro/list.html", 200),
    ("senior", "/iro/escalations/{iro_escalation}/", "iro/detail.html", 200),
    ("iro", "/iro/raise/{iro_child}/", "iro/raise.html", 200),
    ("senior", "/iro/report/", "iro/report.html", 200),
    ("perf", "/iro/import/", "iro/import.html", 200),
    ("senior", "/iro/alerts/", "iro/alerts.html", 200),
    ("senior", "/iro/alerts/by-iro/", "iro/alerts_summary.html", 200),
    ("iro", "/iro/drift/", "iro/drift.html", 200),
    ("iro", "/iro/meetings/", "iro/meetings.html", 200),
    (
        "iro",
        ("click", "/iro/meetings/", "main a[href^='/iro/meetings/'][href$='/']:not([href='/iro/meetings/'])"),
        "iro/meeting_form.html",
        200,
    ),
    ("senior", "/iro/step-downs/", "iro/step_downs.html", 200),
    ("senior", "/iro/step-downs/{step_down}/", "iro/step_down_check.html", 200),
    # Performance.
    ("senior", "/performance/", "performance/index.html", 200),
    ("senior", ("click", "/performance/", "main a[href^='/performance/areas/']"), "performance/area.html", 200),
    ("senior", "/performance/indicators/{indicator}/", "performance/indicator.html", 200),
    ("senior", "/performance/indicators/{indicator}/children/", "performance/children.html", 200),
    ("perf", ("click", "/performance/", "main a[href^='/performance/meetings/']"), "performance/meeting.html", 200),
    ("perf", ("submit", "/performance/supervision/", "Record the session"), "performance/supervision.html", 400),
    # Improvement.
    ("senior", "/improvement/", "improvement/home.html", 200),
    ("senior", "/improvement/plan/", "improvement/plan.html", 200),
    ("senior", "/improvement/actions/{improvement_action}/", "improvement/action.html", 200),
    ("senior", "/improvement/actions/new/", "improvement/action_form.html", 200),
    ("senior", "/improvement/findings/", "improvement/findings.html", 200),
    ("senior", "/improvement/findings/{finding}/", "improvement/finding.html", 200),
    ("senior", ("submit", "/improvement/findings/new/", "Save finding"), "improvement/finding_form.html", 400),
    ("senior", "/improvement/risks/", "improvement/risks.html", 200),
    ("senior", "/improvement/risks/{risk}/", "improvement/risk.html", 200),
    ("senior", "/improvement/risks/{risk}/edit/", "improvement/risk_form.html", 200),
    ("senior", "/improvement/report/", "improvement/report.html", 200),
    ("perf", "/improvement/import/", "improvement/import.html", 200),
    # Inspection.
    ("perf", "/inspection/", "inspection/annex_a.html", 200),
    ("perf", "/inspection/practice-runs/{practice_run}/", "inspection/run.html", 200),
    ("perf", "/inspection/repeat-referrals/", "inspection/repeat_referrals.html", 200),
    ("perf", "/inspection/readiness/", "inspection/readiness.html", 200),
    ("perf", "/inspection/evidence/", "inspection/evidence.html", 200),
    ("perf", "/inspection/events/", "inspection/inspections.html", 200),
    ("perf", ("submit", "/inspection/events/new/", "Save"), "inspection/edit.html", 400),
    ("perf", "/inspection/events/{inspection}/", "inspection/inspection.html", 200),
    ("perf", "/inspection/events/{inspection}/browsing/", "inspection/browsing.html", 200),
    ("perf", "/inspection/events/{inspection}/requests/", "inspection/requests.html", 200),
    ("perf", "/inspection/events/{inspection}/cases/", "inspection/cases.html", 200),
    ("perf", "/inspection/events/{inspection}/cases/{inspection_case}/", "inspection/case.html", 200),
    ("perf", "/inspection/events/{inspection}/meetings/", "inspection/meetings.html", 200),
    ("perf", "/inspection/events/{inspection}/meetings/{inspection_meeting}/", "inspection/meeting.html", 200),
    ("perf", "/inspection/events/{inspection}/day/", "inspection/day.html", 200),
    ("perf", "/inspection/events/{inspection}/lines/", "inspection/lines.html", 200),
    ("perf", "/inspection/events/{inspection}/lines/{inspection_line}/", "inspection/line_edit.html", 200),
    ("perf", "/inspection/events/{inspection}/lines/{inspection_line}/delete/", "inspection/confirm_delete.html", 200),
    ("perf", "/inspection/evidence/{evidence_area}/", "inspection/evidence_edit.html", 200),
    (
        "perf",
        ("submit", "/inspection/events/{inspection}/calendar-link/", "Make a calendar link"),
        "inspection/subscription.html",
        200,
    ),
    ("perf", "/inspection/events/{inspection}/briefing/", "inspection/briefing.html", 200),
    ("perf", "/inspection/alerts/", "inspection/alerts.html", 200),
]

# Page templates a browser cannot be made to show on demand, each drawn by the server and checked the same
# way (through a route that answers with the template's HTML): the server error page, the too-large upload
# page, and the refused-form page (a post without its security token).
RENDERED = ["500.html", "413.html", "403_csrf.html"]


def page_templates() -> set[str]:
    """Every template under src/oversight/*/templates that is a whole page (extends base or standalone)."""
    found = set()
    for folder in SRC.glob("*/templates"):
        for path in folder.glob("**/*.html"):
            if EXTENDS.search(path.read_text(encoding="utf-8")):
                found.add(path.relative_to(folder).as_posix())
    return found


def test_every_page_template_is_in_the_crawl():
    templates = page_templates()
    assert {"web/home.html", "audits/audit_form.html", "500.html"} <= templates  # the scan finds pages
    assert "web/field.html" not in templates and "imports/problems.html" not in templates  # and not pieces
    crawled = {template for _, _, template, _ in PAGES} | set(RENDERED)
    assert sorted(templates - crawled) == [], "page templates the axe crawl does not open"
    assert sorted(crawled - templates) == [], "crawl entries naming no page template"


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo council, and the ids of records the crawl opens."""
    from oversight.cli import main

    assert main(["demo", "--scale", "small", "--seed", "1", "--format", "json"]) == 0
    return demo_ids()


def demo_ids() -> dict:
    from oversight.accounts.models import User
    from oversight.accounts.scope import can_see_child
    from oversight.audits import services as audit_services
    from oversight.audits.models import Action, Audit
    from oversight.imports.models import ImportRecord
    from oversight.improvement.models import Action as PlanAction
    from oversight.improvement.models import Finding, Risk
    from oversight.inspection.models import EvidenceArea, Inspection, LineOfEnquiry, Meeting, PracticeRun, SelectedCase
    from oversight.iro.models import Escalation as IroEscalation
    from oversight.iro.models import StepDown
    from oversight.people.models import Involvement
    from oversight.performance import queries as performance

    today = dt.date.today()
    audit_open = Audit.objects.filter(auditor=DEMO["auditor"], status=Audit.ASSIGNED).order_by("pk").first()
    finals = list(Audit.objects.filter(status=Audit.FINAL).order_by("pk")[:2])
    # One final audit taken back to awaiting moderation, for the moderation page.
    Audit.objects.filter(pk=finals[1].pk).update(status=Audit.SUBMITTED, moderated_date=None)
    escalation = audit_services.escalate(audit_open.pk, DEMO["auditor"], "A child at risk of harm today", today)
    now = dt.datetime.now(dt.UTC)
    record = ImportRecord.objects.create(
        kind=ImportRecord.SSD,
        by=DEMO["perf"],
        started_at=now,
        finished_at=now,
        as_at=today,
        files=[{"name": "person.csv", "sha256": "0" * 64, "bytes": 10}],
        counts={"person": 1},
        warning_count=1,
        warnings=[
            {"file": "person.csv", "table": "person", "row": 2, "column": "sex", "value": "Q", "message": "Not a code"}
        ],
    )
    iro = User.objects.get(username=DEMO["iro"])
    reviewed = Involvement.objects.filter(professional_id=iro.professional_id, professional_role_id="IRO")
    iro_child = next(
        c for c in reviewed.order_by("person_id").values_list("person_id", flat=True) if can_see_child(iro, c)
    )
    inspection = Inspection.objects.order_by("pk").first()
    return {
        "child": audit_open.child_id,
        "team": audit_open.team_id,
        "worker": _worker_of(DEMO["sw"]),
        "import_record": record.pk,
        "audit_open": audit_open.pk,
        "audit_final": finals[0].pk,
        "audit_submitted": finals[1].pk,
        "audit_action": Action.objects.filter(status=Action.OPEN).order_by("pk").first().pk,
        "audit_escalation": escalation.pk,
        "iro_escalation": IroEscalation.objects.order_by("pk").first().pk,
        "iro_child": iro_child,
        "step_down": StepDown.objects.order_by("pk").first().pk,
        "indicator": performance.catalogue()[0]["id"],
        "improvement_action": PlanAction.objects.order_by("pk").first().pk,
        "finding": Finding.objects.order_by("pk").first().pk,
        "risk": Risk.objects.order_by("pk").first().pk,
        "practice_run": PracticeRun.objects.order_by("pk").first().pk,
        "inspection": inspection.pk,
        "inspection_case": SelectedCase.objects.filter(inspection=inspection).order_by("pk").first().pk,
        "inspection_meeting": Meeting.objects.filter(inspection=inspection).order_by("pk").first().pk,
        "inspection_line": LineOfEnquiry.objects.filter(inspection=inspection).order_by("pk").first().pk,
        "evidence_area": EvidenceArea.objects.order_by("pk").first().pk,
    }


def _worker_of(username: str) -> str:
    from oversight.accounts.models import User

    return User.objects.get(username=username).professional_id


class Crawl:
    """Signed-in browser sessions, one per login, each with axe loaded; and the templates each page drew."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.sessions: dict = {}
        self.drawn: list[str] = []

    def session(self, login: str | None) -> Session:
        if login not in self.sessions:
            from oversight.synthetic.users import DEMO_PASSWORD

            s = Session(self.browser, self.base_url)
            axe.install(s.context)
            if login:
                s.sign_in(DEMO[login], DEMO_PASSWORD)
            self.sessions[login] = s
        return self.sessions[login]

    def open(self, login, target, ids) -> int:
        page = self.session(login).page
        if isinstance(target, str):
            self.drawn.clear()
            return page.goto(target.format(**ids)).status
        how, path, what = target
        page.goto(path.format(**ids))
        self.drawn.clear()
        with page.expect_navigation() as navigation:
            if how == "submit":
                page.locator(f"main button:has-text('{what}')").first.click()
            else:
                page.locator(what).first.click()
        return navigation.value.status

    def close(self):
        for s in self.sessions.values():
            s.context.close()


@pytest.mark.browser
def test_every_page_template_passes_axe(browser, live_server, demo):
    from django.test.signals import template_rendered

    crawl = Crawl(browser, live_server.url)

    def drawn(sender, template, context, **kwargs):
        crawl.drawn.append(template.name)

    template_rendered.connect(drawn)
    problems: list[str] = []
    try:
        for login, target, template, status in PAGES:
            got = crawl.open(login, target, demo)
            where = f"{target} as {login}"
            if got != status or template not in crawl.drawn:
                problems.append(f"{where}: status {got} (expected {status}), drew {crawl.drawn[:3]}, not {template}")
                continue
            problems += [f"{where}: {v}" for v in axe.violations(crawl.session(login).page)]
        problems += rendered_pages_violations(crawl)
    finally:
        template_rendered.disconnect(drawn)
        crawl.close()
    assert problems == [], "\n".join(problems)


def rendered_pages_violations(crawl) -> list[str]:
    """The pages of RENDERED, drawn by Django and shown at an address of the live server (so its CSS loads)."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    page = crawl.session(None).page
    problems = []
    for name in RENDERED:
        request = RequestFactory().get("/")
        html = render_to_string(name, {"reason": "The form could not be checked"}, request=request)

        def answer(route, request=None, body=html):
            route.fulfill(body=body, content_type="text/html")

        page.route("**/__template__", answer)
        page.goto("/__template__")
        page.unroute("**/__template__")
        problems += [f"{name}: {v}" for v in axe.violations(page)]
    return problems
