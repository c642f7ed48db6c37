"""Child protection in the children's journeys: CP plans, their reviews, and CIN plans.

A mixin of `Stories` (stories.py), drawing from its one `rng`.
"""

from __future__ import annotations

import math

from oversight.synthetic.timeline import OPEN, add_months

# One CP plan in LONG_PLAN_EVERY lasts 2 years or more (England 4.4 % of plans ending; national-figures.md
# section 2.4); a day over 730 so that a leap year does not leave it a day short of 2 years.
LONG_PLAN_EVERY = 20
LONG_PLAN_DAYS = 730


class ChildProtection:
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
