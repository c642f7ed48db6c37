"""Reads for the imports pages."""

from oversight.imports.models import ImportRecord


def recent_imports(limit: int = 20):
    return list(ImportRecord.objects.all()[:limit])


def import_record(pk: int) -> ImportRecord | None:
    if not 0 < pk < 2**63:  # beyond a database integer: no such import
        return None
    return ImportRecord.objects.filter(pk=pk).first()
