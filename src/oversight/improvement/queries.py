"""Reads for the plan, the findings and the risk register: rows with their derived RAG and movement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch

from oversight.config import section
from oversight.improvement import indicators, rag
from oversight.improvement.matrix import Matrix, matrix, pillars
from oversight.improvement.models import Action, Finding, Review, Risk, RiskRating

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}


def trend_months() -> int:
    n = section("improvement").get("trend_months", 12)
    return n if isinstance(n, int) and not isinstance(n, bool) and 2 <= n <= 60 else 12


def last_full_month(as_at: dt.date) -> dt.date:
    """The latest month wholly known on AS_AT: a month still under way would compare a few days with a whole month."""
    if as_at == indicators.month_end(as_at.replace(day=1)):
        return as_at.replace(day=1)
    return (as_at.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def pillar_titles() -> dict[str, str]:
    return {p["key"]: p["title"] for p in pillars()}


def _actions():
    return Action.objects.prefetch_related(
        Prefetch("reviews", queryset=Review.objects.order_by("-month")), "findings"
    ).order_by("pillar", "ref")


def action_rows(actions, as_at: dt.date, trends: dict | None = None) -> list[dict]:
    """Each action with its RAG (colour, reasons), indicator trend and latest review, as at AS_AT."""
    actions = list(actions)
    if trends is None:
        trends = indicators.trends(
            [a.indicator for a in actions if a.indicator], last_full_month(as_at), trend_months()
        )
    titles = pillar_titles()
    rows = []
    for a in actions:
        reviews = list(a.reviews.all())
        last = next((r for r in reviews if r.month <= as_at), None)
        trend = trends.get(a.indicator) if a.indicator else None
        result = rag.derive(
            done=a.done,
            due=a.due,
            as_at=as_at,
            trend=trend,
            target=a.indicator_target,
            target_date=a.indicator_date,
            last_review=(last.month, last.outcome, last.get_outcome_display()) if last else None,
        )
        rows.append(
            {
                "action": a,
                "pillar_title": titles.get(a.pillar, a.pillar),
                "rag": result.colour,
                "rag_label": RAG_LABELS[result.colour],
                "reasons": result.reasons,
                "overdue": result.overdue,
                "trend": trend,
                "last_review": last,
            }
        )
    return rows


def plan(as_at: dt.date, pillar: str | None = None, lead: str | None = None, view: str = "all") -> list[dict]:
    """Action rows, narrowed to PILLAR, LEAD, or VIEW ('overdue' or 'due_this_month')."""
    qs = _actions()
    if pillar:
        qs = qs.filter(pillar=pillar)
    if lead:
        qs = qs.filter(lead=lead)
    if view == "due_this_month":
        first = as_at.replace(day=1)
        qs = qs.filter(due__gte=first, due__lte=indicators.month_end(first)).exclude(status=Action.COMPLETE)
    elif view == "overdue":
        qs = qs.filter(due__lt=as_at).exclude(status=Action.COMPLETE)
    return action_rows(qs, as_at)


def by_pillar(rows: list[dict]) -> list[dict]:
    """Pillars in plan order (and any unknown key after), each with its rows and counts."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["action"].pillar].append(row)
    order = [p["key"] for p in pillars()] + sorted(k for k in grouped if k not in pillar_titles())
    titles = pillar_titles()
    out = []
    for key in order:
        items = grouped.get(key, [])
        out.append(
            {"key": key, "title": titles.get(key, f"{key} (not a configured pillar)"), "rows": items, **counts(items)}
        )
    return out


def counts(rows: list[dict]) -> dict:
    return {
        "total": len(rows),
        "green": sum(r["rag"] == "green" for r in rows),
        "amber": sum(r["rag"] == "amber" for r in rows),
        "red": sum(r["rag"] == "red" for r in rows),
        "completed": sum(r["action"].done for r in rows),
        "overdue": sum(r["overdue"] for r in rows),
    }


def action(pk: int) -> Action:
    return _actions().get(pk=pk)


def mitigations(risk: Risk, as_at: dt.date) -> list[dict]:
    return action_rows(_actions().filter(risks=risk), as_at)


# ---- findings -----------------------------------------------------------------------------------


def findings(unanswered_only: bool = False):
    qs = Finding.objects.annotate(n_actions=Count("actions")).order_by("-date", "ref")
    return qs.filter(n_actions=0) if unanswered_only else qs


def chain(finding: Finding, as_at: dt.date) -> list[dict]:
    """The finding's actions with their RAG and indicator trend (finding → actions → indicator)."""
    return action_rows(_actions().filter(findings=finding), as_at)


# ---- risks --------------------------------------------------------------------------------------


def last_board(as_at: dt.date) -> dt.date:
    """The board is monthly: the last one is taken to be the end of the month before AS_AT's."""
    return as_at.replace(day=1) - dt.timedelta(days=1)


def ratings_on(day: dt.date, risk_ids=None) -> dict[int, str]:
    """Each risk's rating in force on DAY (the latest rated on or before it)."""
    qs = RiskRating.objects.filter(rated_on__lte=day)
    if risk_ids is not None:
        qs = qs.filter(risk_id__in=list(risk_ids))
    out: dict[int, str] = {}
    for risk_id, rating in qs.order_by("risk_id", "rated_on", "id").values_list("risk_id", "rating"):
        out[risk_id] = rating
    return out


def risk_rows(as_at: dt.date, m: Matrix | None = None) -> list[dict]:
    """Every risk as at AS_AT: rating then, rating at the last board, movement, band, appetite, review due."""
    m = m or matrix()
    risks = list(Risk.objects.prefetch_related("mitigations").order_by("ref"))
    now = ratings_on(as_at)
    before = ratings_on(last_board(as_at))
    rows = []
    for risk in risks:
        rating = now.get(risk.pk)
        if rating is None:
            continue  # not yet on the register on AS_AT
        previous = before.get(risk.pk)
        rows.append(
            {
                "risk": risk,
                "rating": rating,
                "previous_rating": previous,
                "movement": m.movement(previous, rating),
                "score": m.score(rating),
                "band": m.band(rating),
                "above_appetite": m.above_appetite(rating),
                "described": m.describe(rating),
                "target_score": m.score(risk.target_rating),
                "review_overdue": risk.review_date < as_at,
            }
        )
    return rows


def top_risks(rows: list[dict], n: int = 5) -> list[dict]:
    return sorted(rows, key=lambda r: (-r["score"], r["risk"].ref))[:n]


def heat_map(rows: list[dict], m: Matrix | None = None) -> dict:
    """The matrix as rows of cells (likelihood down the side, impact across), each with its risks."""
    m = m or matrix()
    at = defaultdict(list)
    for r in rows:
        at[r["rating"]].append(r["risk"])
    grid = []
    for lcode, llabel in m.likelihood:
        cells = []
        for icode, _ in m.impact:
            rating = lcode + icode
            cells.append(
                {
                    "rating": rating,
                    "score": m.score(rating),
                    "band": m.band(rating),
                    "above_appetite": m.above_appetite(rating),
                    "risks": at.get(rating, []),
                }
            )
        grid.append({"code": lcode, "label": llabel, "cells": cells})
    return {"rows": grid, "impact": m.impact, "appetite_score": m.appetite_score}


def rating_history(risk: Risk) -> list[RiskRating]:
    return list(risk.ratings.order_by("-rated_on", "-id"))
