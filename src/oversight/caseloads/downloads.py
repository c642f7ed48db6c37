"""The caseload pages' tables as downloads: the same rows and columns as on screen, in words."""

from __future__ import annotations

from oversight.web.downloads import Table
from oversight.web.labels import label


def workers_table(workers: list[dict], team_names: dict, title: str) -> Table:
    return Table(
        title,
        ["Worker id", "Worker", "Grade", "Team", "FTE", "Cases", "Target", "Over target by"],
        [
            [
                w["worker_id"],
                w["name"] or w["worker_id"],
                label("grade", w["grade"]),
                team_names.get(w["team"], w["team"]),
                w["fte"],
                w["cases"],
                w["target"],
                w["over_target_by"],
            ]
            for w in workers
        ],
    )


def summary_tables(report: dict, over: list[dict], everyone: list[dict], team_names: dict) -> dict[str, Table]:
    under = report["under_target"]["workers"]
    return {
        "over-target": workers_table(over, team_names, "Workers over target"),
        "teams": Table(
            "Teams",
            ["Team", "Case holders", "Average caseload", "Over target", "Hot spot"],
            [
                [
                    t.get("team_name") or team_names.get(t["team"], t["team"]) or "No team recorded",
                    t["workers"],
                    t["average_caseload"],
                    t["workers_over_target"],
                    "Yes" if t["hot_spot"] else "No",
                ]
                for t in report["teams"]
            ],
        ),
        "under-target": Table(
            "Workers under target",
            ["Worker id", "Worker", "Grade", "Team", "Cases", "Target", "Reason"],
            [
                [
                    w["worker_id"],
                    w["name"] or w["worker_id"],
                    label("grade", w["grade"]),
                    team_names.get(w["team"], w["team"]),
                    w["cases"],
                    w["target"],
                    w["reason_label"],
                ]
                for w in under
            ],
        ),
        "workers": workers_table(everyone, team_names, "Workers"),
    }


def children_table(children: list[dict]) -> Table:
    return Table(
        "Children held",
        ["Child id", "Name", "Age", "Legal status", "Allocated since"],
        [[c["person_id"], c["name"], c["age"], c["legal_status"], c["since"]] for c in children],
    )
