"""Timeliness pages on the hand-made council (tests/timeliness/conftest.py), as at 10 Apr 2024."""

import re

import pytest
from django.utils.html import escape

from oversight.accounts import roles
from oversight.accounts.models import AccessLog
from oversight.web import labels

pytestmark = pytest.mark.django_db

AS_AT = "as_at=2024-04-10"


def rows(response, testid):
    """The data-rule/data-status of each row of a table, and its first cells' text."""
    html = response.content.decode()
    if f'data-testid="{testid}"' not in html:
        return []
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return re.findall(
        r'<tr class="govuk-table__row" data-rule="([^"]+)" data-status="([^"]+)"(?: data-child="([^"]+)")?>',
        table,
    )


def test_overview_for_council_figures(council, client_for):
    response = client_for(roles.PERFORMANCE_OFFICER).get(f"/timeliness/?{AS_AT}")
    assert response.status_code == 200
    html = response.content.decode()
    row = html.split('data-rule="contact_decision_1wd"', 1)[1].split("</tr>", 1)[0]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'numeric">(.*?)</td>', row)]
    # Percent on time (1 of 4 measured), then percent done in time (of the 2 decisions made, 1 in time).
    assert cells == ["5", "1", "1", "2", "1", "0", "25.0", "50.0"]
    assert 'data-measure="cp_plan_second_or_subsequent"' in html
    # The default period starts a year before the date: 11 Apr 2023.
    assert 'value="2023-04-11"' in html


@pytest.mark.parametrize(
    "query,message",
    [
        ("as_at=2024-02-30", "The as-at date must be a real date"),
        ("as_at=2024-04-10&from=2024-05-01&to=2024-04-01", "The due-up-to date must be on or after the due-from date"),
        ("as_at=3024-01-01", "The as-at date must be between"),
        ("from=yesterday", "The due-from date must be a real date"),
    ],
)
def test_overview_bad_values_are_400_with_the_error_shown(council, client_for, query, message):
    response = client_for(roles.SENIOR_MANAGER).get(f"/timeliness/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html and "govuk-error-message" in html


def test_who_may_see_the_overview(council, client_for, client):
    assert client.get("/timeliness/").status_code == 302  # not signed in: to the sign-in page
    assert client_for(roles.SOCIAL_WORKER, professional_id="W1").get("/timeliness/").url == "/timeliness/to-do/"
    assert client_for(roles.INSPECTOR).get("/timeliness/").status_code == 403
    assert client_for(roles.IRO).get("/timeliness/rules/cp_visit/").status_code == 403


def test_a_rules_page(council, client_for):
    response = client_for(roles.TEAM_MANAGER, team_id="T1").get(f"/timeliness/rules/cp_visit/?{AS_AT}&from=2024-03-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Central Bedfordshire" in html  # the source, from the rulebook
    assert "10 working days, repeating" in html
    assert "33.3% on time</strong> of 3 items" in html
    months = html.split('data-testid="months"', 1)[1].split("</table>", 1)[0]
    assert "March 2024" in months and "33.3" in months
    workers = html.split('data-testid="workers"', 1)[1].split("</table>", 1)[0]
    assert "Worker One" in workers and "Worker Two" not in workers
    teams = html.split('data-testid="teams"', 1)[1].split("</table>", 1)[0]
    assert "Team one" in teams


def test_rules_page_answers_404_or_400(council, client_for, tmp_path, monkeypatch):
    client = client_for(roles.SENIOR_MANAGER)
    assert client.get("/timeliness/rules/no_such_rule/").status_code == 404
    assert client.get("/timeliness/rules/cp_visit/?as_at=2024-13-01").status_code == 400
    config = tmp_path / "council.toml"
    config.write_text("[timeliness.overrides.core_group_first_10wd]\nenabled = false\n")
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(config))
    assert client.get("/timeliness/rules/core_group_first_10wd/").status_code == 404


def to_do(client, query=""):
    response = client.get(f"/timeliness/to-do/?{AS_AT}{query}")
    assert response.status_code == 200
    return response, [(rule, status, child) for rule, status, child in rows(response, "to-do")]


def test_a_team_managers_morning_list(council, client_for):
    response, found = to_do(client_for(roles.TEAM_MANAGER, team_id="T1"))
    # Overdue first, oldest due first: CP1's second visit (due 22 Mar), then K1 (2 Apr).
    # Left out: CP2 (the plan has ended), K5 (F is now another team's child), K2 (team two), K4 (done).
    assert found == [("cp_visit", "overdue", "A"), ("contact_decision_1wd", "overdue", "A")]
    html = response.content.decode()
    # The child is named, as a practitioner knows them (#15), with their age and team.
    assert "Team one" in html and "Alexandra Testperson" in html


def test_a_social_workers_own_list(council, client_for):
    _, found = to_do(client_for(roles.SOCIAL_WORKER, professional_id="W2"))
    assert found == [("contact_decision_1wd", "due_soon", "B")]
    _, found = to_do(client_for(roles.SOCIAL_WORKER, professional_id="W1"))
    assert found == [("cp_visit", "overdue", "A"), ("contact_decision_1wd", "overdue", "A")]


def test_senior_roles_choose_a_team(council, client_for):
    client = client_for(roles.SENIOR_MANAGER)
    response, found = to_do(client)  # every team until one is chosen
    assert found == [
        ("cp_visit", "overdue", "A"),
        ("contact_decision_1wd", "overdue", "A"),
        ("contact_decision_1wd", "overdue", "F"),
        ("contact_decision_1wd", "due_soon", "B"),
    ]
    assert '<select class="govuk-select"' in response.content.decode()
    _, found = to_do(client, "&team=T1")  # a senior manager sees every child, F included
    assert found == [
        ("cp_visit", "overdue", "A"),
        ("contact_decision_1wd", "overdue", "A"),
        ("contact_decision_1wd", "overdue", "F"),
    ]
    _, found = to_do(client, "&team=T2")
    assert found == [("contact_decision_1wd", "due_soon", "B")]
    bad = client.get("/timeliness/to-do/?team=NOPE")
    assert bad.status_code == 400 and "Choose a team from the list" in bad.content.decode()
    assert client.get("/timeliness/to-do/?as_at=2024-02-31&team=T1").status_code == 400


def test_morning_list_without_a_team_or_worker_and_for_other_roles(council, client_for):
    response = client_for(roles.TEAM_MANAGER).get("/timeliness/to-do/")
    assert response.status_code == 200 and "not linked to a team" in response.content.decode()
    response = client_for(roles.SOCIAL_WORKER).get("/timeliness/to-do/")
    assert "not linked to a worker record" in response.content.decode()
    assert client_for(roles.AUDITOR).get("/timeliness/to-do/").status_code == 403


def test_the_child_record_shows_the_childs_clocks(council, client_for):
    client = client_for(roles.ADMINISTRATOR)
    response = client.get("/children/A/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Statutory clocks" in html
    clocks = html.split('data-testid="clocks"', 1)[1].split("</table>", 1)[0]
    assert 'data-rule="contact_decision_1wd" data-status="overdue"' in clocks
    # CP1's first visit: from 1 Mar, due 15 Mar, done 8 Mar.
    assert re.search(
        r'data-rule="cp_visit" data-status="on_time">.*?2024-03-01.*?2024-03-15.*?2024-03-08', clocks, re.S
    )
    # Only A's clocks: B's and C's contacts are not there.
    assert clocks.count('data-rule="contact_decision_1wd"') == 1
    assert AccessLog.objects.filter(person_id="A").count() == 1


def test_no_panel_for_a_child_without_clocks(council, client_for):
    from tests import factories as f

    f.child("Z")
    response = client_for(roles.ADMINISTRATOR).get("/children/Z/")
    assert response.status_code == 200 and "Statutory clocks" not in response.content.decode()


def test_a_child_out_of_scope_shows_no_clocks(council, client_for):
    response = client_for(roles.SOCIAL_WORKER, professional_id="W2").get("/children/A/")
    assert response.status_code == 403 and "Statutory clocks" not in response.content.decode()


def test_a_rules_page_lists_its_other_settings(client_for):
    html = client_for(roles.AUDITOR).get("/timeliness/rules/cla_visit/?as_at=2024-04-10").content.decode()
    # Each setting in words, placement types with their meaning; never the rulebook's key.
    assert escape(labels.setting("cla_visit", "long_term_placement_types")) + ": U1 " in html
    assert escape(labels.setting("cla_visit", "then")) + ": 6 weeks" in html
    assert "long term placement types" not in html and "then: 6 weeks" not in html and "optional" not in html


def test_the_rule_tables_are_rendered_once_and_never_with_another_users_links(council, client_for, monkeypatch):
    from oversight.people.models import CaseDataVersion
    from oversight.timeliness import views

    CaseDataVersion.bump()  # a snapshot: figures (and the rendered tables) are shared from now on
    renders = []
    real = views._render_rule_tables
    monkeypatch.setattr(views, "_render_rule_tables", lambda *a: renders.append(1) or real(*a))
    url = f"/timeliness/rules/cp_visit/?{AS_AT}&from=2024-03-01"
    officer = client_for(roles.PERFORMANCE_OFFICER).get(url).content.decode()
    assert client_for(roles.PERFORMANCE_OFFICER).get(url).content.decode().count('data-count="') == officer.count(
        'data-count="'
    )
    assert len(renders) == 1  # the second officer had the first one's tables
    manager = client_for(roles.TEAM_MANAGER, team_id="T1").get(url).content.decode()
    assert 'data-count="' in officer and 'data-count="' not in manager  # counts link only for who sees every child
    assert len(renders) == 2
    CaseDataVersion.bump()  # a new snapshot renders again
    client_for(roles.PERFORMANCE_OFFICER).get(url)
    assert len(renders) == 3


def test_the_rule_pages_team_and_worker_tables_are_paged(council, client_for, monkeypatch):
    from oversight.timeliness import views

    monkeypatch.setattr(views, "RULE_ROWS_PER_PAGE", 1)
    client = client_for(roles.SENIOR_MANAGER)
    url = "/timeliness/rules/contact_decision_1wd/?as_at=2024-04-10&from=2024-03-01"

    def table(html, testid):
        return html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]

    first = client.get(url).content.decode()
    second = client.get(url + "&teams_page=2&workers_page=2").content.decode()
    assert ("Team one" in table(first, "teams")) != ("Team one" in table(second, "teams"))
    assert ("Team two" in table(first, "teams")) != ("Team two" in table(second, "teams"))
    assert ("Worker One" in table(first, "workers")) != ("Worker One" in table(second, "workers"))
    assert client.get(url + "&teams_page=3").status_code == 404
    # The download keeps every team.
    csv = client.get(url + "&download=csv&table=teams").content.decode()
    assert "Team one" in csv and "Team two" in csv


def test_the_overview_tables_are_shared_per_snapshot_and_follow_the_date(council, client_for, monkeypatch):
    """Rendered once for everyone allowed them, but a page without a date shows today's, even past midnight."""
    import datetime as dt

    from django.utils import timezone

    from oversight.people.models import CaseDataVersion
    from oversight.timeliness import views

    CaseDataVersion.bump()
    renders = []
    real = views.render_to_string
    monkeypatch.setattr(views, "render_to_string", lambda *a, **k: renders.append(a[0]) or real(*a, **k))
    officer = client_for(roles.PERFORMANCE_OFFICER)
    first = officer.get(f"/timeliness/?{AS_AT}").content.decode()
    again = client_for(roles.PERFORMANCE_OFFICER).get(f"/timeliness/?{AS_AT}").content.decode()
    assert renders == ["timeliness/_overview_tables.html"]
    assert first.count('data-count="') == again.count('data-count="') > 0
    manager = client_for(roles.TEAM_MANAGER, team_id="T1").get(f"/timeliness/?{AS_AT}").content.decode()
    assert 'data-count="' not in manager and len(renders) == 2  # no links for who may not see every child

    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2024, 4, 10))
    assert "Rules, as at 2024-04-10" in officer.get("/timeliness/").content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2024, 4, 11))
    assert "Rules, as at 2024-04-11" in officer.get("/timeliness/").content.decode()
