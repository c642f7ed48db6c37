"""Reads for the home pages: what each role needs first thing in the morning.

Social worker: their children with each one's next due and overdue items, and their caseload against
target. Team manager: the team's caseloads, overdue and due-soon items, unallocated children, audits
and actions. IRO and CP chair: reviews and conferences due in the next 20 working days, overdue first,
and their caseload against target. Council roles: the headline figures and how they have moved.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.accounts import scope
from oversight.analytics import cohorts
from oversight.analytics.caseloads import month_ends
from oversight.analytics.workdays import add_months, default_calendar
from oversight.config import section
from oversight.people import frames, lists
from oversight.web import labels

# The statutory meetings an IRO or CP chair runs (timeliness rule ids).
REVIEW_RULES = (
    "icpc_15wd",
    "rcpc_first_3m",
    "rcpc_next_6m",
    "cla_review_first_20wd",
    "cla_review_second_3m",
    "cla_review_next_6m",
)
REVIEW_WINDOW_WORKING_DAYS = 20


def _open_items(day: dt.date, children: set[str] | None, rule_ids=None) -> pl.DataFrame:
    """Items not yet done, of plans and periods still running, for CHILDREN (None = all)."""
    from oversight.timeliness import queries as timeliness

    found = timeliness.waiting(day, children)  # the council's waiting items, found by child (no scan)
    if rule_ids is not None:
        found = found.filter(pl.col("rule").is_in(list(rule_ids)))
    return found


def _titles() -> dict[str, str]:
    from oversight.timeliness import queries as timeliness

    return {r.id: r.title or r.id for r in timeliness.rulebook().rules}


def my_children(user, day: dt.date) -> list[dict]:
    """The children allocated to USER's worker id, each with their next due item and how many are overdue."""
    # The council's whole list (one shared figure, warmed) narrowed here: a list per worker would be worked
    # out afresh, seconds on a large council, for each worker's first visit of the day.
    everyone, _ = lists.children(scope.visible_child_ids(user), day, lists.Filters())
    rows = [r for r in everyone if r["worker_id"] == user.professional_id]
    if not rows:
        return rows
    items = _open_items(day, {r["person_id"] for r in rows}).sort("due_date")
    titles = _titles()
    overdue = dict(items.filter(pl.col("status") == "overdue").group_by("child_id").len().iter_rows())
    upcoming = {}
    for item in items.filter(pl.col("status") != "overdue").iter_rows(named=True):
        upcoming.setdefault(item["child_id"], item)
    rows = [dict(r) for r in rows]  # the list's rows are shared by every user (people.lists.children)
    for r in rows:
        r["overdue"] = overdue.get(r["person_id"], 0)
        nxt = upcoming.get(r["person_id"])
        r["next_title"] = titles.get(nxt["rule"], nxt["rule"]) if nxt else ""
        r["next_due"] = nxt["due_date"] if nxt else None
    rows.sort(key=lambda r: (-r["overdue"], r["next_due"] or dt.date.max, r["name"]))
    return rows


def caseload(worker_id: str, day: dt.date, kind: str = "workers") -> dict | None:
    """WORKER_ID's caseload row on DAY (kind "workers", "iro" or "personal_advisers"), or None."""
    from oversight.caseloads import queries as caseloads

    return caseloads.worker_caseload(worker_id, day, kind)


def team_panel(user, day: dt.date) -> dict:
    """A team manager's team: workers over first, overdue and due-soon items, unallocated children, audits."""
    from oversight.audits import queries as audits
    from oversight.audits.models import Audit
    from oversight.caseloads import queries as caseloads

    teams = scope.team_ids(user.team_id)
    report = caseloads.report(day)
    workers = sorted(
        (w for w in report["workers"] if w["team"] in teams),
        key=lambda w: (-(w["over_target_by"] or 0), -w["cases"], w["name"] or ""),
    )
    items = _open_items(day, scope.visible_child_ids(user)).filter(pl.col("team").is_in(list(teams)))
    # The council's unallocated children (one shared figure) narrowed to the teams here, not a list per team.
    unallocated, _ = lists.children(scope.visible_child_ids(user), day, lists.Filters(status="unallocated_children"))
    unallocated = [r for r in unallocated if r["team_id"] in teams]
    open_audits = Audit.objects.filter(team_id__in=teams).exclude(status=Audit.FINAL).count()
    actions = audits.actions_for(user)
    return {
        "team_name": labels.team_names().get(user.team_id, user.team_id),
        "workers": workers,
        "over_target": sum(1 for w in workers if w["over_target_by"]),
        "overdue": items.filter(pl.col("status") == "overdue").height,
        "due_soon": items.filter(pl.col("status") == "due_soon").height,
        "unallocated": len(unallocated),
        "open_audits": open_audits,
        "open_actions": actions.count(),
        "overdue_actions": actions.filter(due_date__lt=day).count(),
    }


def reviews_due(user, day: dt.date) -> list[dict]:
    """Reviews and conferences of the children USER reviews, due by 20 working days from DAY; overdue first."""
    until = default_calendar().add(day, REVIEW_WINDOW_WORKING_DAYS)
    visible = scope.visible_child_ids(user)
    items = _open_items(day, visible, list(REVIEW_RULES)).filter(pl.col("due_date") <= until)
    items = items.sort(pl.col("status") != "overdue", "due_date", "child_id")
    who = lists.identify(items.get_column("child_id").to_list(), day) if items.height else {}
    titles = _titles()
    out = []
    for item in items.iter_rows(named=True):
        out.append(
            {
                **item,
                **who.get(item["child_id"], {"name": f"Child {item['child_id']}", "age": None, "legal_status": ""}),
                "title": titles.get(item["rule"], item["rule"]),
            }
        )
    return out


def review_window_end(day: dt.date) -> dt.date:
    return default_calendar().add(day, REVIEW_WINDOW_WORKING_DAYS)


TREND_FIGURES = [
    ("children_in_need", "Children in need"),
    ("child_protection_plans", "On child protection plans"),
    ("children_in_care", "Children in care"),
    ("care_leavers", "Care leavers"),
    ("unallocated_children", "Unallocated children"),
]


def council_trend(day: dt.date) -> dict:
    """The headline figures at the last 12 month-ends before DAY, and on DAY itself (a partial month)."""
    data = {name: frames.load(name) for name in cohorts.SUMMARY_TABLES}
    roles = section("involvements")
    ends = month_ends(add_months(day, -12), day - dt.timedelta(days=1))[-12:]
    days = [*ends, day] if not ends or ends[-1] != day else ends
    columns = []
    for d in days:
        counts = cohorts.headline_counts(data, d, roles["case_worker_roles"], roles["personal_adviser_roles"])
        columns.append({"day": d, "partial": d == day and d not in ends, "counts": counts})
    rows = []
    for key, label in TREND_FIGURES:
        values = [c["counts"][key] for c in columns]
        first = values[0] if values else None
        rows.append(
            {
                "key": key,
                "label": label,
                "values": values,
                "change": (values[-1] - first) if first is not None else None,
            }
        )
    return {"columns": columns, "rows": rows, "month_ends": len(ends)}
