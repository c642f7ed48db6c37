"""Reads for the imports pages."""

from oversight.imports.models import ImportRecord


def recent_imports(limit: int = 20):
    return list(ImportRecord.objects.all()[:limit])


def import_record(pk: int) -> ImportRecord | None:
    return ImportRecord.objects.filter(pk=pk).first()
