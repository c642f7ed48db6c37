"""Red, amber or green for a plan action, derived (never typed) with the reasons shown.

Framework-free: plain values in, (colour, reasons) out, so the pages, the
board report and the benchmarks agree.

- Not complete and past its due date: red.
- Its indicator off target after the indicator's target date: red.
- Its indicator moving the wrong way (latest measured month against the one before): amber.
- The latest monthly review said "needs review" or "new actions needed": amber.
- Otherwise green. An indicator that cannot be measured changes nothing but is said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ORDER = {"green": 0, "amber": 1, "red": 2}


@dataclass
class Trend:
    """An indicator's monthly values. available False means the figures cannot be had at all (reason says why)."""

    ref: str
    title: str
    unit: str = "%"
    polarity: str = "up"  # "up": higher is better; "down": lower is better; "neither": no better direction
    points: list[dict] = field(default_factory=list)  # [{"month": date, "value": float | None}]
    available: bool = True
    reason: str = ""

    def measured(self) -> list[dict]:
        return [p for p in self.points if p.get("value") is not None]


@dataclass
class Rag:
    colour: str
    reasons: list[str]
    overdue: bool


def _fmt(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


fmt = _fmt


def derive(
    *,
    done: bool,
    due: dt.date,
    as_at: dt.date,
    trend: Trend | None = None,
    target: float | None = None,
    target_date: dt.date | None = None,
    last_review: tuple[dt.date, str, str] | None = None,
) -> Rag:
    """LAST_REVIEW is (month, outcome key, outcome label) of the latest monthly review, if any."""
    concerns: list[tuple[str, str]] = []
    overdue = not done and due < as_at
    if overdue:
        days = (as_at - due).days
        concerns.append(("red", f"Overdue: due {due:%-d %b %Y} and not complete ({days} days late)"))
    notes: list[str] = []
    if trend is not None:
        if not trend.available:
            notes.append(f"Indicator {trend.title}: not yet available ({trend.reason})")
        else:
            measured = trend.measured()
            if not measured:
                notes.append(
                    f"Indicator {trend.title}: not measurable in the months shown ({trend.reason or 'no data'})"
                )
            else:
                latest = measured[-1]
                up = trend.polarity != "down"
                if trend.polarity == "neither":
                    notes.append(
                        f"Indicator {trend.title}: {_fmt(latest['value'], trend.unit)} in {latest['month']:%B %Y}; "
                        "it has no better direction, so it does not change the RAG"
                    )
                elif target is not None:
                    on_target = latest["value"] >= target if up else latest["value"] <= target
                    where = f"{_fmt(latest['value'], trend.unit)} in {latest['month']:%B %Y}"
                    if not on_target and target_date is not None and as_at > target_date:
                        concerns.append(
                            (
                                "red",
                                f"Indicator off target past its date: {where} against a target of "
                                f"{_fmt(target, trend.unit)} by {target_date:%-d %b %Y}",
                            )
                        )
                    elif on_target:
                        notes.append(f"Indicator on target: {where} (target {_fmt(target, trend.unit)})")
                    else:
                        notes.append(
                            f"Indicator not yet on target: {where} (target {_fmt(target, trend.unit)}"
                            + (f" by {target_date:%-d %b %Y})" if target_date else ")")
                        )
                if len(measured) >= 2 and trend.polarity != "neither":
                    before = measured[-2]
                    worse = latest["value"] < before["value"] if up else latest["value"] > before["value"]
                    if worse:
                        concerns.append(
                            (
                                "amber",
                                f"Indicator moving the wrong way: {_fmt(before['value'], trend.unit)} in "
                                f"{before['month']:%B %Y}, {_fmt(latest['value'], trend.unit)} in "
                                f"{latest['month']:%B %Y} ({'higher' if up else 'lower'} is better)",
                            )
                        )
    if last_review is not None and last_review[1] in ("needs_review", "new_actions_needed"):
        concerns.append(("amber", f"The {last_review[0]:%B %Y} review said: {last_review[2].lower()}"))
    if concerns:
        colour = max((c for c, _ in concerns), key=ORDER.__getitem__)
        return Rag(colour, [text for _, text in concerns] + notes, overdue)
    if done:
        first = "Complete"
    else:
        first = f"On track: due {due:%-d %b %Y}"
    return Rag("green", [first, *notes], overdue)
