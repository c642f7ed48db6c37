"""Reads for the imports pages."""

from oversight.imports.models import ImportRecord


def recent_imports(limit: int = 20):
    return list(ImportRecord.objects.all()[:limit])


def import_record(pk: int) -> ImportRecord | None:
    if not 0 < pk < 2**63:  # beyond a database integer: no such import
        return None
    return ImportRecord.objects.filter(pk=pk).first()


def snapshots_page() -> dict:
    """The kept snapshots (newest first) with their per-table changes, and which is current and previous."""
    from oversight.imports import history
    from oversight.people.ssd import tables

    entries = list(history.entries())
    current, previous = history.current_and_previous()
    order = [t.name for t in tables()]
    for e in entries:
        e.table_changes = [
            {"table": name, **e.changes[name]}
            for name in order
            if name in e.changes and (e.changes[name].get("after") or e.changes[name].get("before"))
        ]
    rollback = None
    if current and previous:
        rollback = [
            {
                "table": name,
                "now": current.changes.get(name, {}).get("after", 0),
                "after": previous.changes.get(name, {}).get("after", 0),
            }
            for name in order
            if current.changes.get(name, {}).get("after") or previous.changes.get(name, {}).get("after")
        ]
    return {"entries": entries, "current": current, "previous": previous, "rollback": rollback, "keep": history.keep()}


def case_data_source():
    """Where the case data now loaded came from, for analytics.measurability.

    The newest snapshot not rolled back (imports.history) holds the case data when it, or a
    rollback to it, was the last write (no later than the case-data version changed): its
    import record, or the synthetic council. Without a kept snapshot, the latest import's when
    that import wrote the current case-data version. Otherwise the source is unknown and taken
    as holding full history.
    """
    from django.db.models import Max

    from oversight.analytics.measurability import Source
    from oversight.imports.models import Snapshot
    from oversight.people.models import CaseDataVersion

    version = CaseDataVersion.objects.filter(pk=1).first()
    if version is None:
        return Source()
    live = Snapshot.objects.defer("data").filter(rolled_back_at__isnull=True).order_by("-id").first()
    if live is not None:
        last_rollback = Snapshot.objects.aggregate(at=Max("rolled_back_at"))["at"]
        last = max(t for t in (live.created_at, last_rollback) if t is not None)
        if last >= version.changed_at:
            if live.kind == "synthetic":
                return Source("synthetic")
            if live.import_record_id is not None:
                return _import_source(live.import_record)
            return Source()
    record = ImportRecord.objects.order_by("-finished_at", "-id").first()
    if record is None or record.finished_at < version.changed_at:
        return Source()
    return _import_source(record)


def _import_source(record: ImportRecord):
    from oversight.analytics.measurability import Source

    if record.kind == ImportRecord.ANNEX_A:
        return Source.annex_a(record.as_at)
    supplied = {f["name"].lower().rsplit(".", 1)[0] for f in record.files}
    derived = {t for t in ("ssd_care_leaver_contacts", "ssd_pathway_plan_reviews") if t not in supplied}
    return Source("ssd", frozenset(derived))
