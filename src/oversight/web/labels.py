"""Codes shown as words: one place that turns a statutory or local code into what it means.

Pages, downloads and packs show `label(kind, code)`: "N1 Abuse or neglect",
"C2 Full care order". Where professionals use the code itself (need codes,
legal statuses, placement types, closure and ceased reasons) the code stays
beside its meaning; elsewhere only the meaning is shown. An unknown code is
shown as it was recorded, never dropped. Meanings are from the CIN census and
SSDA903 guidance (/work/shared/reference/annex-a.md §4, ssd.md).

Team and worker ids become names with `team_names()` and `worker_names()`.
"""

from __future__ import annotations

import re

from oversight.people.models import Department, Professional

NEED = {
    "N0": "Not stated",
    "N1": "Abuse or neglect",
    "N2": "Child's disability",
    "N3": "Parental disability or illness",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
    "N9": "Cases other than children in need",
}
CLOSE_REASON = {
    "RC1": "Adopted",
    "RC2": "Died",
    "RC3": "Child arrangements order",
    "RC4": "Special guardianship order",
    "RC5": "Transferred to another local authority",
    "RC6": "Transferred to adult social care",
    "RC7": "Services ceased for any other reason",
    "RC8": "Closed after assessment, no further action",
    "RC9": "Closed after assessment, referred to early help",
}
LEGAL_STATUS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order",
    "E1": "Placement order",
    "V2": "Accommodated under section 20",
    "V3": "Short breaks, single episodes",
    "V4": "Short breaks, agreed series",
    "L1": "Police protection",
    "L2": "Emergency protection order",
    "L3": "Child assessment order",
    "J1": "Remanded to the local authority or youth detention",
    "J2": "Accommodated under PACE",
    "J3": "Youth rehabilitation order",
}
PLACEMENT_TYPE = {
    "U1": "Foster placement with relative or friend, long term",
    "U2": "Foster placement with relative or friend, fostering for adoption",
    "U3": "Foster placement with relative or friend, other",
    "U4": "Foster placement, long term",
    "U5": "Foster placement, fostering for adoption",
    "U6": "Foster placement, other",
    "A3": "Placed for adoption with consent, with current foster carer",
    "A4": "Placed for adoption with consent, not with current foster carer",
    "A5": "Placed for adoption under a placement order, with current foster carer",
    "A6": "Placed for adoption under a placement order, not with current foster carer",
    "P1": "Placed with parents",
    "P2": "Independent living",
    "P3": "Residential employment",
    "H5": "Semi-independent living",
    "K1": "Secure children's home",
    "K2": "Children's home",
    "K3": "Semi-independent living accommodation",
    "R1": "Residential care home",
    "R2": "NHS or health trust",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution",
    "S1": "Residential school",
    "Z1": "Other placement",
    "Z11": "Other placement (11)",
    "Z12": "Other placement (12)",
    "Z13": "Other placement (13)",
    "Z14": "Other placement (14)",
    "T0": "Temporary placement",
    "T1": "Temporary placement, hospital",
    "T2": "Temporary placement, holiday",
    "T3": "Temporary placement, carer's holiday",
    "T4": "Temporary placement, seven days or less",
}
ETHNICITY = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy or Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other Mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Caribbean",
    "BAFR": "African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
REFERRAL_SOURCE = {
    "1A": "Family member, relative or carer",
    "1B": "Acquaintance",
    "1C": "Self",
    "1D": "Other individual",
    "2A": "School",
    "2B": "Education services",
    "3A": "GP",
    "3B": "Health visitor",
    "3C": "School nurse",
    "3D": "Other primary health services",
    "3E": "A&E",
    "3F": "Other health services",
    "4": "Housing",
    "5A": "Social care",
    "5B": "Other council department",
    "5C": "Another council's services",
    "5D": "Early help",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}
START_REASON = {
    "S": "Started to be looked after",
    "L": "Change of legal status only",
    "P": "Change of placement and carer only",
    "T": "Change of legal status, placement and carer",
    "B": "Change of legal status and placement, same carer",
    "U": "Change of placement, same carer",
}
CEASED_REASON = {
    "E11": "Adopted, application unopposed",
    "E12": "Adopted, consent dispensed with",
    "E2": "Died",
    "E3": "Care taken by another local authority",
    "E4A": "Returned home, as planned",
    "E4B": "Returned home, not as planned",
    "E13": "Left care to live with parents or others without parental responsibility",
    "E41": "Residence order granted",
    "E43": "Special guardianship order, former foster carer",
    "E44": "Special guardianship order, not former foster carer",
    "E45": "Special guardianship order, former carer relative or friend",
    "E46": "Special guardianship order, former carer other",
    "E47": "Special guardianship order, relative or friend",
    "E48": "Special guardianship order, other",
    "E5": "Moved into independent living with support",
    "E6": "Moved into independent living without support",
    "E7": "Transferred to adult social care residential care",
    "E9": "Sentenced to custody",
    "E14": "Accommodation on remand ended",
    "E15": "Age assessment found the child was 18 or over",
    "E16": "Moved abroad",
    "E17": "Aged 18 or over and stayed with current carers",
    "E8": "Care ceased for any other reason",
    "X1": "Episode ceased, legal status or placement changed",
}
# Involvement roles are local codes; these are the ones Oversight's configuration names by default.
INVOLVEMENT_ROLE = {
    "CW": "Case worker",
    "SW": "Social worker",
    "IRO": "Independent reviewing officer",
    "PA": "Personal adviser",
    "TM": "Team manager",
    "CPC": "Child protection chair",
}
WORKER_CHANGE_REASON = {
    "MANAGE": "Management decision",
    "FCONTA": "Family asked for a change",
    "LEFTRL": "Worker left the role",
    "ORGRST": "Reorganisation",
    "TSPROC": "Transfer between teams",
    "ABSENC": "Worker absent",
    "CHCHAN": "Child's circumstances changed",
    "PCCHAN": "Change of plan or case",
    "SWDIED": "Worker died",
    "OTHERS": "Other reason",
}
PLACEMENT_CHANGE_REASON = {
    "CARPL": "Change to the care plan",
    "CLOSE": "Placement closed",
    "ALLEG": "Allegation against the carers",
    "STAND": "Standards of care concern",
    "APPRR": "Carer's approval ended",
    "CREQB": "Carer asked, because of the child's behaviour",
    "CREQO": "Carer asked, for another reason",
    "CHILD": "Child asked",
    "LAREQ": "Responsible authority asked",
    "PLACE": "Change of placement type",
    "OTHER": "Other reason",
    "CUSTOD": "Child in custody",
}
CP_CATEGORY = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "EMO": "Emotional abuse",
    "MUL": "Multiple",
}
SEX = {"M": "Male", "F": "Female", "U": "Not stated"}
GRADE = dict(Professional.GRADES)
# What kind of case a child has on a date, in the order the CIN census ranks them.
CASE_TYPE = {
    "cla": "Child in care (CLA)",
    "cp": "Child protection plan (CP)",
    "cin": "Child in need (CIN)",
    "care_leaver": "Care leaver",
}
CASE_TYPE_SHORT = {"cla": "CLA", "cp": "CP", "cin": "CIN", "care_leaver": "Care leaver"}

KINDS = {
    "need": (NEED, True),
    "close_reason": (CLOSE_REASON, True),
    "legal_status": (LEGAL_STATUS, True),
    "placement_type": (PLACEMENT_TYPE, True),
    "ceased_reason": (CEASED_REASON, True),
    "ethnicity": (ETHNICITY, False),
    "referral_source": (REFERRAL_SOURCE, False),
    "start_reason": (START_REASON, False),
    "role": (INVOLVEMENT_ROLE, False),
    "worker_change_reason": (WORKER_CHANGE_REASON, False),
    "placement_change_reason": (PLACEMENT_CHANGE_REASON, False),
    "sex": (SEX, False),
    "cp_category": (CP_CATEGORY, False),
    "grade": (GRADE, False),
    "case_type": (CASE_TYPE, False),
}


# The timeliness rulebook's other settings (rulebook.toml keys beyond due), in words; (rule, key) first.
SETTING = {
    "then": "Then, between visits",
    "first_year": "Length of a placement's first year",
    "long_term": "Between visits after the first year, in a placement meant to last until 18",
    "long_term_placement_types": "Placement types taken as meant to last until 18 when the placement's own flag is blank",
    "until_first_review": "Between visits until the first review (reg 28(3) and (4))",
    "four_weekly": "Between visits after the first review, reg 28(4)",
    "under_5": "Between health assessments before the fifth birthday",
    "from_5": "Between health assessments from the fifth birthday",
    "from_age": "From age",
    "to_age": "Up to and including age",
    "within": "Within",
    "lasting": "Lasting at least",
    "step_down_within": "Child in need plan starting within (of the child protection plan ending)",
    "closed_within": "Closed within (of the child in need plan starting)",
    (
        "cla_visit",
        "then",
    ): "Between visits in the placement's first year, and later when it is not meant to last until 18",
    (
        "cla_visit_regime",
        "then",
    ): "Between visits after the first review (reg 28(3)) or after the first visit (reg 28(5))",
}
# Settings that describe the data a rule needs rather than the rule: not shown as settings.
NOT_SETTINGS = ("optional", "needs_note")


def setting(rule_id: str, key: str) -> str:
    """A rulebook setting's name in words (the key, with spaces, where none is written)."""
    return SETTING.get((rule_id, key)) or SETTING.get(key) or key.replace("_", " ").capitalize()


def setting_value(key: str, value) -> str:
    """A setting's value in words: placement type codes with their meaning, periods as written."""
    if isinstance(value, list):
        kind = "placement_type" if key.endswith("placement_types") else None
        return "; ".join(label(kind, v) if kind else str(v) for v in value)
    return str(value)


def label(kind: str, code) -> str:
    """CODE of KIND in words ("N1 Abuse or neglect" or "Police"); the code as recorded when unknown."""
    if code is None or code == "":
        return "Not recorded"
    meanings, keep_code = KINDS[kind]
    text = str(code).strip()
    meaning = meanings.get(text) or meanings.get(text.upper())
    if meaning is None:
        return text
    return f"{text.upper()} {meaning}" if keep_code else meaning


def team_names() -> dict[str, str]:
    """Team id -> team name (the id itself where no name is recorded).

    Case data, read once per snapshot (people.figures) and shared by every request: never change it.
    """
    from oversight.people import figures

    return figures.cached(
        "web.labels.team_names",
        (),
        lambda: {tid: name or tid for tid, name in Department.objects.values_list("team_id", "team_name")},
    )


def worker_names() -> dict[str, str]:
    """Worker id -> worker name (the id itself where no name is recorded); shared like `team_names`."""
    from oversight.people import figures

    return figures.cached(
        "web.labels.worker_names",
        (),
        lambda: {
            pid: name or pid for pid, name in Professional.objects.values_list("professional_id", "professional_name")
        },
    )


# A data-model name: an SSD table or column (ssd_cp_plans, cppl_cp_plan_start_date, a.b), never shown on pages.
_MODEL_NAME = re.compile(r"\b(?:ssd_\w+|[a-z]{3,5}_[a-z0-9_]+)(?:\.\w+)?\b")


def plain(text: str) -> str:
    """TEXT without the data-model names in its brackets: "Plan start (ssd_cp_plans.cppl_cp_plan_start_date),
    then each visit" becomes "Plan start, then each visit"; the other words in the brackets are kept."""

    def keep(match: re.Match) -> str:
        parts = [p.strip() for p in match.group(1).split(";")]
        kept = [p for p in parts if p and not _MODEL_NAME.search(p)]
        return f" ({'; '.join(kept)})" if kept else ""

    text = re.sub(r"\s*\(([^()]*)\)", keep, text or "")
    return _MODEL_NAME.sub(_words, text)


_WORDS = {"dob": "date of birth"}


def _words(match: re.Match) -> str:
    """A data-model or setting name left in running text, as words: pers_dob -> date of birth."""
    from oversight.people.ssd import tables

    name = match.group(0).split(".")[-1]
    prefixes = {t.model.ssd_prefix for t in tables()}
    head, _, rest = name.partition("_")
    if f"{head}_" in prefixes and rest:
        name = rest
    return _WORDS.get(name, name.replace("_", " "))
