"""Whether a child or worker named on a workflow record is still in the case data.

Audits, escalations and actions keep ids as text and outlive every import; a
child or worker a later snapshot no longer holds is shown as such rather
than silently looking current. The ids are read once per case-data version
(people.frames keeps the tables in memory until the next snapshot).
"""

from django import template

from oversight.people import frames
from oversight.people.models import CaseDataVersion

register = template.Library()
_known: dict[tuple[str, str], frozenset] = {}


def _ids(table: str, column: str) -> frozenset:
    token = CaseDataVersion.current()
    if not token:  # case data written without a snapshot (tests' factories): nothing to key a copy on
        return frozenset(frames.load(table, [column]).get_column(column).to_list())
    key = (token, table)
    if key not in _known:
        _known.clear()
        _known[key] = frozenset(frames.load(table, [column]).get_column(column).to_list())
    return _known[key]


@register.filter
def child_gone(child_id) -> bool:
    return bool(child_id) and str(child_id) not in _ids("ssd_person", "pers_person_id")


@register.filter
def worker_gone(worker_id) -> bool:
    return bool(worker_id) and str(worker_id) not in _ids("ssd_professionals", "prof_professional_id")
