"""Hand-made frames and a scorecard Context for the indicator tests (no database)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics import indicators, rulebook, scorecard
from oversight.analytics.caseloads import Rules
from oversight.analytics.indicators import month_ends, parse_month
from oversight.analytics.workdays import WorkingDayCalendar
from oversight.people.ssd import tables
from tests.caseloads.frames import d, frame

CATALOGUE = indicators.load()


def frames(**rows: list[dict]) -> dict[str, pl.DataFrame]:
    """Every SSD table as a frame: the tables named get ROWS (SSD column names, dates as text), the rest are empty."""
    out = {}
    for t in tables():
        given = rows.get(t.name, [])
        types = {c.name: c.kind for c in t.columns}
        out[t.name] = frame(
            t.name,
            [{k: (d(v) if types.get(k) == "date" and isinstance(v, str) else v) for k, v in r.items()} for r in given],
        )
    return out


def context(data: dict[str, pl.DataFrame], month: str = "2024-03", **extra) -> scorecard.Context:
    return scorecard.Context(
        frames=data,
        days=month_ends(parse_month(month)),
        calendar=WorkingDayCalendar(),
        rulebook=rulebook.load(),
        rules=extra.pop("rules", Rules()),
        **extra,
    )


def outcome(indicator_id: str, ctx: scorecard.Context) -> scorecard.Outcome:
    return scorecard.compute(CATALOGUE, ctx, [indicator_id])[indicator_id]


def council(indicator_id: str, ctx: scorecard.Context, day: str = "2024-03-31") -> dict:
    """The council row (numerator, denominator, value) of the indicator at DAY."""
    found = outcome(indicator_id, ctx)
    assert found.measurable, found.reason
    row = found.value(dt.date.fromisoformat(day))
    value = scorecard.rounded(found.indicator, row["value"])
    num = row["numerator"]
    return {
        "value": value,
        "numerator": None if num is None else round(num, 2),
        "denominator": row["denominator"],
    }


def values(indicator_id: str, ctx: scorecard.Context, *days: str) -> list:
    return [council(indicator_id, ctx, day)["value"] for day in days]
