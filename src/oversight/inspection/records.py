"""Lines of enquiry and self-evaluation evidence areas: made, changed and deleted, every change kept.

A change or deletion is recorded in `RecordChange` with who, when and the
record's fields before and after, so a deleted record can be read back (and
re-entered) from its last state.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from oversight.inspection.models import EvidenceArea, Inspection, LineOfEnquiry, RecordChange

LINE_FIELDS = ("title", "owner", "response", "status")
AREA_FIELDS = ("title", "owner", "due_on", "documents", "submitted_rag", "quality_rag")


def _snapshot(record, fields) -> dict:
    out = {}
    for f in fields:
        v = getattr(record, f)
        out[f] = v.isoformat() if isinstance(v, dt.date) else v
    return out


def _save(record, fields, kind: str, by, data: dict, inspection_id: int | None):
    with transaction.atomic():
        new = record.pk is None
        before = {} if new else _snapshot(record, fields)
        for f in fields:
            if f in data:
                setattr(record, f, data[f])
        record.save()
        after = _snapshot(record, fields)
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        if new or changed:
            RecordChange.objects.create(
                by=by.get_username(),
                kind=kind,
                record_id=record.pk,
                inspection_id=inspection_id,
                what="created" if new else "changed",
                before={k: before[k] for k in changed if k in before},
                after=changed,
            )
    return record


def _delete(record, fields, kind: str, by, inspection_id: int | None) -> None:
    with transaction.atomic():
        RecordChange.objects.create(
            by=by.get_username(),
            kind=kind,
            record_id=record.pk,
            inspection_id=inspection_id,
            what="deleted",
            before=_snapshot(record, fields),
            after={},
        )
        record.delete()


def save_line(inspection: Inspection, by, data: dict, line: LineOfEnquiry | None = None) -> LineOfEnquiry:
    return _save(line or LineOfEnquiry(inspection=inspection), LINE_FIELDS, "line", by, data, inspection.pk)


def delete_line(line: LineOfEnquiry, by) -> None:
    _delete(line, LINE_FIELDS, "line", by, line.inspection_id)


def save_area(by, data: dict, area: EvidenceArea | None = None) -> EvidenceArea:
    return _save(area or EvidenceArea(), AREA_FIELDS, "evidence", by, data, None)


def delete_area(area: EvidenceArea, by) -> None:
    _delete(area, AREA_FIELDS, "evidence", by, None)


def history(kind: str, record_id: int):
    return RecordChange.objects.filter(kind=kind, record_id=record_id)


def deleted(kind: str, inspection_id: int | None = None):
    """Deleted records of KIND (of one inspection, for lines), newest first, with their last fields."""
    found = RecordChange.objects.filter(kind=kind, what="deleted")
    return found.filter(inspection_id=inspection_id) if inspection_id is not None else found
