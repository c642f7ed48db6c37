"""Code lists and weights for the synthetic council.

Codes are the CIN census and SSDA903 codes in /work/shared/reference
(annex-a.md §4, ssd.md); weights are rough shapes, not national statistics,
except where national-figures.md gives one (police and schools as the main
referral sources).
"""

import json

# (code, description, weight)
REFERRAL_SOURCES = [
    ("1A", "Individual: family member, relative or carer", 4),
    ("1B", "Individual: acquaintance", 1),
    ("1C", "Individual: self", 1),
    ("1D", "Individual: other", 1),
    ("2A", "Schools", 21),
    ("2B", "Education services", 2),
    ("3A", "Health services: GP", 3),
    ("3B", "Health services: health visitor", 4),
    ("3C", "Health services: school nurse", 1),
    ("3D", "Health services: other primary health", 2),
    ("3E", "Health services: A&E", 4),
    ("3F", "Health services: other", 2),
    ("4", "Housing", 3),
    ("5A", "LA services: social care", 4),
    ("5B", "LA services: other internal", 3),
    ("5C", "LA services: external", 2),
    ("5D", "LA services: early help", 4),
    ("6", "Police", 28),
    ("7", "Other legal agency", 3),
    ("8", "Other", 5),
    ("9", "Anonymous", 2),
    ("10", "Unknown", 1),
]

NEED_CODES = [
    ("N1", 52),
    ("N2", 4),
    ("N3", 4),
    ("N4", 12),
    ("N5", 16),
    ("N6", 3),
    ("N7", 1),
    ("N8", 3),
    ("N9", 3),
    ("N0", 2),
]

CP_CATEGORIES = [("Neglect", 48), ("Emotional abuse", 38), ("Physical abuse", 7), ("Sexual abuse", 4), ("Multiple", 3)]

ETHNICITIES = [
    ("WBRI", 68),
    ("WIRI", 1),
    ("WIRT", 1),
    ("WOTH", 6),
    ("WROM", 1),
    ("MWBC", 3),
    ("MWBA", 1),
    ("MWAS", 2),
    ("MOTH", 3),
    ("AIND", 2),
    ("APKN", 3),
    ("ABAN", 1),
    ("AOTH", 1),
    ("BCRB", 1),
    ("BAFR", 3),
    ("BOTH", 1),
    ("CHNE", 0.5),
    ("OOTH", 1),
    ("REFU", 0.5),
    ("NOBT", 1),
]

DISABILITIES = [
    ("AUT", 30),
    ("LD", 18),
    ("BEH", 14),
    ("COMM", 12),
    ("MOB", 6),
    ("HAND", 4),
    ("PC", 4),
    ("CON", 4),
    ("HEAR", 3),
    ("VIS", 3),
    ("INC", 1),
    ("DDA", 1),
]

# Closure reasons by route (RC1-RC9).
CLOSE_AFTER_ASSESSMENT = [("RC8", 55), ("RC9", 35), ("RC7", 10)]
CLOSE_AFTER_SERVICES = [("RC7", 80), ("RC5", 8), ("RC3", 5), ("RC6", 1), ("RC4", 6)]

# 903 legal statuses that make a child looked after.
LEGAL_START = [("V2", 35), ("C1", 50), ("L2", 5), ("L1", 5), ("J1", 2), ("V3", 3)]

PLACEMENTS_YOUNG = [
    ("U6", 45),
    ("U3", 15),
    ("U4", 12),
    ("U5", 4),
    ("U1", 6),
    ("P1", 8),
    ("R3", 3),
    ("U2", 2),
    ("Z1", 5),
]
PLACEMENTS_TEEN = [
    ("U6", 32),
    ("U4", 12),
    ("U3", 8),
    ("K2", 25),
    ("R1", 3),
    ("K1", 1),
    ("S1", 3),
    ("P1", 6),
    ("H5", 4),
    ("T0", 2),
    ("Z1", 4),
]
ADOPTION_PLACEMENTS = [("A5", 60), ("A6", 40)]
PROVIDERS = [("PR1", 45), ("PR4", 38), ("PR5", 10), ("PR2", 5), ("PR3", 2)]
PLACEMENT_CHANGE = [
    ("CARPL", 25),
    ("LAREQ", 20),
    ("CHILD", 12),
    ("STAND", 10),
    ("PLACE", 10),
    ("ALLEG", 3),
    ("APPRR", 5),
    ("CREQB", 5),
    ("OTHER", 10),
]
CEASED_RETURN_HOME = [("E4A", 80), ("E4B", 12), ("E13", 8)]
CEASED_AT_18 = [("E17", 25), ("E5", 40), ("E6", 5), ("E8", 30)]
CEASED_SGO = [("E45", 40), ("E47", 40), ("E46", 10), ("E48", 10)]
CLA_START_REASON_FIRST = "S"
CLA_START_REASON_MOVE = "P"

CHANGE_REASONS_MIDWAY = [("MANAGE", 40), ("ABSENC", 20), ("ORGRST", 15), ("CHCHAN", 10), ("PCCHAN", 10), ("OTHERS", 5)]

CARE_LEAVER_IN_TOUCH = [("YES", 88), ("NO", 4), ("REFU", 3), ("NREQ", 4), ("RHOM", 1)]
CARE_LEAVER_ACCOMMODATION = [
    ("D", 30),
    ("U", 20),
    ("E", 10),
    ("Z", 12),
    ("B", 12),
    ("T", 6),
    ("C", 3),
    ("K", 3),
    ("S", 1),
    ("W", 1),
    ("X", 1),
    ("Y", 1),
]
CARE_LEAVER_ACTIVITY = [
    ("F2", 22),
    ("F1", 8),
    ("F4", 6),
    ("F5", 15),
    ("P2", 4),
    ("P5", 5),
    ("G4", 8),
    ("G5", 26),
    ("G6", 6),
]

REVIEW_PARTICIPATION = [
    ("PN1", 45),
    ("PN2", 10),
    ("PN3", 10),
    ("PN4", 10),
    ("PN5", 8),
    ("PN6", 5),
    ("PN7", 4),
    ("PN0", 8),
]

MISSING_TYPES = [("Missing", 80), ("Away from placement without authorisation", 20)]

HEALTH_ASSESSMENT = "Health assessment"
DENTAL_CHECK = "Dental check"

FORENAMES_F = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Freya",
    "Grace",
    "Sophia",
    "Ella",
    "Evie",
    "Poppy",
    "Willow",
    "Rosie",
    "Daisy",
    "Ruby",
    "Millie",
    "Maya",
    "Aisha",
    "Zara",
    "Hana",
    "Chloe",
    "Jessica",
    "Leah",
    "Megan",
    "Nadia",
    "Priya",
    "Sienna",
    "Tia",
]
FORENAMES_M = [
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Leo",
    "Harry",
    "Oscar",
    "Jack",
    "Charlie",
    "Jacob",
    "Thomas",
    "Alfie",
    "Freddie",
    "Theo",
    "Archie",
    "Henry",
    "Mohammed",
    "Ethan",
    "Isaac",
    "Joshua",
    "Kai",
    "Liam",
    "Mason",
    "Rhys",
    "Tyler",
    "Yusuf",
    "Aaron",
    "Callum",
    "Dylan",
    "Samuel",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Thomas",
    "Clarke",
    "Jackson",
    "Wood",
    "Harris",
    "Edwards",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Hughes",
    "Moore",
    "Clark",
    "King",
    "Harrison",
    "Lewis",
    "Baker",
    "Lee",
    "Allen",
    "Morris",
    "Khan",
    "Scott",
    "Watson",
    "Davis",
    "Parker",
    "James",
    "Bennett",
    "Young",
    "Phillips",
    "Begum",
    "Ahmed",
    "Okafor",
    "Mensah",
    "Nowak",
    "Kowalski",
    "Murphy",
    "Kelly",
    "Singh",
    "Ali",
    "Hussain",
    "Campbell",
]
NATIONALITIES_UASC = ["Eritrean", "Afghan", "Sudanese", "Iranian", "Syrian", "Vietnamese", "Albanian"]

JOB_TITLES = {
    "nqsw": "Newly qualified social worker (ASYE)",
    "social_worker": "Social worker",
    "senior_practitioner": "Senior practitioner",
    "team_manager": "Team manager",
    "iro": "Independent reviewing officer",
    "cp_chair": "Child protection chair",
    "personal_adviser": "Personal adviser",
    "other": "Family support worker",
}


def _outcome(keys: list[str], set_flags: tuple[str, ...], count_key: str, comments_key: str) -> str:
    flags = {k: ("Y" if k in set_flags else "N") for k in keys}
    flags[count_key] = str(len(set_flags))
    flags[comments_key] = ""
    return json.dumps(flags, separators=(",", ":"))


_CONTACT_KEYS = [
    "NEW_REFERRAL_FLAG",
    "EXISTING_REFERRAL_FLAG",
    "CP_ENQUIRY_FLAG",
    "NFA_FLAG",
    "NON_AGENCY_ADOPTION_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "ADVICE_FLAG",
    "MISSING_FLAG",
    "OLA_CP_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
]
_REFERRAL_KEYS = [
    "SINGLE_ASSESSMENT_FLAG",
    "NFA_FLAG",
    "STRATEGY_DISCUSSION_FLAG",
    "CLA_REQUEST_FLAG",
    "NON_AGENCY_ADOPTION_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "CP_TRANSFER_IN_FLAG",
    "CP_CONFERENCE_FLAG",
    "CARE_LEAVER_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
]
_ASSESSMENT_KEYS = [
    "NFA_FLAG",
    "NFA_S47_END_FLAG",
    "STRATEGY_DISCUSSION_FLAG",
    "CLA_REQUEST_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "LEGAL_ACTION_FLAG",
    "PROV_OF_SERVICES_FLAG",
    "PROV_OF_SB_CARE_FLAG",
    "SPECIALIST_ASSESSMENT_FLAG",
    "REFERRAL_TO_OTHER_AGENCY_FLAG",
    "OTHER_ACTIONS_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
]
_S47_KEYS = [
    "NFA_FLAG",
    "LEGAL_ACTION_FLAG",
    "PROV_OF_SERVICES_FLAG",
    "PROV_OF_SB_CARE_FLAG",
    "CP_CONFERENCE_FLAG",
    "NFA_CONTINUE_SINGLE_FLAG",
    "MONITOR_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
]
_ICPC_KEYS = [
    "NFA_FLAG",
    "REFERRAL_TO_OTHER_AGENCY_FLAG",
    "SINGLE_ASSESSMENT_FLAG",
    "PROV_OF_SERVICES_FLAG",
    "CP_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
]

# Outcome JSON strings, built once: every key present, as the SSD requires.
CONTACT_OUTCOME = {
    "referral": _outcome(_CONTACT_KEYS, ("NEW_REFERRAL_FLAG",), "NUMBER_OF_OUTCOMES", "COMMENTS"),
    "nfa": _outcome(_CONTACT_KEYS, ("NFA_FLAG",), "NUMBER_OF_OUTCOMES", "COMMENTS"),
    "advice": _outcome(_CONTACT_KEYS, ("ADVICE_FLAG",), "NUMBER_OF_OUTCOMES", "COMMENTS"),
    "existing": _outcome(_CONTACT_KEYS, ("EXISTING_REFERRAL_FLAG",), "NUMBER_OF_OUTCOMES", "COMMENTS"),
}
REFERRAL_OUTCOME = {
    "assessment": _outcome(_REFERRAL_KEYS, ("SINGLE_ASSESSMENT_FLAG",), "NUMBER_OF_OUTCOMES", "COMMENTS"),
    "strategy": _outcome(
        _REFERRAL_KEYS, ("SINGLE_ASSESSMENT_FLAG", "STRATEGY_DISCUSSION_FLAG"), "NUMBER_OF_OUTCOMES", "COMMENTS"
    ),
    "nfa": _outcome(_REFERRAL_KEYS, ("NFA_FLAG",), "NUMBER_OF_OUTCOMES", "COMMENTS"),
}
ASSESSMENT_OUTCOME = {
    "nfa": _outcome(_ASSESSMENT_KEYS, ("NFA_FLAG",), "TOTAL_NO_OF_OUTCOMES", "COMMENTS"),
    "services": _outcome(_ASSESSMENT_KEYS, ("PROV_OF_SERVICES_FLAG",), "TOTAL_NO_OF_OUTCOMES", "COMMENTS"),
    "strategy": _outcome(_ASSESSMENT_KEYS, ("STRATEGY_DISCUSSION_FLAG",), "TOTAL_NO_OF_OUTCOMES", "COMMENTS"),
    "cla": _outcome(_ASSESSMENT_KEYS, ("CLA_REQUEST_FLAG", "LEGAL_ACTION_FLAG"), "TOTAL_NO_OF_OUTCOMES", "COMMENTS"),
    "other_agency": _outcome(_ASSESSMENT_KEYS, ("REFERRAL_TO_OTHER_AGENCY_FLAG",), "TOTAL_NO_OF_OUTCOMES", "COMMENTS"),
}
S47_OUTCOME = {
    "nfa": _outcome(_S47_KEYS, ("NFA_FLAG",), "TOTAL_NO_OF_OUTCOMES", "OUTCOME_COMMENTS"),
    "services": _outcome(
        _S47_KEYS, ("PROV_OF_SERVICES_FLAG", "NFA_CONTINUE_SINGLE_FLAG"), "TOTAL_NO_OF_OUTCOMES", "OUTCOME_COMMENTS"
    ),
    "icpc": _outcome(_S47_KEYS, ("CP_CONFERENCE_FLAG",), "TOTAL_NO_OF_OUTCOMES", "OUTCOME_COMMENTS"),
}
ICPC_OUTCOME = {
    "cp": _outcome(_ICPC_KEYS, ("CP_FLAG",), "TOTAL_NO_OF_OUTCOMES", "COMMENTS"),
    "services": _outcome(_ICPC_KEYS, ("PROV_OF_SERVICES_FLAG",), "TOTAL_NO_OF_OUTCOMES", "COMMENTS"),
}

# Assessment duration, referral to authorisation, in working days: the national
# C2 distribution for 2024-25 (national-figures.md §2.3) as (low, high, share %).
ASSESSMENT_DAYS = [
    (0, 0, 1.8),
    (1, 10, 11.7),
    (11, 20, 17.3),
    (21, 30, 15.8),
    (31, 40, 20.2),
    (41, 45, 18.9),
    (46, 50, 5.8),
    (51, 60, 4.3),
    (61, 90, 4.2),
]
