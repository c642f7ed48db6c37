"""Roles and what each may do. One place, so pages, the CLI and the docs agree."""

ADMINISTRATOR = "administrator"
PERFORMANCE_OFFICER = "performance_officer"
SENIOR_MANAGER = "senior_manager"
TEAM_MANAGER = "team_manager"
SOCIAL_WORKER = "social_worker"
AUDITOR = "auditor"
MODERATOR = "moderator"
IRO = "iro"
INSPECTOR = "inspector"

CHOICES = [
    (ADMINISTRATOR, "Administrator"),
    (PERFORMANCE_OFFICER, "Performance officer"),
    (SENIOR_MANAGER, "Senior manager"),
    (TEAM_MANAGER, "Team manager"),
    (SOCIAL_WORKER, "Social worker"),
    (AUDITOR, "Auditor"),
    (MODERATOR, "Moderator"),
    (IRO, "Independent reviewing officer"),
    (INSPECTOR, "Inspector"),
]
NAMES = [name for name, _ in CHOICES]
LABELS = dict(CHOICES)

# Roles that see every child's record.
ALL_CHILDREN = {ADMINISTRATOR, PERFORMANCE_OFFICER, SENIOR_MANAGER}
# Roles that see aggregate figures (counts, caseloads, timeliness) for the whole council.
COUNCIL_FIGURES = {ADMINISTRATOR, PERFORMANCE_OFFICER, SENIOR_MANAGER, TEAM_MANAGER, AUDITOR, MODERATOR}
# Roles that may load data.
IMPORTERS = {ADMINISTRATOR, PERFORMANCE_OFFICER}
MANAGERS = {ADMINISTRATOR, PERFORMANCE_OFFICER, SENIOR_MANAGER, TEAM_MANAGER}
# Roles whose record scope comes from a worker id (ssd_professionals) on the login.
NEEDS_PROFESSIONAL_ID = {SOCIAL_WORKER, IRO}
# Roles whose record scope comes from a team id (ssd_department) on the login.
NEEDS_TEAM_ID = {TEAM_MANAGER}
