"""What the clinic's pages and pack show, put together from the queries (no request handling here)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.utils import timezone

from oversight.analytics.indicators import month_ends, month_label, parse_month
from oversight.performance import charts, queries
from oversight.performance.models import ClinicAction, Meeting
from oversight.performance.services import STANDING_ITEMS
from oversight.web import labels

UNIT_SUFFIX = {"percent": "%", "days": " days", "working_days": " working days", "rate_10k": " per 10,000"}


def show(value, unit: str) -> str:
    """A figure in words for pages and packs: '85.7%', '12', 'not measurable' is for the caller."""
    if value is None:
        return "–"
    text = f"{value:.1f}" if isinstance(value, float) and unit != "count" else str(value)
    return text + UNIT_SUFFIX.get(unit, "")


def decorate(row: dict, compact: bool = True) -> dict:
    """A scorecard row with what a page shows beside the numbers: words for RAG and direction, the chart."""
    unit = row["unit"]
    move = row["direction"]["move"]
    judgement = row["direction"]["judgement"]
    return {
        **row,
        "value_text": show(row["value"], unit) if row["measurable"] else "Not measurable",
        "previous_text": show(row["previous"], unit),
        "target_text": show(row["target"], unit),
        "national_text": show(row["national"], unit),
        "rag_text": charts.RAG_TEXT[row["rag"]],
        "rag_symbol": charts.RAG_SYMBOL[row["rag"]],
        "move_text": charts.MOVE_TEXT[move] + (f", {judgement}" if judgement and judgement != "same" else ""),
        "chart": charts.trend_chart(
            row["trend"], row["target"], row["title"], compact=compact, today=timezone.localdate()
        ),
    }


def month_of(text: str | None) -> dt.date:
    """The month-end of 'YYYY-MM', or of this month when TEXT is empty (ValueError when it is not a month)."""
    if not text:
        today = timezone.localdate()
        return month_ends(today, 1)[0]
    return parse_month(text)


def overview(last: dt.date) -> list[dict]:
    """Per area: its name and how many indicators are red, amber, green, or not measurable."""
    card = queries.scorecard(last)
    out = []
    for key, name in queries.areas().items():
        rows = [r for r in card["indicators"] if r["area"] == key]
        out.append(
            {
                "key": key,
                "name": name,
                "indicators": len(rows),
                "red": sum(r["rag"] == "red" for r in rows),
                "amber": sum(r["rag"] == "amber" for r in rows),
                "green": sum(r["rag"] == "green" for r in rows),
                "not_measurable": sum(not r["measurable"] for r in rows),
            }
        )
    return out


def area_rows(last: dt.date, area: str | None) -> list[dict]:
    return [decorate(r) for r in queries.scorecard(last, area)["indicators"]]


def breakdown_rows(indicator_id: str, last: dt.date, level: str) -> list[dict]:
    ind = queries.indicator(indicator_id)
    names = labels.team_names()
    rows = []
    for r in queries.breakdown(indicator_id, last, level):
        rows.append(
            {
                **r,
                "name": names.get(r["group"], r["group"]) or ("No team" if level == "team" else "No locality"),
                "value_text": show(r["value"], ind.unit),
                "previous_text": show(r["previous"], ind.unit),
                "rag_text": charts.RAG_TEXT[r["rag"]],
                "rag_symbol": charts.RAG_SYMBOL[r["rag"]],
            }
        )
    return rows


def children_counts(indicator_id: str, last: dt.date) -> dict | None:
    """How many children stand behind the month's figure, and how many of them are counted in its numerator."""
    kids = queries.children_behind(indicator_id, last)
    if kids.is_empty():
        return None
    unique = kids.unique("child_id")
    return {"children": unique.height, "flagged": kids.filter(pl.col("flagged")).get_column("child_id").n_unique()}


def meeting_view(meeting: Meeting, today: dt.date) -> dict:
    """Everything on a meeting's page and in the pack: earlier actions carried forward, notes by item."""
    carried = queries.carried_forward(meeting)
    notes = {n.item: n for n in meeting.notes.all()}
    cutoff = meeting.held_on or today
    return {
        "meeting": meeting,
        "carried": [{"action": a, "overdue": a.due_date < cutoff} for a in carried],
        "actions": [
            {"action": a, "overdue": a.status == ClinicAction.OPEN and a.due_date < cutoff}
            for a in meeting.actions.all()
        ],
        "decisions": list(meeting.decisions.all()),
        "standing": [{"key": k, "label": v, "note": notes.get(k)} for k, v in STANDING_ITEMS.items()],
        "notes": notes,
    }


def meeting_for_month(area: str, last: dt.date) -> Meeting | None:
    return Meeting.objects.filter(area=area, month=last.replace(day=1)).first()


def label(last: dt.date) -> str:
    return month_label(last)
