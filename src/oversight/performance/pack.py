"""The clinic pack for a month (and area): scorecard, charts, exceptions, open actions, narrative per item.

PDF through oversight.documents.pdf (WeasyPrint, from an HTML template), xlsx
through oversight.documents.xlsx (one sheet per area, figures as numbers, not
pictures). Exceptions are the red indicators, with the children behind each
counted, never named.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from oversight.analytics.indicators import month_label, parse_month
from oversight.documents import pdf, xlsx
from oversight.performance import pages, queries
from oversight.performance.models import ClinicAction, Meeting

CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FORMATS = tuple(CONTENT_TYPES)


def _areas(area: str | None) -> dict[str, str]:
    names = queries.areas()
    if area is None:
        return names
    if area not in names:
        raise ValueError(f"no service area '{area}'; the areas are: {', '.join(names)}")
    return {area: names[area]}


def _open_actions(area: str, last: dt.date) -> list[dict]:
    """Actions of the area's meetings up to this month that are still open, oldest due first."""
    today = timezone.localdate()
    found = ClinicAction.objects.filter(
        meeting__area=area, meeting__month__lte=last.replace(day=1), status=ClinicAction.OPEN
    ).select_related("meeting")
    return [
        {
            "what": a.what,
            "owner": a.owner,
            "due": a.due_date,
            "raised": month_label(a.meeting.month),
            "indicator": a.indicator_id,
            "overdue": a.due_date < min(today, last),
        }
        for a in found.order_by("due_date", "id")
    ]


def content(month: str, area: str | None = None) -> dict:
    last = parse_month(month)
    sections = []
    for key, name in _areas(area).items():
        rows = pages.area_rows(last, key)
        meeting = Meeting.objects.filter(area=key, month=last.replace(day=1)).prefetch_related("notes").first()
        notes = {n.item: n.text for n in meeting.notes.all()} if meeting else {}
        exceptions = [
            {**r, "counts": pages.children_counts(r["id"], last)} for r in rows if r["rag"] == "red" and r["measurable"]
        ]
        sections.append(
            {
                "key": key,
                "name": name,
                "rows": [{**r, "narrative": notes.get(r["id"], "")} for r in rows],
                "exceptions": exceptions,
                "actions": _open_actions(key, last),
                "meeting": meeting,
                "standing": [
                    {"label": label, "narrative": notes.get(item, "")} for item, label in pages.STANDING_ITEMS.items()
                ],
            }
        )
    return {"month": month_label(last), "last": last, "sections": sections, "made": timezone.localtime()}


def build(month: str, area: str | None, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"the pack is made as {' or '.join(FORMATS)}, not {fmt}")
    data = content(month, area)
    if fmt == "pdf":
        return pdf.pdf_from_html(render_to_string("performance/pack.html", data))
    return workbook(data)


SHEET_HEADER = [
    "Indicator id",
    "Indicator",
    "Unit",
    "This month",
    "Last month",
    "Target",
    "RAG",
    "Direction",
    "National",
    "Numerator",
    "Denominator",
    "Not measurable because",
]


def workbook(data: dict) -> bytes:
    sheets = []
    months = []
    for section in data["sections"]:
        rows = []
        for r in section["rows"]:
            months = [t["month"] for t in r["trend"]]
            rows.append(
                [
                    r["id"],
                    r["title"],
                    r["unit"],
                    r["value"],
                    r["previous"],
                    r["target"],
                    r["rag_text"] if r["rag"] else "",
                    r["move_text"],
                    r["national"],
                    r["numerator"],
                    r["denominator"],
                    "" if r["measurable"] else r["reason"],
                    *[t["value"] for t in r["trend"]],
                    r["narrative"],
                ]
            )
        sheets.append((section["name"], [*SHEET_HEADER, *months, "Narrative"], rows))
    actions = [
        [s["name"], a["what"], a["owner"], a["due"], a["raised"], a["indicator"], "Overdue" if a["overdue"] else "Open"]
        for s in data["sections"]
        for a in s["actions"]
    ]
    sheets.append(("Open actions", ["Area", "Action", "Owner", "Due", "Raised at", "Indicator", "Status"], actions))
    return xlsx.workbook(sheets)
