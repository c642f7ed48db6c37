"""Who may do what in the inspection app (one place, so pages and tests agree)."""

from oversight.accounts import roles as r

# Export the Annex A and keep practice runs.
ANNEX_A = {r.ADMINISTRATOR, r.PERFORMANCE_OFFICER}
# Read practice runs, the summary and the readiness page.
READINESS = {r.ADMINISTRATOR, r.PERFORMANCE_OFFICER, r.SENIOR_MANAGER}
# Record repeat-referral reviews.
REVIEWERS = {r.ADMINISTRATOR, r.SENIOR_MANAGER, r.TEAM_MANAGER}
# Run the inspection event: set it up, the register, meetings, case selection, briefings.
COORDINATORS = {r.ADMINISTRATOR, r.PERFORMANCE_OFFICER, r.SENIOR_MANAGER}
