"""Hand-made SSD frames for the caseload analytics tests (no database)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.people.frames import schema
from oversight.people.ssd import table


def d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def frame(name: str, rows: list[dict]) -> pl.DataFrame:
    """An SSD table as a frame: ROWS give some columns, the rest are null."""
    sch = schema(table(name))
    return pl.DataFrame([{c: r.get(c) for c in sch} for r in rows], schema=sch, orient="row")


class Council:
    """Builds the frames of a small council row by row."""

    def __init__(self):
        self.rows: dict[str, list[dict]] = {
            n: []
            for n in (
                "ssd_involvements",
                "ssd_professionals",
                "ssd_department",
                "ssd_cin_episodes",
                "ssd_cp_plans",
                "ssd_cla_episodes",
                "ssd_care_leavers",
            )
        }
        self._n = 0

    def _id(self) -> str:
        self._n += 1
        return str(self._n)

    def team(self, team_id, name="", parent=""):
        self.rows["ssd_department"].append(
            {"dept_team_id": team_id, "dept_team_name": name or team_id, "dept_team_parent_id": parent}
        )

    def worker(
        self,
        worker_id,
        grade="social_worker",
        team="",
        fte=1.0,
        start="2015-01-01",
        end=None,
        qualified="2010-07-01",
        agency="N",
    ):
        self.rows["ssd_professionals"].append(
            {
                "prof_professional_id": worker_id,
                "prof_professional_name": f"Worker {worker_id}",
                "prof_grade": grade,
                "prof_team_id": team,
                "prof_full_time_equivalency": fte,
                "prof_start_date": d(start),
                "prof_end_date": d(end),
                "prof_qualified_date": d(qualified),
                "prof_agency_worker_flag": agency,
            }
        )

    def allocate(self, child, worker, start, end=None, role="CW", team=""):
        self.rows["ssd_involvements"].append(
            {
                "invo_involvements_id": self._id(),
                "invo_professional_id": worker,
                "invo_professional_role_id": role,
                "invo_person_id": child,
                "invo_involvement_start_date": d(start),
                "invo_involvement_end_date": d(end),
                "invo_professional_team": team,
            }
        )

    def referral(self, child, start, close=None):
        self.rows["ssd_cin_episodes"].append(
            {
                "cine_referral_id": self._id(),
                "cine_person_id": child,
                "cine_referral_date": d(start),
                "cine_close_date": d(close),
            }
        )

    def in_care(self, child, start, ceased=None):
        self.rows["ssd_cla_episodes"].append(
            {
                "clae_cla_episode_id": self._id(),
                "clae_person_id": child,
                "clae_cla_episode_start_date": d(start),
                "clae_cla_episode_ceased_date": d(ceased),
            }
        )

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: frame(name, rows) for name, rows in self.rows.items()}
