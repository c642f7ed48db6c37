"""The department tree, the workforce over time, and who was allocated to what.

Functions (the assessment service, each locality, children in care, ...) are
staffed from the work the stories made: posts = open cases at the as-at date
divided by a caseload ratio, split into teams of about seven. Each post is held
by a run of workers over time (agency holders stay shorter, which sets both
turnover and the agency share), and each segment of work is allocated to a
worker in post in its team, with reallocations when a worker leaves or cases
are rebalanced.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import numpy as np

from oversight.synthetic import codes
from oversight.synthetic.stories import LOCALITIES, Stories, _chooser
from oversight.synthetic.timeline import OPEN

# Open cases per post. Case-holding social workers land near 16 each once
# vacancies and part-time posts are counted.
RATIO = {
    "assessment": 17.0,
    "children_in_care": 17.0,
    "permanence": 14.0,
    "iro": 55.0,
    "cp_chairs": 55.0,
    "care_leavers": 21.0,
}
LOCALITY_RATIO = 17.0
TEAM_SIZE = 7
# Mean years in post: agency workers move on sooner. Employed workers' 6 years give about England's
# turnover of 15.9 % a year (national-figures.md section 1.1) once team managers' longer stays, vacancies and
# the agency share set at the as-at date are counted; 9 years gave about 10 %.
TENURE_PERMANENT, TENURE_AGENCY = 6.0, 3.0
AGENCY_CHANCE = {"sw": 0.40, "iro": 0.15, "cp_chair": 0.1, "personal_adviser": 0.0, "team_manager": 0.15}
NQSW_CHANCE = 0.3
AGENCY_SHARE = 0.18
# The first post of each case-holding team is held by someone who takes on more
# than their share, so every council has hot spots over 25 cases.
HOT_POST_WEIGHT = 2.2
REALLOCATE_PER_YEAR = 0.2
# Chance that an open case of a worker who left in the last four months is still waiting for a new worker on the
# as-at date (besides the first, always): 0.12 until builder version 13, lowered with the shorter stays in post,
# which put more leavers in those months, so that the as-at date does not stand out from the month-ends before.
LEFT_OPEN_CHANCE = 0.04
# Share of new and transferred cases that wait for a worker, and the mean wait in days: a steady queue in
# every month, not only on the as-at date.
WAITING_SHARE = 0.3
WAITING_MEAN_DAYS = 9.0


@dataclass
class Team:
    team_id: str
    name: str
    function: str
    kind: str  # "sw", "iro", "cp_chair", "personal_adviser" (the grade family of its case holders)
    parent_id: str
    parent_name: str
    posts: int = 0
    workers: list = field(default_factory=list)  # [start, end, weight, index]


@dataclass
class Worker:
    professional_id: str
    name: str
    team: Team
    kind: str
    start: int
    end: int  # OPEN while in post
    agency: bool
    fte: float
    qualified: int | None
    weight: float
    grade: str = ""
    staff_id: str = ""


def function_of(team_function: str) -> tuple[str, str]:
    """(service area, locality or '') for a function."""
    if team_function.startswith("locality:"):
        return "Family Safeguarding", team_function.split(":", 1)[1]
    return {
        "mash": ("Front Door and Assessment", ""),
        "assessment": ("Front Door and Assessment", ""),
        "children_in_care": ("Children in Care and Permanence", ""),
        "permanence": ("Children in Care and Permanence", ""),
        "care_leavers": ("Care Leavers", ""),
        "iro": ("Safeguarding Unit", ""),
        "cp_chairs": ("Safeguarding Unit", ""),
    }[team_function]


TEAM_NAMES = {
    "mash": "MASH",
    "assessment": "Assessment Team",
    "children_in_care": "Children in Care Team",
    "permanence": "Permanence Team",
    "care_leavers": "Leaving Care Team",
    "iro": "Independent Reviewing Team",
    "cp_chairs": "Child Protection Chairs Team",
}
KIND = {"iro": "iro", "cp_chairs": "cp_chair", "care_leavers": "personal_adviser"}


class Workforce:
    def __init__(self, stories: Stories, rng: random.Random, as_at: int, waiting: random.Random):
        self.s = stories
        self.rng = rng
        # Waits for allocation come from their own generator, so the allocation draws stay in step.
        self.waiting = waiting
        self.A = as_at
        self.departments: list[tuple] = []
        self.teams: dict[str, list[Team]] = {}
        self.workers: list[Worker] = []
        self.involvements: list[tuple] = []
        self.seg_team: list[str] = []
        self.seg_worker: list[str] = []
        self.left_open = 0
        self.hired = 0

    # ------------------------------------------------------------- structure
    def open_load(self) -> dict[str, int]:
        s = self.s
        starts, ends = np.array(s.seg_start), np.array(s.seg_end)
        functions = np.array(s.seg_function)
        open_now = (starts <= self.A) & (ends > self.A)
        names, counts = np.unique(functions[open_now], return_counts=True)
        return dict(zip(names.tolist(), counts.tolist()))

    def build_structure(self):
        load = self.open_load()
        functions = (
            ["assessment"]
            + [f"locality:{loc}" for loc in LOCALITIES]
            + ["children_in_care", "permanence", "care_leavers", "iro", "cp_chairs"]
        )
        root = ("D001", "Children's Social Care", "", "", "service_area")
        self.departments.append(root)
        areas = {}
        for area in (
            "Front Door and Assessment",
            "Family Safeguarding",
            "Children in Care and Permanence",
            "Care Leavers",
            "Safeguarding Unit",
        ):
            area_id = f"D{len(self.departments) + 1:03d}"
            areas[area] = (area_id, area)
            self.departments.append((area_id, area, root[0], root[1], "service_area"))
        localities = {}
        for loc in LOCALITIES:
            loc_id = f"D{len(self.departments) + 1:03d}"
            parent = areas["Family Safeguarding"]
            localities[loc] = (loc_id, loc)
            self.departments.append((loc_id, loc, parent[0], parent[1], "locality"))
        counter = 0

        def add_team(function, name, posts):
            nonlocal counter
            counter += 1
            area, loc = function_of(function)
            parent = localities[loc] if loc else areas[area]
            team = Team(f"T{counter:03d}", name, function, KIND.get(function, "sw"), parent[0], parent[1], posts)
            self.departments.append((team.team_id, team.name, team.parent_id, team.parent_name, "team"))
            self.teams.setdefault(function, []).append(team)
            return team

        mash_posts = max(2, round(load.get("assessment", 0) / 60))
        add_team("mash", "MASH", mash_posts)
        for function in functions:
            ratio = LOCALITY_RATIO if function.startswith("locality:") else RATIO[function]
            posts = max(2 if function != "cp_chairs" else 1, round(load.get(function, 0) / ratio))
            n_teams = max(1, round(posts / TEAM_SIZE))
            base = TEAM_NAMES.get(function) or f"{function.split(':')[1]} Family Safeguarding Team"
            for k in range(n_teams):
                share = posts // n_teams + (1 if k < posts % n_teams else 0)
                add_team(function, f"{base} {k + 1}", share)

    # ------------------------------------------------------------- people
    def hire(self):
        _rng, A = self.rng, self.A
        history_start = min(self.s.seg_start) if self.s.seg_start else A - 5 * 365
        forenames = codes.FORENAMES_F + codes.FORENAMES_M
        for teams in self.teams.values():
            for team in teams:
                for kind, n in (("team_manager", 1), (team.kind, team.posts)):
                    for k in range(n):
                        hot = kind == "sw" and k == 0 and team.function != "mash"
                        self.fill_post(team, kind, history_start, forenames, HOT_POST_WEIGHT if hot else 1.0)
        self.ensure_newly_qualified()
        self.ensure_agency_share()
        self.ensure_recent_leaver()
        for w in self.workers:
            w.grade = self.grade(w)

    def fill_post(self, team: Team, kind: str, history_start: int, forenames, load: float = 1.0):
        rng, A = self.rng, self.A
        t = history_start - rng.randint(0, 10 * 365)
        while t <= A:
            agency = rng.random() < AGENCY_CHANCE[kind]
            years = TENURE_AGENCY if agency else TENURE_PERMANENT
            if kind == "team_manager":
                years *= 1.3
            end = t + max(30, int(rng.expovariate(1 / years) * 365))
            social_work = kind not in ("personal_adviser",)
            if not social_work:
                qualified = None
            elif kind == "sw" and not agency and rng.random() < NQSW_CHANCE:
                qualified = t - rng.randint(0, 120)
            else:
                qualified = t - rng.randint(2 * 365 if agency else 365, 18 * 365)
            fte = 1.0 if agency or rng.random() < 0.82 else rng.choice((0.5, 0.6, 0.8, 0.8))
            weight = fte * rng.lognormvariate(0, 0.45) * load
            index = self.hired
            self.hired += 1
            w = Worker(
                f"W{index + 1:05d}",
                f"{rng.choice(forenames)} {rng.choice(codes.SURNAMES)}",
                team,
                kind,
                t,
                end if end <= A else OPEN,
                agency,
                fte,
                qualified,
                weight,
                staff_id="" if agency else f"E{40000 + index}",
            )
            # Workers who left before the case history begins would only be empty rows.
            if end >= history_start:
                self.workers.append(w)
                if kind != "team_manager":
                    team.workers.append(w)
            if end > A:
                break
            t = end + rng.randint(0, 60)

    def ensure_newly_qualified(self):
        """Make sure some social workers in post are in their first year, one close to its end.

        A worker made newly qualified here starts no earlier than they qualified
        (their post stays vacant a little longer before them).
        """
        A, rng = self.A, self.rng
        current = [w for w in self.workers if w.kind == "sw" and not w.agency and w.end == OPEN]
        nqsw = [w for w in current if A - w.qualified < 365]
        wanted = max(2, round(0.05 * len(current)))
        others = sorted((w for w in current if w not in nqsw), key=lambda w: (-w.start, w.professional_id))
        for w in others[: max(0, wanted - len(nqsw))]:
            self._qualify(w, A - rng.randint(30, 300))
            nqsw.append(w)
        if nqsw and not any(285 <= A - w.qualified < 365 for w in nqsw):
            self._qualify(min(nqsw, key=lambda w: (w.start, w.professional_id)), A - rng.randint(290, 330))

    def _qualify(self, w: Worker, day: int) -> None:
        w.qualified = day
        if w.start < day:
            w.start = day + self.rng.randint(0, 20)

    def ensure_agency_share(self):
        """Bring the agency share of social-work staff in post to AGENCY_SHARE (a small council is noisy)."""
        A, rng = self.A, self.rng
        current = [w for w in self.workers if w.kind != "personal_adviser" and w.end == OPEN]
        wanted = round(AGENCY_SHARE * len(current))
        agency = [w for w in current if w.agency]
        if len(agency) > wanted:
            for w in rng.sample(agency, len(agency) - wanted):
                w.agency, w.staff_id = False, f"E{40000 + int(w.professional_id[1:])}"
        elif len(agency) < wanted:
            permanent = [w for w in current if not w.agency and w.kind == "sw" and A - w.qualified >= 365]
            for w in rng.sample(permanent, min(len(permanent), wanted - len(agency))):
                w.agency, w.staff_id, w.fte = True, "", 1.0

    def ensure_recent_leaver(self):
        """At least one worker with long-running cases left in the last few months (a test case)."""
        A, rng = self.A, self.rng
        long_running = [
            w for w in self.workers if w.kind == "sw" and w.team.function.startswith(("locality:", "children_in"))
        ]
        if any(A - 120 <= w.end <= A for w in long_running):
            return
        current = [w for w in long_running if w.end == OPEN and w.start < A - 400]
        if current:
            rng.choice(current).end = A - rng.randint(20, 90)

    def grade(self, w: Worker) -> str:
        if w.kind != "sw":
            return w.kind
        reference = min(w.end, self.A)
        if w.qualified is not None and reference - w.qualified < 365:
            return "nqsw"
        if w.qualified is not None and reference - w.qualified > 6 * 365 and int(w.professional_id[1:]) % 3 == 0:
            return "senior_practitioner"
        return "social_worker"

    # ------------------------------------------------------------- allocation
    def allocate(self):
        s, rng, A = self.s, self.rng, self.A
        n = len(s.seg_start)
        self.seg_team = [""] * n
        self.seg_worker = [""] * n
        midway = _chooser(rng, codes.CHANGE_REASONS_MIDWAY)
        order = sorted(range(n), key=lambda i: (s.seg_start[i], i))
        for i in order:
            teams = self.teams[s.seg_function[i]]
            team = teams[int(s.seg_person[i]) % len(teams)]
            self.seg_team[i] = team.team_id
            start, end, role = s.seg_start[i], s.seg_end[i], s.seg_role[i]
            if start > A:
                continue
            t, reason = start + self.wait(role, start, end), s.seg_reason[i]
            if t > A:
                continue  # still awaiting allocation on the as-at date
            while t < end and t <= A:
                roster = [w for w in team.workers if w.start <= t < w.end]
                if not roster:
                    later = [w.start for w in team.workers if w.start > t]
                    if not later:
                        break
                    # A case whose worker left waits for the team's next starter: it changed worker because the
                    # worker left, not for one of the mid-case reasons (a sole chair's leaving moved all their cases).
                    t, reason = min(later), "LEFTRL" if reason == "LEFTRL" else "OTHERS"
                    continue
                w = roster[_pick(rng, [self.weight(x, t) for x in roster])]
                if not self.seg_worker[i]:
                    self.seg_worker[i] = w.professional_id
                stop, next_reason = end, ""
                if w.end < stop:
                    stop, next_reason = w.end, "LEFTRL"
                # Reallocations at a steady yearly rate over the known stretch (to the as-at date for open
                # cases: measuring an open case from its end, not from the as-at date, piled changes up there).
                known = min(stop, A + 1) - t
                if known > 60 and rng.random() < REALLOCATE_PER_YEAR * min(known, 3 * 365) / 365:
                    stop, next_reason = t + rng.randint(30, known - 1), midway()
                if (
                    next_reason == "LEFTRL"
                    and end == OPEN
                    and w.end >= A - 120
                    and (not self.left_open or rng.random() < LEFT_OPEN_CHANCE)
                ):
                    stop = OPEN  # the worker left and the case was never reallocated
                    self.left_open += 1
                self.involvements.append(
                    (
                        f"IN{len(self.involvements) + 1:07d}",
                        w.professional_id,
                        role,
                        team.team_id,
                        s.seg_person[i],
                        s.seg_referral[i],
                        t,
                        None if stop > A else stop,
                        reason,
                    )
                )
                if stop >= end or stop > A:
                    break
                t = stop + (rng.randint(0, 10) if next_reason == "LEFTRL" else 0)
                reason = next_reason

    def wait(self, role: str, start: int, end: int) -> int:
        """Days a new or transferred case waits for its first worker (0 for most).

        A case that closed waits at most half its length, so every closed case had a worker.
        """
        if role != "CW" or self.waiting.random() >= WAITING_SHARE:
            return 0
        days = 1 + int(self.waiting.expovariate(1 / WAITING_MEAN_DAYS))
        return days if end == OPEN else min(days, (end - start) // 2)

    def weight(self, w: Worker, day: int) -> float:
        # Newly qualified workers are meant to carry a protected caseload.
        if w.qualified is not None and w.kind == "sw" and day - w.qualified < 365:
            return w.weight * 0.6
        return w.weight

    # ------------------------------------------------------------- rows
    def professional_rows(self) -> list[tuple]:
        A = self.A
        census = _last_30_september(A)
        open_at_census: dict[str, int] = {}
        for inv in self.involvements:
            if inv[2] == "CW" and inv[6] <= census and (inv[7] is None or inv[7] > census):
                open_at_census[inv[1]] = open_at_census.get(inv[1], 0) + 1
        rows = []
        for w in self.workers:
            social_work = w.kind != "personal_adviser"
            rows.append(
                (
                    w.professional_id,
                    w.staff_id,
                    w.name,
                    f"SW{100000 + int(w.professional_id[1:]) * 7 % 900000:06d}" if social_work else "",
                    "Y" if w.agency else "N",
                    codes.JOB_TITLES[w.grade],
                    open_at_census.get(w.professional_id, 0),
                    w.team.name,
                    w.fte,
                    w.grade,
                    w.qualified,
                    w.start,
                    None if w.end == OPEN else w.end,
                    w.team.team_id,
                )
            )
        return rows


def _pick(rng: random.Random, weights: list[float]) -> int:
    x = rng.random() * sum(weights)
    for k, wt in enumerate(weights):
        x -= wt
        if x < 0:
            return k
    return len(weights) - 1


def _last_30_september(day: int) -> int:
    d = dt.date.fromordinal(day)
    year = d.year if (d.month, d.day) >= (9, 30) else d.year - 1
    return dt.date(year, 9, 30).toordinal()
