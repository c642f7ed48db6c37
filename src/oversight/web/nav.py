"""The service navigation: (label, url name, roles allowed or None for everyone).

Each domain adds its own line here.
"""

from oversight.accounts import roles as r

ITEMS = [
    ("Home", "web:home", None),
    ("Children", "people:children", None),
    ("Caseloads", "caseloads:summary", r.MANAGERS),
    ("Access log", "accounts:access_log", {r.ADMINISTRATOR}),
]
