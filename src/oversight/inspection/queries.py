"""Reads for the inspection pages and CLI."""

from __future__ import annotations

from oversight.inspection.models import InformationRequest, Inspection

REGISTER_HEADER = [
    "id",
    "what",
    "asked_by",
    "asked_at",
    "line_of_enquiry",
    "due",
    "status",
    "approved_by",
    "approved_at",
    "handed_over_by",
    "handed_over_at",
    "file_name",
    "file_sha256",
]


def inspection_or_latest(pk: int | None) -> Inspection | None:
    if pk is not None:
        return Inspection.objects.filter(pk=pk).first()
    return Inspection.objects.order_by("-starts_on", "-pk").first()


def _when(value) -> str:
    return value.isoformat(timespec="minutes") if value else ""


def register_rows(inspection: Inspection) -> tuple[list[str], list[list]]:
    rows = []
    for r in InformationRequest.objects.filter(inspection=inspection).defer("file_content"):
        rows.append(
            [
                r.pk,
                r.what,
                r.asked_by,
                _when(r.asked_at),
                r.line_of_enquiry,
                _when(r.due),
                r.status,
                r.approved_by,
                _when(r.approved_at),
                r.handed_over_by,
                _when(r.handed_over_at),
                r.file_name,
                r.file_sha256,
            ]
        )
    return REGISTER_HEADER, rows
