"""Children in care in the children's journeys: care periods, placements, reviews, legal statuses,
missing episodes, permanence and adopters, and care leavers.

A mixin of `Stories` (stories.py), drawing from its one `rng`.
"""

from __future__ import annotations

import math

from oversight.synthetic.placements import Placements, where
from oversight.synthetic.timeline import add_months, birthday


class InCare:
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
