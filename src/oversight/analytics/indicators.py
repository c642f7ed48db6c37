"""The performance clinic's indicators: the catalogue as data, and the scorecard at 13 month-ends. No Django.

The catalogue (oversight/performance/indicators.toml) says what each
indicator is; `indicator_facts` computes it from the case data (SSD frames)
and the workflow records passed in. Every indicator is computed for all 13
month-ends at once, for the council and, where it is about a team's work,
for each team and locality.

A figure comes out as rows of
    as_at, level ("council", "team" or "locality"), group, numerator, denominator, value
and, where children stand behind it, the children as
    as_at, child_id, team, flagged
(flagged: whether the child counts in the numerator of a percentage).
"""

from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

UNITS = ("count", "percent", "days", "working_days", "rate_10k", "caseload")
POLARITIES = ("higher", "lower", "neither")
MONTHS = 13
LEVELS = ("council", "locality", "team")
# Keys a council may set for an indicator in [performance.indicators.<id>].
CONFIGURABLE = ("target", "tolerance")


class CatalogueError(ValueError):
    pass


class NotMeasurable(Exception):
    """The loaded data cannot support the figure; the message says why, in plain words."""


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    area: str
    definition: str
    unit: str
    polarity: str
    source: str
    target: float | None = None
    tolerance: float = 0.0
    national: float | None = None
    national_note: str = ""
    by_team: bool = False
    requires: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    status: str = "ready"
    not_measurable: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.status == "ready"


@dataclass(frozen=True)
class Catalogue:
    areas: dict[str, str]
    indicators: tuple[Indicator, ...]

    def get(self, indicator_id: str) -> Indicator:
        for i in self.indicators:
            if i.id == indicator_id:
                return i
        raise KeyError(indicator_id)

    def in_area(self, area: str | None) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if area is None or i.area == area)

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]


def default_path() -> Path:
    return Path(str(resources.files("oversight.performance").joinpath("indicators.toml")))


_TEXT = ("title", "area", "definition", "unit", "polarity", "source", "national_note", "status", "not_measurable")
_KNOWN = set(_TEXT) | {"target", "tolerance", "national", "by_team", "requires", "needs"}


def _number(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CatalogueError(f"{where} must be a number; got {value!r}")
    return float(value)


def parse(data: dict[str, Any], overrides: dict[str, dict[str, Any]] | None = None) -> Catalogue:
    """The catalogue from its TOML data, with a council's targets and tolerances laid over it."""
    areas = dict(data.get("areas", {}))
    raw = data.get("indicators", {})
    overrides = overrides or {}
    if not isinstance(overrides, dict):
        raise CatalogueError(f"[performance.indicators] must be a table of indicator ids; got {overrides!r}")
    for key in overrides:
        if key not in raw:
            raise CatalogueError(f"[performance.indicators.{key}]: there is no indicator '{key}'")
    out = []
    for ident, spec in raw.items():
        where = f"indicator {ident}"
        for key in ("title", "area", "definition", "unit", "polarity", "source"):
            if not isinstance(spec.get(key), str) or not spec[key]:
                raise CatalogueError(f"{where} needs a {key}")
        if spec["area"] not in areas:
            raise CatalogueError(f"{where}: area '{spec['area']}' is not in [areas]")
        if spec["unit"] not in UNITS:
            raise CatalogueError(f"{where}: unit must be one of {', '.join(UNITS)}; got {spec['unit']!r}")
        if spec["polarity"] not in POLARITIES:
            raise CatalogueError(f"{where}: polarity must be one of {', '.join(POLARITIES)}; got {spec['polarity']!r}")
        local = overrides.get(ident, {})
        if not isinstance(local, dict):
            raise CatalogueError(f"[performance.indicators.{ident}] must be a table; got {local!r}")
        for key in local:
            if key not in CONFIGURABLE:
                raise CatalogueError(
                    f"[performance.indicators.{ident}] {key}: only {' and '.join(CONFIGURABLE)} can be configured"
                )
        merged = {**spec, **local}
        target = merged.get("target")
        tolerance = merged.get("tolerance", 0)
        out.append(
            Indicator(
                id=ident,
                title=spec["title"],
                area=spec["area"],
                definition=spec["definition"],
                unit=spec["unit"],
                polarity=spec["polarity"],
                source=spec["source"],
                target=None if target is None else _number(f"{where} target", target),
                tolerance=_number(f"{where} tolerance", tolerance),
                national=None if spec.get("national") is None else _number(f"{where} national", spec["national"]),
                national_note=spec.get("national_note", ""),
                by_team=bool(spec.get("by_team", False)),
                requires=tuple(spec.get("requires", ())),
                needs=tuple(spec.get("needs", ())),
                status=spec.get("status", "ready"),
                not_measurable=spec.get("not_measurable", ""),
                params={k: v for k, v in spec.items() if k not in _KNOWN},
            )
        )
    return Catalogue(areas, tuple(out))


def load(path: str | Path | None = None, overrides: dict[str, dict[str, Any]] | None = None) -> Catalogue:
    with open(path or default_path(), "rb") as fh:
        return parse(tomllib.load(fh), overrides)


# ---- months ------------------------------------------------------------------------------------


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_month(text: str) -> dt.date:
    """'YYYY-MM' -> that month's last day (ValueError, in plain words, otherwise).

    The year must leave the 13 months and the clocks' due dates inside the
    working-day calendar's years.
    """
    from oversight.analytics.workdays import FIRST_YEAR, LAST_YEAR

    try:
        year, month = (int(p) for p in str(text).split("-"))
        if len(str(text)) != 7:
            raise ValueError
        day = month_end(year, month)
    except ValueError:
        raise ValueError(f"a month is written YYYY-MM, such as 2024-03; got {text!r}")
    if not FIRST_YEAR < year < LAST_YEAR:
        raise ValueError(f"the month must be from {FIRST_YEAR + 1} to {LAST_YEAR - 1}; got {text!r}")
    return day


def month_ends(last: dt.date, n: int = MONTHS) -> list[dt.date]:
    """The N month-ends ending with LAST's month, oldest first."""
    index = last.year * 12 + last.month - 1
    return [month_end(i // 12, i % 12 + 1) for i in range(index - n + 1, index + 1)]


def month_label(day: dt.date) -> str:
    return day.strftime("%Y-%m")


# ---- judging a figure --------------------------------------------------------------------------


def rag(value: float | None, indicator: Indicator) -> str | None:
    """red, amber or green against the target; None with no value, no target or no polarity.

    Green is on the right side of the target or on it; amber is the wrong side
    by no more than the tolerance; red is further.
    """
    if value is None or indicator.target is None or indicator.polarity == "neither":
        return None
    gap = value - indicator.target if indicator.polarity == "higher" else indicator.target - value
    if gap >= 0:
        return "green"
    return "amber" if -gap <= indicator.tolerance + 1e-9 else "red"


def direction(value: float | None, previous: float | None, indicator: Indicator) -> dict:
    """How the figure moved since last month: up, down or same, and whether that is better or worse."""
    if value is None or previous is None:
        return {"move": None, "judgement": None}
    if abs(value - previous) < 1e-9:
        return {"move": "same", "judgement": "same"}
    move = "up" if value > previous else "down"
    if indicator.polarity == "neither":
        return {"move": move, "judgement": None}
    better = (move == "up") == (indicator.polarity == "higher")
    return {"move": move, "judgement": "better" if better else "worse"}


def round_value(value: float | None, unit: str) -> float | int | None:
    if value is None:
        return None
    if unit == "count":
        return int(value)
    return round(float(value) + 1e-9, 1)


def percent_expr(part: str, whole: str) -> pl.Expr:
    """PART of WHOLE in % to one decimal place, halves up, in whole numbers (as timeliness rounds)."""
    tenths = (2000 * pl.col(part) + pl.col(whole)) // (2 * pl.col(whole))
    return pl.when(pl.col(whole) > 0).then((tenths / 10).round(1))
