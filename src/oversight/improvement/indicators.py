"""The indicators a plan action can name, held as plain strings and resolved here.

- "timeliness:<rule id>": percent on time by month of due date, from the
  timeliness engine and the rulebook in force (higher is better).
- "performance:<indicator id>": an indicator of the performance scorecard,
  through oversight.performance.queries.catalogue() and trend(id, month).
  Until that app provides them, such indicators show as "not yet available".
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from oversight.improvement.rag import Trend

log = logging.getLogger(__name__)

KINDS = ("timeliness", "performance")
_REF = re.compile(r"^(timeliness|performance):([A-Za-z0-9_.-]{1,100})$")


class IndicatorError(ValueError):
    pass


# The scorecard's units as they read after a figure ("%" joins it; the rest follow a space).
UNITS = {"percent": "%", "rate_10k": "per 10,000", "working_days": "working days", "count": "", "caseload": "cases"}


def polarity(text) -> str:
    """'up' (higher is better), 'down' (lower is better) or 'neither', from the scorecard's words."""
    word = str(text or "").strip().lower()
    if word in ("higher", "up", "high"):
        return "up"
    if word in ("lower", "down", "low"):
        return "down"
    return "neither"


def unit(text) -> str:
    word = str(text or "").strip()
    return UNITS.get(word, word.replace("_", " "))


def parse(ref: str) -> tuple[str, str]:
    m = _REF.match((ref or "").strip())
    if not m:
        raise IndicatorError(
            f"'{ref}' is not an indicator: write timeliness:<rule id> or performance:<indicator id>, "
            "for example timeliness:assessment_45wd"
        )
    return m[1], m[2]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(first: dt.date) -> dt.date:
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def months_back(first: dt.date, n: int) -> list[dt.date]:
    """The N months ending with FIRST (first days), oldest first."""
    out = [first]
    while len(out) < n:
        prev = out[0] - dt.timedelta(days=1)
        out.insert(0, prev.replace(day=1))
    return out


# ---- the performance scorecard (another app; optional until it lands) ----------------------------


def _performance():
    """(catalogue, trend) functions of oversight.performance.queries, or None with the reason."""
    try:
        from oversight.performance import queries as pq
    except ImportError:
        return None, "the performance scorecard is not yet available"
    cat, trend = getattr(pq, "catalogue", None), getattr(pq, "trend", None)
    if not callable(cat) or not callable(trend):
        return None, "the performance scorecard is not yet available"
    return (cat, trend), ""


def _performance_catalogue() -> tuple[dict[str, dict], str]:
    funcs, reason = _performance()
    if funcs is None:
        return {}, reason
    try:
        return {str(row["id"]): row for row in funcs[0]()}, ""
    except Exception as exc:  # another app's failure must not take the plan down with it
        log.warning("performance catalogue failed: %s", type(exc).__name__)
        return {}, "the performance scorecard could not be read"


# ---- the timeliness rulebook ---------------------------------------------------------------------


def _rules() -> dict[str, str]:
    from oversight.timeliness import queries as tq

    try:
        return {r.id: r.title for r in tq.rulebook().enabled()}
    except Exception as exc:
        log.warning("rulebook failed: %s", type(exc).__name__)
        return {}


def catalogue() -> list[dict]:
    """Every indicator an action may name: [{ref, title, unit, polarity, available}]."""
    out = [
        {
            "ref": f"timeliness:{rid}",
            "title": f"{title}: percent on time",
            "unit": "%",
            "polarity": "up",
            "available": True,
        }
        for rid, title in _rules().items()
    ]
    perf, _ = _performance_catalogue()
    for pid, row in perf.items():
        out.append(
            {
                "ref": f"performance:{pid}",
                "title": str(row.get("title", pid)),
                "unit": unit(row.get("unit")),
                "polarity": polarity(row.get("polarity")),
                "available": True,
            }
        )
    return out


def check(ref: str) -> str:
    """REF tidied, or IndicatorError. A performance id is accepted unchecked while the scorecard is not there."""
    kind, ident = parse(ref)
    if kind == "timeliness":
        rules = _rules()
        if ident not in rules:
            raise IndicatorError(
                f"'{ident}' is not a rule of the timeliness rulebook in force; rules: {', '.join(sorted(rules))}"
            )
    else:
        perf, reason = _performance_catalogue()
        if perf and ident not in perf:
            raise IndicatorError(f"'{ident}' is not an indicator of the performance scorecard")
    return f"{kind}:{ident}"


def _unmeasurable(rule_id: str) -> str:
    """Why the case data cannot support RULE_ID at all ('' when it can), as the timeliness pages say."""
    from oversight.timeliness import queries as tq

    judge = getattr(tq, "measurable", None)
    if judge is None:
        return ""
    try:
        found = judge(tq.rulebook()).get(rule_id)
    except Exception as exc:
        log.warning("measurability failed: %s", type(exc).__name__)
        return ""
    if found is None or found.measurable:
        return ""
    return (
        f"not measurable from this council's data: {found.reason}"
        if found.reason
        else "not measurable from this council's data"
    )


def _timeliness_trends(rule_ids: list[str], months: list[dt.date]) -> dict[str, Trend]:
    from oversight.analytics import timeliness as engine
    from oversight.timeliness import queries as tq

    titles = _rules()
    known = [r for r in rule_ids if r in titles]
    out = {
        r: Trend(f"timeliness:{r}", r, available=False, reason="not a rule of the rulebook in force")
        for r in rule_ids
        if r not in titles
    }
    if not known:
        return out
    try:
        found = engine.in_period(tq.items(month_end(months[-1]), known), months[0], month_end(months[-1]))
    except Exception as exc:  # missing tables or a broken setting: say so on the page rather than fail it
        log.warning("timeliness trend failed: %s", type(exc).__name__)
        for r in known:
            out[r] = Trend(
                f"timeliness:{r}", titles[r], available=False, reason="the timeliness figures cannot be worked out"
            )
        return out
    for r in known:
        why_not = _unmeasurable(r)
        if why_not:
            out[r] = Trend(
                f"timeliness:{r}", f"{titles[r]}: percent on time", "%", "up", available=False, reason=why_not
            )
            continue
        by_month = {row["month"]: row for row in engine.monthly(found.filter(found["rule"] == r)).to_dicts()}
        points = []
        for m in months:
            row = by_month.get(m)
            measured = row and (row["on_time"] + row["late"] + row["overdue"]) > 0
            points.append({"month": m, "value": row["percent_on_time"] if measured else None})
        out[r] = Trend(
            f"timeliness:{r}",
            f"{titles[r]}: percent on time",
            "%",
            "up",
            points,
            reason="" if any(p["value"] is not None for p in points) else "nothing fell due in these months",
        )
    return out


def _performance_trend(ident: str, months: list[dt.date]) -> Trend:
    ref = f"performance:{ident}"
    funcs, reason = _performance()
    if funcs is None:
        return Trend(ref, ident, available=False, reason=reason)
    perf, reason = _performance_catalogue()
    row = perf.get(ident)
    if row is None:
        return Trend(ref, ident, available=False, reason=reason or "not an indicator of the performance scorecard")
    shown, better = unit(row.get("unit")), polarity(row.get("polarity"))
    try:
        values = funcs[1](ident, f"{months[-1]:%Y-%m}")
    except Exception as exc:
        log.warning("performance trend failed: %s", type(exc).__name__)
        return Trend(
            ref, str(row.get("title", ident)), shown, better, available=False, reason="could not be worked out"
        )
    by_month = {}
    for v in values or []:
        key = str(v.get("month", ""))[:7]
        value = v.get("value")
        by_month[key] = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    points = [{"month": m, "value": by_month.get(f"{m:%Y-%m}")} for m in months]
    return Trend(
        ref,
        str(row.get("title", ident)),
        shown,
        better,
        points,
        reason="" if any(p["value"] is not None for p in points) else "not measurable in these months",
    )


def trends(refs, month: dt.date, n_months: int = 12) -> dict[str, Trend]:
    """Each indicator REF's trend over the N_MONTHS ending with MONTH (its first day). Never raises."""
    months = months_back(month_start(month), max(2, n_months))
    out: dict[str, Trend] = {}
    rule_ids = []
    for ref in dict.fromkeys(r for r in refs if r):
        try:
            kind, ident = parse(ref)
        except IndicatorError as exc:
            out[ref] = Trend(ref, ref, available=False, reason=str(exc))
            continue
        if kind == "timeliness":
            rule_ids.append(ident)
        else:
            out[ref] = _performance_trend(ident, months)
    for rid, trend in _timeliness_trends(rule_ids, months).items():
        out[f"timeliness:{rid}"] = trend
    return out
