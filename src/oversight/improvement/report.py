"""The improvement board's monthly report: as a dict (JSON), a page, a PDF and an xlsx workbook."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from oversight.documents.pdf import pdf_from_html
from oversight.documents.xlsx import workbook
from oversight.improvement import indicators, queries
from oversight.improvement.matrix import matrix

EARLIEST_YEAR = 1990  # a year's trend and the last board reach back before the month asked for


class ReportError(ValueError):
    pass


def parse_month(text: str) -> dt.date:
    try:
        month = dt.datetime.strptime((text or "").strip(), "%Y-%m").date()
    except ValueError:
        raise ReportError(f"month must be written as YYYY-MM, for example 2026-11; got '{(text or '')[:20]}'")
    if month.year < EARLIEST_YEAR:
        raise ReportError(f"month must be in {EARLIEST_YEAR} or later; got {month:%Y-%m}")
    return month


def as_at_for(month: dt.date, today: dt.date) -> dt.date:
    """The day the month's report is worked out on: its last day, or today while it is the current month."""
    if month > today:
        raise ReportError(f"{month:%B %Y} has not started yet; the latest report is for {today:%Y-%m}")
    return min(indicators.month_end(month), today)


def build(month: dt.date, today: dt.date | None = None) -> dict:
    """Everything the board sees for MONTH (first day): plan, red chains, risks, indicators, findings."""
    today = today or dt.date.today()
    as_at = as_at_for(month, today)
    rows = queries.plan(as_at)
    m = matrix()
    risks = queries.risk_rows(as_at, m)
    headline = {}
    for row in rows:
        trend = row["trend"]
        if trend is None or trend.ref in headline:
            continue
        measured = trend.measured() if trend.available else []
        headline[trend.ref] = {
            "ref": trend.ref,
            "title": trend.title,
            "unit": trend.unit,
            "available": trend.available and bool(measured),
            "why_not": trend.reason if not (trend.available and measured) else "",
            "latest": measured[-1] if measured else None,
            "previous": measured[-2] if len(measured) > 1 else None,
            "targets": [],
        }
    for row in rows:
        a = row["action"]
        if a.indicator and a.indicator_target is not None:
            headline[a.indicator]["targets"].append(
                {"action": a.ref, "target": a.indicator_target, "by": a.indicator_date}
            )
    return {
        "month": month,
        "as_at": as_at,
        "rows": rows,
        "counts": queries.counts(rows),
        "pillars": queries.by_pillar(rows),
        "red": [r for r in rows if r["rag"] == "red"],
        "risks": sorted(risks, key=lambda r: (-r["score"], r["risk"].ref)),
        "top_risks": queries.top_risks(risks),
        "heat_map": queries.heat_map(risks, m),
        "last_board": queries.last_board(as_at),
        "headline": list(headline.values()),
        "unanswered": list(queries.findings(unanswered_only=True)),
    }


def as_json(report: dict) -> dict:
    """The report in the documented JSON shape (docs/improvement.md)."""
    return {
        "month": f"{report['month']:%Y-%m}",
        "actions": report["counts"],
        "by_pillar": [
            {"pillar": p["key"], "title": p["title"], **{k: p[k] for k in report["counts"]}} for p in report["pillars"]
        ],
        "risks": [
            {
                "id": r["risk"].ref,
                "title": r["risk"].title,
                "rating": r["rating"],
                "previous_rating": r["previous_rating"],
                "owner": r["risk"].owner,
                "review_due": r["risk"].review_date.isoformat(),
            }
            for r in report["risks"]
        ],
        "unanswered_findings": [
            {
                "id": f.ref,
                "source": f.get_source_display(),
                "date": f.date.isoformat(),
                "judgement_area": f.judgement_area,
                "text": f.text,
            }
            for f in report["unanswered"]
        ],
    }


def as_pdf(report: dict) -> bytes:
    html = render_to_string("improvement/report_pdf.html", {"r": report})
    return pdf_from_html(html)


def as_xlsx(report: dict) -> bytes:
    keys = ["total", "green", "amber", "red", "completed", "overdue"]
    summary = [[p["title"], *[p[k] for k in keys]] for p in report["pillars"]]
    summary.append(["All pillars", *[report["counts"][k] for k in keys]])
    actions = [
        [
            r["action"].ref,
            r["pillar_title"],
            r["action"].what,
            r["action"].lead,
            r["action"].due,
            r["action"].get_status_display(),
            r["rag_label"],
            "; ".join(r["reasons"]),
            r["action"].indicator,
        ]
        for r in report["rows"]
    ]
    risks = [
        [
            r["risk"].ref,
            r["risk"].title,
            r["rating"],
            r["previous_rating"] or "",
            r["movement"],
            r["risk"].target_rating,
            "yes" if r["above_appetite"] else "no",
            r["risk"].owner,
            r["risk"].review_date,
        ]
        for r in report["risks"]
    ]
    headline = [
        [
            h["title"],
            h["ref"],
            h["latest"]["value"] if h["latest"] else "not measurable",
            f"{h['latest']['month']:%Y-%m}" if h["latest"] else h["why_not"],
            h["previous"]["value"] if h["previous"] else "",
        ]
        for h in report["headline"]
    ]
    findings = [[f.ref, f.get_source_display(), f.date, f.judgement_area, f.text] for f in report["unanswered"]]
    return workbook(
        [
            (f"Plan {report['month']:%Y-%m}", ["Pillar", "Actions", *[k.title() for k in keys[1:]]], summary),
            (
                "Actions",
                ["Ref", "Pillar", "Action", "Lead", "Due", "Status", "RAG", "Why", "Indicator"],
                actions,
            ),
            (
                "Risks",
                [
                    "Ref",
                    "Risk",
                    "Rating",
                    "At last board",
                    "Movement",
                    "Target",
                    "Above appetite",
                    "Owner",
                    "Review due",
                ],
                risks,
            ),
            ("Indicators", ["Indicator", "Id", "Latest", "Month", "Month before"], headline),
            ("Unanswered findings", ["Ref", "Source", "Date", "Judgement area", "Finding"], findings),
        ]
    )
