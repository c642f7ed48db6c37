"""The service navigation: (label, url name, roles allowed or None for everyone).

Each domain adds its own line here.
"""

from oversight.accounts import roles as r

ITEMS = [
    ("Home", "web:home", None),
    ("Children", "people:children", None),
    ("Caseloads", "caseloads:summary", r.MANAGERS),
    (
        "Audits",
        "audits:home",
        {
            r.ADMINISTRATOR,
            r.PERFORMANCE_OFFICER,
            r.SENIOR_MANAGER,
            r.TEAM_MANAGER,
            r.SOCIAL_WORKER,
            r.AUDITOR,
            r.MODERATOR,
        },
    ),
    ("Imports", "imports:upload", r.IMPORTERS),
    ("Timeliness", "timeliness:index", r.COUNCIL_FIGURES | {r.SOCIAL_WORKER}),
    ("IRO oversight", "iro:home", {r.ADMINISTRATOR, r.PERFORMANCE_OFFICER, r.SENIOR_MANAGER, r.TEAM_MANAGER, r.IRO}),
    ("Performance clinic", "performance:index", r.COUNCIL_FIGURES),
    ("Inspection", "inspection:readiness", {r.ADMINISTRATOR, r.PERFORMANCE_OFFICER, r.SENIOR_MANAGER}),
    # Team managers review repeat referrals but do not see the readiness page, which links to the reviews.
    ("Repeat referrals", "inspection:repeat_referrals", {r.TEAM_MANAGER}),
    ("Improvement", "improvement:home", None),
    ("Access log", "accounts:access_log", {r.ADMINISTRATOR}),
]
