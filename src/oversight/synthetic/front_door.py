"""The front door of the children's journeys: contacts, early help, referrals, assessments, strategy and S47.

A mixin of `Stories` (stories.py), drawing from its one `rng`: the kinds of
child there call these steps, and the order of those calls is the order of the
draws, so the split by service changes no council.
"""

from __future__ import annotations

from oversight.synthetic import codes
from oversight.synthetic.timeline import OPEN, birthday


class FrontDoor:
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
