"""Children's journeys: contacts, referrals, assessments, plans, care and leaving care.

One pass over the children in id order with one seeded `random.Random`, so the
same seed gives the same council. Who works on each case is not known yet:
each stretch of work is recorded as a *segment* (a function such as the
assessment service or a locality, a role, dates) and the workforce module
later staffs the functions and allocates workers to segments. Columns that
name the team or worker of a segment are filled in then, through `patches`.
Repeating events (visits, core groups, contacts) are made afterwards,
vectorised, from the spans collected in `spans`.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from oversight.synthetic import codes
from oversight.synthetic.placements import Placements, where
from oversight.synthetic.tables import COLUMNS
from oversight.synthetic.timeline import OPEN, WorkingDays, add_months, birthday

LOCALITIES = ("North", "Central", "South")
LOCALITY_WEIGHTS = (35, 37, 28)
# Share of children in early help on the as-at date whose referral is still to come (see future_referral_child).
FUTURE_REFERRAL_SHARE = 0.013
# Age in years at the first referral (0-17).
# One CP plan in LONG_PLAN_EVERY lasts 2 years or more (England 4.4 % of plans ending; national-figures.md
# section 2.4); a day over 730 so that a leap year does not leave it a day short of 2 years.
LONG_PLAN_EVERY = 20
LONG_PLAN_DAYS = 730
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


class Stories:
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

    def contact(self, pid, day, outcome):
        rng = self.rng
        u = rng.random()
        wd = 0 if u < 0.4 else 1 if u < 0.92 else 2 if u < 0.97 else rng.randint(3, 6)
        decision = self.days.add(day, wd)
        source = self.source()
        self.add(
            "ssd_contacts",
            (
                self.new_id("CT"),
                pid,
                day,
                source,
                self.source_desc[source],
                codes.CONTACT_OUTCOME[outcome],
                self.closed(decision),
            ),
        )
        return decision, source

    def early_help(self, pid, start, end):
        rng = self.rng
        if start > self.A:
            return  # not begun by the as-at date
        end_reason = "Outcomes met" if rng.random() < 0.7 else "Stepped up to children's social care"
        assessed = self.closed(min(start + rng.randint(5, 35), end))
        self.add(
            "ssd_early_help_episodes",
            (
                self.new_id("EH"),
                pid,
                start,
                self.closed(end),
                "Family support",
                end_reason if self.closed(end) else "",
                "Family Help Service",
                assessed,
            ),
        )

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

    # ----------------------------------------------------------------- referral
    def referral(self, pid, dob, sex, locality, contact_day, had_cp):
        """One referral (CIN episode) from contact to closure. Returns (close day or None, route)."""
        rng, days, A = self.rng, self.days, self.A
        adult = birthday(dob, 18)
        r, source = self.contact(pid, contact_day, "referral")
        if r > A:
            return None, "pending"
        ref = self.new_id("R")
        need = self.need()
        if rng.random() < 0.06:
            close = self.closed(r + rng.randint(0, 2))
            self.add(
                "ssd_cin_episodes",
                (
                    ref,
                    pid,
                    r,
                    need,
                    source,
                    self.source_desc[source],
                    codes.REFERRAL_OUTCOME["nfa"],
                    "Y",
                    "RC8" if close else "",
                    close,
                    "",
                    "",
                ),
            )
            return close or None, "nfa"
        u = rng.random()
        p_strategy = 0.8 if had_cp else 0.18
        route = (
            "strategy"
            if u < p_strategy
            else "cin"
            if u < p_strategy + 0.26
            else "cla"
            if u < p_strategy + 0.30
            else "nfa"
        )
        duration = self.assessment_days()
        auth = days.add(r, duration)
        # An assessment can start a few days after the referral, never after its authorisation.
        assess_start = min(r if rng.random() < 0.55 else r + rng.randint(1, 5), auth)
        outcome_key = {"strategy": "strategy", "cin": "services", "cla": "cla", "nfa": "nfa"}[route]
        ref_row = self.add(
            "ssd_cin_episodes",
            (
                ref,
                pid,
                r,
                need,
                source,
                self.source_desc[source],
                codes.REFERRAL_OUTCOME["strategy" if route == "strategy" else "assessment"],
                "N",
                "",
                None,
                "",
                "",
            ),
        )
        assess_row = self.add(
            "ssd_cin_assessments",
            (
                self.new_id("A"),
                pid,
                ref,
                min(assess_start, A),
                "Y" if rng.random() < 0.95 else "N",
                self.closed(auth),
                codes.ASSESSMENT_OUTCOME[outcome_key] if self.closed(auth) else "",
                ("Y" if route == "nfa" else "N") if self.closed(auth) else "",
                "",
                "",
            ),
        )
        next_step = route
        handover = auth
        cp_start = None
        if route == "strategy":
            next_step, cp_start, cp_plan_seg_rows = self.strategy(pid, ref, r, auth, adult)
            if cp_start is not None:
                handover = min(auth, cp_start)
            elif next_step == "cp_pending":
                handover = OPEN
        seg = self.segment(pid, "assessment", "CW", r, self.closed(handover), ref, "FCONTA")
        for table, row, col in (
            ("ssd_cin_episodes", ref_row, "cine_referral_team"),
            ("ssd_cin_assessments", assess_row, "cina_assessment_team"),
        ):
            self.patch(table, row, col, seg, "team")
        self.patch("ssd_cin_episodes", ref_row, "cine_referral_worker_id", seg)
        self.patch("ssd_cin_assessments", assess_row, "cina_assessment_worker_id", seg)
        if route == "strategy":
            for table, row, team_col, worker_col in cp_plan_seg_rows:
                self.patch(table, row, team_col, seg, "team")
                self.patch(table, row, worker_col, seg)
        if handover > A:
            return None, route
        # After the assessment: the locality team, care, or closure.
        if next_step in ("cin", "cla") and auth + 30 >= adult - 14:
            next_step = "nfa"  # services for a child would not start days before adulthood
        close, reason = None, ""
        if next_step == "cp":
            close, reason = self.cp_then(pid, dob, sex, ref, need, locality, cp_start, adult)
        elif next_step == "cin":
            close, reason = self.cin_plan(pid, ref, locality, auth + rng.randint(0, 10), adult, reason="TSPROC")
        elif next_step == "cla":
            start = auth + rng.randint(0, 30)
            if start <= A:
                end, to_18 = self.care_period(pid, dob, sex, start, ref, need, locality)
                close, reason = end, "RC7" if to_18 else self.care_close_reason
            else:
                close = None
        else:
            close, reason = auth, self.close_after_assessment()
        self.finish_episode(ref_row, ref, close, reason)
        return close, ("cp" if next_step == "cp" else route)

    def finish_episode(self, row, ref, close, reason):
        rows = self.rows["ssd_cin_episodes"]
        r = list(rows[row])
        close = self.closed(close)
        r[8] = reason if close else ""
        r[9] = close
        rows[row] = tuple(r)

    def assessment_days(self) -> int:
        rng = self.rng
        x = rng.random() * 100
        for low, high, share in codes.ASSESSMENT_DAYS:
            if x < share:
                return rng.randint(low, high)
            x -= share
        return rng.randint(61, 90)

    def strategy(self, pid, ref, r, auth, adult):
        """Strategy discussion, maybe a section 47 enquiry and an ICPC. Returns (next step, CP start, rows to patch)."""
        rng, days, A = self.rng, self.days, self.A
        sd = self.weekday_biased(r + rng.randint(0, 6))
        patch_rows = []
        if sd > A:
            return "nfa", None, patch_rows
        sd_id = self.new_id("SD")
        if rng.random() > 0.82:
            row = self.add("ssd_strategy_discussions", (sd_id, pid, ref, sd, "", "", ""))
            patch_rows.append(
                ("ssd_strategy_discussions", row, "strd_strategy_discussion_team", "strd_strategy_discussion_worker_id")
            )
            return ("cin" if rng.random() < 0.5 else "nfa"), None, patch_rows
        s47 = self.new_id("S47")
        row = self.add("ssd_strategy_discussions", (sd_id, pid, ref, sd, s47, "", ""))
        patch_rows.append(
            ("ssd_strategy_discussions", row, "strd_strategy_discussion_team", "strd_strategy_discussion_worker_id")
        )
        s47_end = self.closed(days.add(sd, rng.randint(4, 15)))
        icpc = rng.random() < 0.62
        outcome = "icpc" if icpc else ("services" if rng.random() < 0.5 else "nfa")
        row = self.add(
            "ssd_s47_enquiry",
            (
                s47,
                ref,
                pid,
                sd,
                s47_end,
                ("Y" if outcome == "nfa" else "N") if s47_end else "",
                codes.S47_OUTCOME[outcome] if s47_end else "",
                "",
                "",
            ),
        )
        patch_rows.append(("ssd_s47_enquiry", row, "s47e_s47_completed_by_team", "s47e_s47_completed_by_worker_id"))
        if not icpc:
            return ("cin" if outcome == "services" else "nfa"), None, patch_rows
        target = days.add(sd, 15)
        held = days.add(sd, rng.randint(7, 15) if rng.random() < 0.83 else rng.randint(16, 28))
        if held > A:
            return "cp_pending", None, patch_rows
        icpc_id = self.new_id("IC")
        plan = rng.random() < 0.87 and held < adult - 60  # no new plan for a child about to turn 18
        plan_id = self.new_id("CP") if plan else ""
        row = self.add(
            "ssd_initial_cp_conference",
            (
                icpc_id,
                f"M{icpc_id}",
                s47,
                pid,
                plan_id,
                ref,
                "N",
                target,
                held,
                "Y" if plan else "N",
                codes.ICPC_OUTCOME["cp" if plan else "services"],
                "",
                "",
            ),
        )
        patch_rows.append(("ssd_initial_cp_conference", row, "icpc_icpc_team", "icpc_icpc_worker_id"))
        self._icpc = (icpc_id, plan_id)
        if plan:
            return "cp", held, patch_rows
        return "cin", None, patch_rows

    # ----------------------------------------------------------------- plans
    def cp_then(self, pid, dob, sex, ref, need, locality, start, adult):
        """A CP plan, then a step down to a CIN plan, care, or closure."""
        rng, A = self.rng, self.A
        icpc_id, plan_id = self._icpc
        length = self.cp_plan_length(start)
        end = min(start + length, adult - 1)
        category = self.cp_category()
        latest = category if rng.random() < 0.85 else self.cp_category()
        self.add("ssd_cp_plans", (plan_id, ref, icpc_id, pid, start, self.closed(end), "N", category, latest))
        function = f"locality:{locality}"
        seg = self.segment(pid, function, "CW", start, self.closed(end), ref, "TSPROC")
        # Chairs of CP conferences sit in the reviewing unit and use the IRO involvement code.
        self.segment(pid, "cp_chairs", "IRO", start, self.closed(end), ref, "FCONTA")
        self.spans["cp"].append((pid, plan_id, start, self.closed(end)))
        self.cp_reviews(pid, plan_id, start, end)
        if end > A:
            return None, ""
        u = rng.random()
        if u < 0.5 and end < adult - 60:
            return self.cin_plan(pid, ref, locality, end, adult, continuing=seg)
        if u < 0.58 and end < adult - 60:
            cend, to_18 = self.care_period(pid, dob, sex, end, ref, need, locality)
            return cend, "RC7" if to_18 else self.care_close_reason
        return end, self.close_after_services()

    def cp_plan_length(self, start: int) -> int:
        """Days a CP plan lasts: 1 in LONG_PLAN_EVERY 2 years or more, the others under 2 years.

        The tenth, thirtieth, ... plan starting in each half-year rather than a 1 in 20 chance: a small
        council starts about 16 plans a half-year, and chance alone left whole years with no long plan ending
        (or several) against England's 4.4 %.
        """
        rng = self.rng
        key = f"cp_length:{start // 182}"
        self.counters[key] += 1
        if self.counters[key] % LONG_PLAN_EVERY == LONG_PLAN_EVERY // 2:
            return rng.randint(LONG_PLAN_DAYS + 1, LONG_PLAN_DAYS + 270)
        length = LONG_PLAN_DAYS
        while length >= LONG_PLAN_DAYS:
            length = max(30, int(rng.lognormvariate(math.log(270), 0.62)))
        return length

    def cp_reviews(self, pid, plan_id, start, end):
        rng, A = self.rng, self.A
        due = add_months(start, 3)
        while due <= A and due < end:
            held = due + rng.randint(1, 30) if rng.random() < 0.07 else due - rng.randint(0, 10)
            if held > A or (rng.random() < 0.02 and due < A - 20):
                self.add("ssd_cp_reviews", (self.new_id("CR"), pid, plan_id, due, None, "", "", "", ""))
                return
            if held >= end:
                return
            self.add(
                "ssd_cp_reviews",
                (
                    self.new_id("CR"),
                    pid,
                    plan_id,
                    due,
                    held,
                    f"M{plan_id}-{held}",
                    "Y" if held + 30 < end else "N",
                    "Quorate",
                    self.participation(),
                ),
            )
            due = add_months(held, 6)
        if end > A:
            self.add("ssd_cp_reviews", (self.new_id("CR"), pid, plan_id, due, None, "", "", "", ""))

    def cin_plan(self, pid, ref, locality, start, adult, reason="TSPROC", continuing=None):
        rng, A = self.rng, self.A
        if start > A:
            return None, ""
        length = max(20, int(rng.lognormvariate(math.log(160), 0.55)))
        end = min(start + length, adult - 1)
        plan_id = self.new_id("CN")
        row = self.add("ssd_cin_plans", (plan_id, ref, pid, start, self.closed(end), "", ""))
        if continuing is not None:
            # Stepping down from CP keeps the same worker: extend the locality segment.
            seg = continuing
            self.seg_end[seg] = end if end <= A else OPEN
        else:
            seg = self.segment(pid, f"locality:{locality}", "CW", start, self.closed(end), ref, reason)
        self.patch("ssd_cin_plans", row, "cinp_cin_plan_team", seg, "team")
        self.patch("ssd_cin_plans", row, "cinp_cin_plan_worker_id", seg)
        self.spans["cin"].append((pid, plan_id, start, self.closed(end)))
        if end > A:
            return None, ""
        return end, self.close_after_services()

    # ----------------------------------------------------------------- care
    def care_period(self, pid, dob, sex, start, ref, need, locality):
        """A period of care with its placements, legal statuses, reviews and what follows it.

        Returns (end day or None, whether the child left care at 18)."""
        rng, _days, A = self.rng, self.days, self.A
        adult = birthday(dob, 18)
        age = (start - dob) / 365.25
        u = rng.random()
        if age < 5:
            path = "adoption" if u < 0.3 else "sgo" if u < 0.45 else "home" if u < 0.75 else "long"
        elif age < 14:
            path = "home" if u < 0.45 else "sgo" if u < 0.55 else "long"
        else:
            path = "home" if u < 0.35 else "long"
        perm = {}
        if path == "adoption":
            perm["adm"] = start + rng.randint(120, 240)
            perm["order"] = perm["adm"] + rng.randint(60, 150)
            perm["matched"] = perm["order"] + rng.randint(30, 120)
            perm["placed"] = perm["matched"] + rng.randint(7, 30)
            end = perm["end"] = perm["placed"] + rng.randint(120, 300)
        elif path == "sgo":
            end = start + max(120, int(rng.lognormvariate(math.log(500), 0.4)))
        elif path == "home":
            end = start + max(10, int(rng.lognormvariate(math.log(220), 0.7)))
        else:
            end = adult
        end = min(end, adult)
        to_18 = end == adult
        if to_18:
            ceased = self.ceased_18()
        elif path == "adoption":
            ceased = "E11" if rng.random() < 0.8 else "E12"
        elif path == "sgo":
            ceased = self.ceased_sgo()
        else:
            ceased = self.ceased_home()
        self.care_close_reason = {"adoption": "RC1", "sgo": "RC4"}.get(path, "RC7")
        open_end = self.closed(end)
        cla_id = self.new_id("LA")
        function = "permanence" if path == "adoption" else "children_in_care"
        self.segment(pid, function, "CW", start, open_end, ref, "TSPROC")
        self.segment(pid, "iro", "IRO", start + rng.randint(1, 8), open_end, ref, "FCONTA")
        # Placements, one 903 episode each.
        reviews = self.cla_reviews(pid, cla_id, start, end)
        p_start, first, k = start, True, 0
        teen = age >= 11
        lengths = Placements(rng, teen)
        while p_start <= A and p_start < end:
            if path == "adoption" and p_start < perm["placed"]:
                p_end = min(p_start + max(20, int(rng.lognormvariate(math.log(300), 0.8))), perm["placed"])
            elif path == "adoption":
                p_end = end
            else:
                p_end = min(p_start + lengths.next_length(), end)
            last = p_end >= end
            if path == "adoption" and p_start >= perm["placed"]:
                ptype = self.adoption_placement()
            else:
                ptype = lengths.kind(self.placement_teen if teen else self.placement_young)
            provider = "PR0" if ptype == "P1" else self.provider()
            placement_id = self.new_id("PL")
            p_closed = self.closed(p_end)
            change = "" if last or not p_closed else self.placement_change()
            distance, postcode = where(rng, ptype)
            self.add(
                "ssd_cla_placement",
                (
                    placement_id,
                    cla_id,
                    pid,
                    p_start,
                    ptype,
                    f"SC{rng.randrange(100000, 999999)}" if ptype in ("K2", "K1", "R1") else "",
                    distance,
                    provider,
                    postcode,
                    p_closed,
                    change,
                ),
            )
            iro_contact = max((d for d in reviews if d <= min(p_end, A)), default=None)
            self.add(
                "ssd_cla_episodes",
                (
                    self.new_id("EP"),
                    pid,
                    placement_id,
                    p_start,
                    "S" if first else "P",
                    need,
                    p_closed,
                    (ceased if last else "X1") if p_closed else "",
                    cla_id,
                    ref,
                    iro_contact,
                    start,
                ),
            )
            self.spans["cla_visits"].append((pid, cla_id, p_start, p_closed))
            first, p_start, k = False, p_end, k + 1
        self.legal_statuses(pid, start, end, path, perm)
        self.spans["health"].append((pid, cla_id, start, open_end, age < 5))
        if age >= 11 and rng.random() < 0.25:
            # Episodes at the child's own rate (1 to 6 a year) while in care, so recent entrants have few so far.
            per_day = rng.uniform(1, 6) / 365.25
            m_start = start + int(rng.expovariate(per_day))
            while m_start < min(end, A):
                m_end = m_start + rng.randint(0, 4)
                offered = rng.random() < 0.85
                self.add(
                    "ssd_missing",
                    (
                        self.new_id("MI"),
                        pid,
                        m_start,
                        self.missing_type(),
                        self.closed(m_end),
                        "Y" if offered else "N",
                        ("Y" if rng.random() < 0.6 else "N") if offered else "NA",
                    ),
                )
                m_start = m_end + 1 + int(rng.expovariate(per_day))
        if age >= 15 and rng.random() < 0.15:
            self.add("ssd_immigration_status", (self.new_id("IM"), pid, "UASC", start, self.closed(adult)))
        if perm or path == "sgo":
            family, couple = self.adopters(perm) if perm else ("", "")
            self.add(
                "ssd_permanence",
                (
                    self.new_id("PM"),
                    pid,
                    cla_id,
                    self.closed(perm.get("adm")),
                    self.closed(perm.get("order")),
                    self.closed(perm.get("matched")),
                    self.closed(perm.get("placed")),
                    open_end,
                    ("Adoption" if path == "adoption" else "Special guardianship order") if open_end else "",
                    "",
                    family,
                    couple,
                    len(couple) // 2 if couple else None,
                ),
            )
        if to_18 and end <= A and end - start >= 91:
            self.care_leaver(pid, dob, end)
        return open_end, to_18

    def adopters(self, perm) -> tuple[str, str]:
        """The adoptive family matched with a child: one or two approved adopters. Returns (family id, sex code)."""
        rng = self.rng
        matched = perm["matched"]
        if matched > self.A:
            return "", ""
        family = self.new_id("FA")
        sexes = rng.choice(["MF", "MF", "MF", "FF", "MM", "F1", "M1"])
        enquiry = matched - rng.randint(300, 700)
        s1_end = enquiry + rng.randint(40, 70)
        s2_start = s1_end + rng.randint(0, 20)
        s2_end = s2_start + rng.randint(100, 130)
        for n, sex in enumerate(sexes.replace("1", ""), start=1):
            # Each adopter of a family has their own identifier, a same-sex couple too.
            self.add(
                "ssd_adopters",
                (
                    self.new_id("AD"),
                    f"{family}-{sex}{n}",
                    family,
                    sex,
                    self.ethnicity(),
                    "N",
                    "N",
                    enquiry,
                    enquiry + rng.randint(5, 20),
                    s1_end,
                    s2_start,
                    s2_end,
                    s2_start,
                    s2_end + rng.randint(10, 40),
                    matched,
                    self.closed(perm["placed"]),
                    1,
                    self.closed(perm["end"]),
                ),
            )
        return family, sexes

    def cla_reviews(self, pid, cla_id, start, end) -> list[int]:
        """Reviews due 20 working days in, then 3 months, then every 6 months. Returns the dates held."""
        rng, A = self.rng, self.A
        held_dates = []
        due, k = self.days.add(start, 20), 0
        while due <= A and due < end:
            held = due + rng.randint(1, 25) if rng.random() < 0.09 else max(start + 1, due - rng.randint(0, 12))
            if held > A or (rng.random() < 0.02 and due < A - 20):
                self.add("ssd_cla_reviews", (self.new_id("RV"), cla_id, pid, due, None, "N", ""))
                return held_dates
            if held >= end:
                return held_dates
            self.add("ssd_cla_reviews", (self.new_id("RV"), cla_id, pid, due, held, "N", self.participation()))
            held_dates.append(held)
            due = add_months(held, 3 if k == 0 else 6)
            k += 1
        if end > A:
            self.add("ssd_cla_reviews", (self.new_id("RV"), cla_id, pid, due, None, "N", ""))
        return held_dates

    def legal_statuses(self, pid, start, end, path, perm):
        rng = self.rng
        first = self.legal_start()
        steps = [(first, start)]
        if first in ("L1", "L2"):
            steps.append(("C1", start + rng.randint(1, 8)))
        if steps[-1][0] == "C1":
            steps.append(("C2", steps[-1][1] + rng.randint(150, 330)))
        if path == "adoption":
            steps = [s for s in steps if s[1] < perm["order"]] + [("E1", perm["order"])]
        steps = [s for s in steps if s[1] < end and s[1] <= self.A]
        for i, (code, day) in enumerate(steps):
            stop = steps[i + 1][1] if i + 1 < len(steps) else end
            self.add("ssd_legal_status", (self.new_id("LS"), pid, code, day, self.closed(stop)))

    def care_leaver(self, pid, dob, start):
        rng = self.rng
        end = birthday(dob, 25 if rng.random() < 0.25 else 21)
        row = self.add(
            "ssd_care_leavers",
            (
                self.new_id("CL"),
                pid,
                "Former Relevant",
                self.in_touch(),
                None,
                self.accommodation(),
                "1" if rng.random() < 0.9 else "2",
                self.activity(),
                None,
                "",
                "",
                "",
                start,
                self.closed(end),
            ),
        )
        seg = self.segment(pid, "care_leavers", "PA", start + rng.randint(0, 10), self.closed(end), "", "FCONTA")
        self.patch("ssd_care_leavers", row, "clea_care_leaver_allocated_team", seg, "team")
        self.patch("ssd_care_leavers", row, "clea_care_leaver_worker_id", seg)
        self.patch("ssd_care_leavers", row, "clea_care_leaver_personal_advisor", seg, "worker_name")
        self.spans["care_leaver"].append((pid, row, start, self.closed(end)))
