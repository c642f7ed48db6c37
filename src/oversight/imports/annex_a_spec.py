"""The 11 Annex A lists: headers in template order, kinds, blank rules and the tolerated variants.

Source: /work/shared/reference/annex-a.md §3 (columns) and §5.2 (header variants).
Kinds: S text, D date, I whole number >= 0, AGE number >= 0 (fractions floored),
YN / YNU yes-no(-unknown), DIS disability (YNU or a CIN disability code), or the
key of a drop-down in codes/annex_a.toml (GEN, ETH, SRC, ...).
Blank: "error" (the row cannot be loaded without it), "warn" (the template
requires it; reported, loaded anyway) or "ok".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str
    blank: str = "ok"
    patterns: tuple[str, ...] = ()
    optional: bool = False  # may be absent without comment (Age; List 9's newer columns)
    max_length: int | None = None


@dataclass(frozen=True)
class ListSpec:
    number: int
    title: str
    columns: tuple[Col, ...]
    signature: tuple[str, ...]  # keys whose headers identify the sheet
    natural_key: tuple[str, ...]  # annex-a.md §1: a repeat of these is a duplicate row
    periods: tuple[tuple[str, str], ...] = ()  # (start, end) that may not be reversed

    def col(self, key: str) -> Col:
        return next(c for c in self.columns if c.key == key)


CHILD_ID = Col(
    "child_id",
    "Child Unique ID",
    "S",
    "error",
    (r"\bchild\b.*\b(id|identifier)\b", r"\b(id|identifier)\b.*\bchild\b"),
    max_length=48,
)
COMMON = (
    CHILD_ID,
    Col("gender", "Gender", "GEN", "warn", (r"^(gender|sex)$",)),
    Col("ethnicity", "Ethnicity", "ETH", "warn"),
    Col("dob", "Date of Birth", "D", "ok", (r"date.*birth",)),
    Col("age", "Age of Child (Years)", "AGE", "ok", (r"^age\b",), optional=True),
)
DISABILITY = Col(
    "disability", "Does the Child have a Disability", "DIS", "warn", (r"does the child have a disability",)
)
TEAM = Col("team", "Allocated Team", "S", "warn", max_length=255)
WORKER = Col("worker", "Allocated Worker", "S", "warn", max_length=300)

# Columns Oversight does not load (counts and flags with no dated event, derived from events instead;
# the age, derived from the date of birth): never checked, so whatever they hold never refuses a workbook.
NOT_LOADED = frozenset(
    {
        "age",
        "referrals_12m",
        "s47_12m",
        "icpc_12m",
        "case_status",
        "epo",
        "previous_plans",
        "second_period",
        "permanence_plan",
        "placements_12m",
        "placement_location",
        "placement_la",
        "missing_12m",
        "absent_12m",
        "rhi_offered",
        "rhi_accepted",
    }
)

LISTS: tuple[ListSpec, ...] = (
    ListSpec(
        1,
        "Contacts",
        COMMON
        + (
            Col("contact_date", "Date of Contact", "D", "error"),
            Col("contact_source", "Contact Source", "SRC", "warn", (r"contact.*source",)),
        ),
        ("contact_date",),
        ("child_id", "contact_date", "contact_source"),
    ),
    ListSpec(
        2,
        "Early Help",
        COMMON
        + (
            Col("eh_start", "Assessment start date", "D", "error"),
            Col("eh_end", "Assessment completion date", "D"),
            Col("eh_org", "Organisation completing assessment", "S", "warn"),
        ),
        ("eh_start", "eh_org"),
        ("child_id", "eh_start"),
        (("eh_start", "eh_end"),),
    ),
    ListSpec(
        3,
        "Referrals",
        COMMON
        + (
            Col("referral_date", "Date of referral", "D", "error", (r"date of.*referral",)),
            Col("referral_source", "Referral Source", "SRC", "warn", (r"referral.*source",)),
            Col("referral_nfa", "Referral NFA?", "YN", "warn"),
            Col("referrals_12m", "Number of Referrals in Last 12 Months", "I", "warn"),
            TEAM,
            WORKER,
        ),
        ("referral_date", "referral_source"),
        ("child_id", "referral_date", "referral_source"),
    ),
    ListSpec(
        4,
        "Assessments",
        COMMON
        + (
            DISABILITY,
            Col("asmt_start", "Continuous Assessment Start Date", "D", "error"),
            Col("asmt_seen", "Child Seen During Continuous Assessment", "YNU", "warn"),
            Col("asmt_auth", "Continuous Assessment Date of Authorisation", "D"),
            Col(
                "asmt_support",
                "Was the child assessed as requiring LA children's social care support?",
                "YN",
                "ok",
                (r"was the child assessed.*social care support",),
            ),
            TEAM,
            WORKER,
        ),
        ("asmt_start",),
        ("child_id", "asmt_start"),
        (("asmt_start", "asmt_auth"),),
    ),
    ListSpec(
        5,
        "Section 47 Enquiries and ICPC",
        COMMON
        + (
            DISABILITY,
            Col("s47_start", "Strategy discussion initiating Section 47 Enquiry Start Date", "D", "error"),
            Col("icpc_unnecessary", "Was an Initial Child Protection Conference deemed unnecessary?", "YN"),
            Col("icpc_date", "Date of Initial Child Protection Conference", "D"),
            Col("icpc_plan", "Did the Initial Child Protection Conference Result in a Child Protection Plan", "YNU"),
            Col("s47_12m", "Number of Section 47 Enquiries in the last 12 months", "I", "warn"),
            Col("icpc_12m", "Number of ICPCs in the last 12 months", "I", "warn"),
            TEAM,
            WORKER,
        ),
        ("s47_start",),
        ("child_id", "s47_start"),
        (("s47_start", "icpc_date"),),
    ),
    ListSpec(
        6,
        "Children in Need",
        COMMON
        + (
            DISABILITY,
            Col("cin_start", "CIN Start Date", "D"),
            Col("need", "Primary Need Code", "NEED", "warn"),
            Col("last_seen", "Date Child Was Last Seen", "D"),
            Col("cin_end", "CIN Closure Date", "D"),
            Col("close_reason", "Reason for Closure", "RC"),
            Col("case_status", "Case Status", "CASE", "warn"),
            TEAM,
            WORKER,
        ),
        ("cin_start", "case_status"),
        ("child_id", "cin_start"),
        (("cin_start", "cin_end"),),
    ),
    ListSpec(
        7,
        "Child Protection",
        COMMON
        + (
            DISABILITY,
            Col("cp_start", "Child Protection Plan Start Date", "D", "error"),
            Col("initial_category", "Initial Category of Abuse", "ABUSE", "warn"),
            Col("latest_category", "Latest Category of Abuse", "ABUSE", "warn"),
            Col("last_visit", "Date of the Last Statutory Visit", "D"),
            Col("seen_alone", "Was the Child Seen Alone?", "YNU"),
            Col("last_review", "Date of latest review conference", "D"),
            Col("cp_end", "Child Protection Plan End Date", "D"),
            Col(
                "epo",
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                "YN",
                "warn",
                (r"subject to emergency protection order",),
            ),
            Col("previous_plans", "Number of Previous Child Protection Plans", "I", "warn"),
            TEAM,
            WORKER,
        ),
        ("cp_start",),
        ("child_id", "cp_start"),
        (("cp_start", "cp_end"),),
    ),
    ListSpec(
        8,
        "Children in Care",
        COMMON
        + (
            Col(
                "uasc",
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                "YN",
                "warn",
                (r"unaccompanied asylum seeking child",),
            ),
            DISABILITY,
            Col("cla_start", "Date Started to be Looked After", "D", "error"),
            Col("need", "Child's Category of Need", "NEED", "warn", (r"child.*category of need",)),
            Col(
                "second_period",
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
                "YN",
                "warn",
                (r"second or subsequent .* of being a looked after child",),
            ),
            Col("legal_status_start", "Start date of current legal status", "D", "warn"),
            Col("legal_status", "Child's Legal Status", "LS", "warn", (r"child.*legal status",)),
            Col("last_review", "Date of Latest Statutory Review", "D"),
            Col("last_visit", "Date of Last Social Work Visit", "D"),
            Col("permanence_plan", "What is the permanence plan for this child?", "PERM"),
            Col("last_iro", "Date of Last IRO Visit / Contact to the Child", "D"),
            Col("last_health", "Date of Last Health Assessment", "D"),
            Col("last_dental", "Date of Last Dental Check", "D"),
            Col("placements_12m", "Number of Placements in the Last 12 months", "I", "warn"),
            Col("cla_end", "Date Ceased to be Looked After", "D"),
            Col("cla_end_reason", "Reason Ceased to be Looked After", "REC"),
            Col("placement_start", "Start Date of Most Recent Placement", "D", "warn"),
            Col("placement_type", "Placement Type", "PLACE", "warn"),
            Col("placement_provider", "Placement Provider", "PROV", "warn"),
            Col("placement_postcode", "Placement postcode", "S", "warn", max_length=8),
            Col("placement_urn", "URN of Placement", "S", max_length=48),
            Col("placement_location", "Placement Location", "LOC", "warn"),
            Col("placement_la", "LA of Placement", "S", "warn"),
            Col(
                "missing_12m",
                "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
                "I",
                "warn",
                (r"been.*missing.*from their placement",),
            ),
            Col(
                "absent_12m",
                "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
                "I",
                "warn",
                (r"been.*absent.*from their placement",),
            ),
            Col(
                "rhi_offered",
                "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                "YN",
                "ok",
                (r"offered a return interview",),
            ),
            Col(
                "rhi_accepted",
                "Did the child accept a Return Interview after their last missing episode (Y/N)?",
                "YN",
                "ok",
                (r"accept a return interview",),
            ),
            TEAM,
            WORKER,
        ),
        ("cla_start",),
        ("child_id", "cla_start", "legal_status", "placement_type", "placement_provider", "placement_postcode"),
        (("cla_start", "cla_end"),),
    ),
    ListSpec(
        9,
        "Care leavers",
        COMMON
        + (
            Col(
                "uasc",
                "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                "YN",
                "warn",
                (r"unaccompanied asylum seeking child",),
                optional=True,
            ),
            DISABILITY,
            TEAM,
            WORKER,
            Col(
                "pa",
                "Allocated Personal Advisor",
                "S",
                "warn",
                (r"allocated personal advi[sc]or",),
                optional=True,
                max_length=100,
            ),
            Col("eligibility", "Eligibility Category", "ELIG", "warn"),
            Col("pathway_review", "Latest Pathway Plan Review Date", "D", optional=True),
            Col("in_touch", "LA in Touch", "TOUCH", "warn"),
            Col("latest_contact", "Latest Date of Contact", "D", optional=True),
            Col("accommodation", "Type of Accommodation", "ACCOM"),
            Col("suitability", "Suitability of Accommodation", "SUIT"),
            Col("activity", "Activity Status", "ACTIV"),
        ),
        ("eligibility", "in_touch"),
        ("child_id",),
    ),
    ListSpec(
        10,
        "Adoption",
        (
            CHILD_ID,
            Col("family_id", "Family identifier", "S", max_length=48),
            COMMON[1],
            COMMON[2],
            COMMON[3],
            COMMON[4],
            DISABILITY,
            Col("entered_care", "Date the Child Entered Care", "D", "warn"),
            Col("adm_decision", "Date of Decision that Child Should be Placed for Adoption", "D", "error"),
            Col("placement_order", "Date of Placement Order", "D"),
            Col("matched", "Date of Matching Child and Prospective Adopters", "D"),
            Col("placed", "Date Placed for Adoption", "D"),
            Col("adoption_order", "Date of Adoption Order", "D"),
            Col("reversed", "Date of Decision that Child Should No Longer be Placed for Adoption", "D"),
            Col("reversed_reason", "Reason Why Child No Longer Placed for Adoption", "RD"),
            Col("ffa_placed", "Date the child was placed for fostering in FFA or concurrent planning placement", "D"),
        ),
        ("adm_decision",),
        ("child_id", "adm_decision"),
        (("adm_decision", "reversed"),),
    ),
    ListSpec(
        11,
        "Adopters",
        (
            Col("adopter_id", "Individual adopter identifier", "S", "error", max_length=48),
            Col("family_id", "Family identifier", "S", max_length=48),
            Col("gender", "Gender", "GEN", "warn", (r"^(gender|sex)$",)),
            Col("ethnicity", "Ethnicity", "ETH", "warn"),
            Col("disability", "Disability", "YNU", "warn"),
            Col(
                "ffa",
                "Is the (prospective) adopter fostering for adoption?",
                "YESNO",
                "warn",
                (r"adopter fostering for adoption",),
            ),
            Col("enquiry", "Date enquiry received", "D", "error"),
            Col("stage1_start", "Date Stage 1 started", "D"),
            Col("stage1_end", "Date Stage 1 ended", "D"),
            Col("stage2_start", "Date Stage 2 started", "D"),
            Col("stage2_end", "Date Stage 2 ended", "D"),
            Col("application", "Date application submitted", "D"),
            Col("approval", "Date application approved", "D"),
            Col("matched", "Date adopter matched with child(ren)", "D"),
            Col("placed", "Date child/children placed with adopter(s)", "D"),
            Col("children_placed", "No. of children placed", "I"),
            Col("adoption_order", "Date of Adoption Order", "D"),
            Col("left", "Date of leaving adoption process", "D"),
            Col("left_reason", "Reason for leaving adoption process", "ADLV"),
        ),
        ("adopter_id", "enquiry"),
        ("adopter_id", "enquiry"),
        (("stage1_start", "stage1_end"), ("stage2_start", "stage2_end"), ("enquiry", "left")),
    ),
)


@lru_cache(maxsize=8192)
def squash(text: str) -> str:
    """A header reduced to letters and digits: spacing, quotes, brackets and case do not matter."""
    return re.sub(r"[^a-z0-9]", "", header_text(text).lower())


def header_text(value) -> str:
    text = "" if value is None else str(value)
    text = (
        text.replace("\u00a0", " ")
        .replace("\u2018", "'")
        .replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    return re.sub(r"\s+", " ", text).strip()


@cache
def _patterns(col: Col) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in col.patterns)


def columns_for(header: str, spec: ListSpec) -> list[Col]:
    """The columns of SPEC a header names: an exact (squashed) match first, else the tolerated variants."""
    if not header:
        return []
    key = squash(header)
    exact = [c for c in spec.columns if squash(c.header) == key]
    if exact:
        return exact
    lowered = header_text(header).lower()
    return [c for c in spec.columns if any(p.search(lowered) for p in _patterns(c))]


def matches(header: str, col: Col) -> bool:
    return bool(header) and (
        squash(header) == squash(col.header) or any(p.search(header_text(header).lower()) for p in _patterns(col))
    )
