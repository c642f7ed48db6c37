"""Children's journeys: contacts, referrals, assessments, plans, care and leaving care.

One pass over the children in id order with one seeded `random.Random`, so the
same seed gives the same council. Who works on each case is not known yet:
each stretch of work is recorded as a *segment* (a function such as the
assessment service or a locality, a role, dates) and the workforce module
later staffs the functions and allocates workers to segments. Columns that
name the team or worker of a segment are filled in then, through `patches`.
Repeating events (visits, core groups, contacts) are made afterwards,
vectorised, from the spans collected in `spans`.

This module holds the shared state, the helpers and the kinds of child; the
steps of a journey are mixins split by service: front_door.py (contacts, early
help, referrals, assessments, strategy and S47), child_protection.py (CP and
CIN plans) and in_care.py (care periods to care leavers).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from oversight.synthetic import codes
from oversight.synthetic.child_protection import ChildProtection
from oversight.synthetic.front_door import FrontDoor
from oversight.synthetic.in_care import InCare
from oversight.synthetic.tables import COLUMNS
from oversight.synthetic.timeline import OPEN, WorkingDays, birthday

LOCALITIES = ("North", "Central", "South")
LOCALITY_WEIGHTS = (35, 37, 28)
# Share of children in early help on the as-at date whose referral is still to come (see future_referral_child).
FUTURE_REFERRAL_SHARE = 0.013
# Age in years at the first referral (0-17).
AGE_WEIGHTS = [13, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 6, 6, 7, 8, 8, 7, 4]


def _chooser(rng: random.Random, pairs):
    values = [p[0] for p in pairs]
    cum = []
    total = 0.0
    for p in pairs:
        total += p[-1]
        cum.append(total)

    def choose():
        return values[_bisect(cum, rng.random() * total)]

    return choose


def _bisect(cum, x):
    lo, hi = 0, len(cum)
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


class Stories(FrontDoor, ChildProtection, InCare):
    def __init__(self, rng: random.Random, days: WorkingDays, as_at: int, years: int, children: int):
        self.rng = rng
        self.days = days
        self.A = as_at
        self.window_start = as_at - round(years * 365.25)
        self.n_children = children
        self.rows: dict[str, list[tuple]] = defaultdict(list)
        self.counters: dict[str, int] = defaultdict(int)
        # Segments: a stretch of work for one child by one function and role.
        self.seg_person: list[str] = []
        self.seg_function: list[str] = []
        self.seg_role: list[str] = []
        self.seg_start: list[int] = []
        self.seg_end: list[int] = []
        self.seg_referral: list[str] = []
        self.seg_reason: list[str] = []
        # (table, row index, column index, segment, "team" or "worker")
        self.patches: list[tuple[str, int, int, int, str]] = []
        # Spans for repeating events: kind -> list of (person, parent id, start, end, extra)
        self.spans: dict[str, list[tuple]] = defaultdict(list)
        self.source = _chooser(rng, codes.REFERRAL_SOURCES)
        self.source_desc = {code: desc for code, desc, _ in codes.REFERRAL_SOURCES}
        self.need = _chooser(rng, codes.NEED_CODES)
        self.cp_category = _chooser(rng, codes.CP_CATEGORIES)
        self.ethnicity = _chooser(rng, codes.ETHNICITIES)
        self.disability = _chooser(rng, codes.DISABILITIES)
        self.close_after_assessment = _chooser(rng, codes.CLOSE_AFTER_ASSESSMENT)
        self.close_after_services = _chooser(rng, codes.CLOSE_AFTER_SERVICES)
        self.legal_start = _chooser(rng, codes.LEGAL_START)
        self.placement_young = _chooser(rng, codes.PLACEMENTS_YOUNG)
        self.placement_teen = _chooser(rng, codes.PLACEMENTS_TEEN)
        self.adoption_placement = _chooser(rng, codes.ADOPTION_PLACEMENTS)
        self.provider = _chooser(rng, codes.PROVIDERS)
        self.placement_change = _chooser(rng, codes.PLACEMENT_CHANGE)
        self.ceased_home = _chooser(rng, codes.CEASED_RETURN_HOME)
        self.ceased_18 = _chooser(rng, codes.CEASED_AT_18)
        self.ceased_sgo = _chooser(rng, codes.CEASED_SGO)
        self.in_touch = _chooser(rng, codes.CARE_LEAVER_IN_TOUCH)
        self.accommodation = _chooser(rng, codes.CARE_LEAVER_ACCOMMODATION)
        self.activity = _chooser(rng, codes.CARE_LEAVER_ACTIVITY)
        self.participation = _chooser(rng, codes.REVIEW_PARTICIPATION)
        self.missing_type = _chooser(rng, codes.MISSING_TYPES)
        self.age = _chooser(rng, list(enumerate(AGE_WEIGHTS)))
        self.locality = _chooser(rng, list(zip(LOCALITIES, LOCALITY_WEIGHTS)))

    # ----------------------------------------------------------------- helpers
    def new_id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]:06d}"

    def add(self, table: str, row: tuple) -> int:
        rows = self.rows[table]
        rows.append(row)
        return len(rows) - 1

    def segment(self, person, function, role, start, end, referral="", reason="FCONTA") -> int:
        """Record a stretch of work; END is OPEN while it is still going on at the as-at date."""
        self.seg_person.append(person)
        self.seg_function.append(function)
        self.seg_role.append(role)
        self.seg_start.append(start)
        self.seg_end.append(end if end is not None else OPEN)
        self.seg_referral.append(referral)
        self.seg_reason.append(reason)
        return len(self.seg_start) - 1

    def patch(self, table, row, column, seg, what="worker"):
        self.patches.append((table, row, COLUMNS[table].index(column), seg, what))

    def closed(self, day):
        """DAY if it has happened by the as-at date, else None (not yet known)."""
        return day if day is not None and day <= self.A else None

    def weekday_biased(self, day: int) -> int:
        """Move most weekend and holiday events to the next working day (a few stay)."""
        if self.days.is_working(day) or self.rng.random() < 0.12:
            return day
        moved = self.days.add(day, 1)
        return moved if moved <= self.A else day

    # ----------------------------------------------------------------- children
    def build(self):
        rng = self.rng
        for i in range(self.n_children):
            pid = f"{1_000_001 + i}"
            u = rng.random()
            if u < 0.06:
                self.legacy_child(pid)
            elif u < 0.26:
                self.contact_only_child(pid)
            elif u < 0.26 + FUTURE_REFERRAL_SHARE:
                self.future_referral_child(pid)
            else:
                self.referred_child(pid)
        return self

    def person(self, pid, dob, sex=None, nationality="British"):
        rng = self.rng
        sex = sex or ("M" if rng.random() < 0.51 else ("F" if rng.random() < 0.99 else "U"))
        names = codes.FORENAMES_M if sex == "M" else codes.FORENAMES_F
        school_age = self.A - dob > 5 * 365
        upn = f"Z{rng.randrange(10**11, 10**12):012d}" if school_age else ""
        self.add(
            "ssd_person",
            (
                pid,
                upn,
                rng.choice(names),
                rng.choice(codes.SURNAMES),
                sex,
                sex,
                self.ethnicity(),
                dob,
                "" if upn else "UN1",
                "Y" if rng.random() < 0.08 else "N",
                nationality,
            ),
        )
        if rng.random() < 0.09:
            # dict.fromkeys keeps the drawing order; a set would order by string hash, which changes per process.
            for code in dict.fromkeys(self.disability() for _ in range(rng.randint(1, 2))):
                self.add("ssd_disability", (self.new_id("DS"), pid, code))
        return sex

    def future_referral_child(self, pid):
        """A child in early help before the as-at date whose referral comes after it (so only the early help is known).

        A tenth of referred children have early help in the year before their first
        referral; without these children, whose referral is still to come, early
        help would thin out towards the as-at date. The lead time from early help to
        referral is drawn weighted by its length (the longer it is, the likelier a
        referral after the as-at date began in early help before it).
        """
        rng = self.rng
        lead = round(math.sqrt(rng.uniform(120**2, 400**2)))
        first = self.A + 1 + rng.randrange(lead)
        # Born before the early help began (never after the as-at date).
        dob = min(first - self.age() * 365 - rng.randrange(365), first - lead - rng.randint(30, 365))
        self.person(pid, dob)
        eh_start = first - lead
        self.early_help(pid, eh_start, max(first - rng.randint(0, 60), eh_start))

    def contact_only_child(self, pid):
        rng = self.rng
        first = self.window_start + rng.randrange(self.A - self.window_start + 1)
        dob = first - self.age() * 365 - rng.randrange(365)
        self.person(pid, dob)
        day = first
        for _ in range(1 + (rng.random() < 0.3)):
            if day > self.A:
                break
            self.contact(pid, self.weekday_biased(day), "nfa" if rng.random() < 0.6 else "advice")
            if rng.random() < 0.15:
                self.early_help(pid, day + rng.randint(5, 30), day + rng.randint(90, 270))
            day += rng.randint(60, 500)

    def referred_child(self, pid):
        rng = self.rng
        first = self.window_start + rng.randrange(self.A - self.window_start + 1)
        dob = first - self.age() * 365 - rng.randrange(365)
        sex = self.person(pid, dob)
        locality = self.locality()
        adult = birthday(dob, 18)
        if rng.random() < 0.1:
            # Early help before the referral, but never before the child was born.
            eh_start = max(first - rng.randint(120, 400), dob)
            self.early_help(pid, eh_start, max(first - rng.randint(0, 60), eh_start))
        day = first
        had_cp = False
        while day <= self.A and day < adult - 30:
            close, route = self.referral(pid, dob, sex, locality, self.weekday_biased(day), had_cp)
            had_cp = had_cp or route == "cp"
            if close is None or close >= adult - 30:
                break
            # A child who has had a plan comes back more often, and more often to a plan (England's second or
            # subsequent plans are about a fifth of new plans); others as the re-referral rate.
            soon, later = (0.45, 0.65) if had_cp else (0.27, 0.37)
            u = rng.random()
            if u < soon:
                day = close + rng.randint(5, 150)
            elif u < later:
                day = close + rng.randint(200, 900)
            else:
                break

    def legacy_child(self, pid):
        """A child who came into care before the history window and may still be in care, or left at 18."""
        rng = self.rng
        entered = self.window_start - rng.randint(30, 8 * 365)
        age = rng.randint(0, 15)
        dob = entered - age * 365 - rng.randrange(365)
        if birthday(dob, 18) <= self.window_start - 2 * 365:
            dob = self.window_start - rng.randint(15, 17) * 365
            entered = max(entered, dob + 30)
        sex = self.person(pid, dob)
        locality = self.locality()
        ref = self.new_id("R")
        referral_day = max(dob, entered - rng.randint(10, 60))
        auth = self.days.add(referral_day, rng.randint(10, 40))
        row = self.add(
            "ssd_cin_episodes",
            (
                ref,
                pid,
                referral_day,
                "N1",
                "6",
                self.source_desc["6"],
                codes.REFERRAL_OUTCOME["assessment"],
                "N",
                "",
                None,
                "",
                "",
            ),
        )
        self.add(
            "ssd_cin_assessments",
            (self.new_id("A"), pid, ref, referral_day + 1, "Y", auth, codes.ASSESSMENT_OUTCOME["cla"], "N", "", ""),
        )
        end, to_18 = self.care_period(pid, dob, sex, entered, ref, "N1", locality)
        self.finish_episode(row, ref, end, "RC7" if to_18 else self.care_close_reason)
