"""The timeliness rulebook: rules as data, with a council's overrides layered on.

The rules themselves live in oversight/timeliness/rulebook.toml; this module
reads them, checks them and applies configuration overrides. No Django.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

UNITS = ("working_days", "days", "weeks", "months")
_DURATION = re.compile(r"^\s*(\d+)\s+(working\s+days?|days?|weeks?|months?)\s*$", re.IGNORECASE)
# Keys that give a rule its shape; a council may not override them.
STRUCTURAL = ("clock", "first_step", "repeats", "needs", "history", "history_months", "optional", "needs_note")
TEXT_KEYS = ("title", "description", "source", "start", "completes", "applies_to", "counts")


class RulebookError(ValueError):
    pass


@dataclass(frozen=True)
class Duration:
    n: int
    unit: str  # one of UNITS

    @classmethod
    def parse(cls, text: str, where: str = "duration") -> Duration:
        match = _DURATION.match(text) if isinstance(text, str) else None
        if not match:
            raise RulebookError(
                f"{where} must be written like '15 working days', '7 days', '6 weeks' or '3 months'; got {text!r}"
            )
        word = " ".join(match.group(2).lower().split())
        unit = "working_days" if word.startswith("working") else word.rstrip("s") + "s"
        return cls(int(match.group(1)), unit)

    def __str__(self) -> str:
        word = self.unit.replace("_", " ")
        return f"{self.n} {word[:-1] if self.n == 1 else word}"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # "rule" (a clock) or "measure"
    description: str
    source: str
    title: str = ""
    start: str = ""
    completes: str = ""
    applies_to: str = ""
    counts: str = ""
    due: Duration | None = None
    repeats: bool = False
    clock: str = ""
    first_step: int = 1
    enabled: bool = True
    # What the data must hold for the rule to be measurable (analytics.measurability).
    needs: tuple[str, ...] = ()
    history: str = ""
    history_months: int = 0
    params: dict[str, Any] = field(default_factory=dict)

    def duration(self, name: str) -> Duration:
        """The rule's due period ("due") or another named period (e.g. "then", "under_5")."""
        value = self.due if name == "due" else self.params.get(name)
        if not isinstance(value, Duration):
            raise RulebookError(f"rule {self.id} has no period named {name!r}")
        return value

    def covers_step(self, step: int) -> bool:
        return step >= self.first_step if self.repeats else step == self.first_step


@dataclass(frozen=True)
class Rulebook:
    rules: tuple[Rule, ...]
    measures: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def measure(self, measure_id: str) -> Rule:
        for r in self.measures:
            if r.id == measure_id:
                return r
        raise KeyError(measure_id)

    @property
    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def enabled(self, rule_ids: list[str] | None = None) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled and (rule_ids is None or r.id in rule_ids))

    def clock_rules(self, clock: str) -> tuple[Rule, ...]:
        """Every rule (enabled or not) that reads CLOCK's history, by first step."""
        return tuple(sorted((r for r in self.rules if r.clock == clock), key=lambda r: r.first_step))


def default_path() -> Path:
    return Path(str(resources.files("oversight.timeliness").joinpath("rulebook.toml")))


def _value(rule_id: str, key: str, value: Any, like: Any = None) -> Any:
    """Check a value (from the rulebook or an override) and give durations their type."""
    where = f"rule {rule_id}, key {key}"
    if isinstance(like, Duration) or (like is None and isinstance(value, str) and _DURATION.match(value)):
        return Duration.parse(value, where)
    if like is None:
        return value
    if isinstance(like, bool):
        if not isinstance(value, bool):
            raise RulebookError(f"{where} must be true or false; got {value!r}")
    elif isinstance(like, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RulebookError(f"{where} must be a list of text values; got {value!r}")
    elif isinstance(like, str):
        if not isinstance(value, str):
            raise RulebookError(f"{where} must be text; got {value!r}")
    elif isinstance(like, int) and (isinstance(value, bool) or not isinstance(value, int)):
        raise RulebookError(f"{where} must be a whole number; got {value!r}")
    return value


def _build(rule_id: str, kind: str, raw: dict[str, Any], override: dict[str, Any]) -> Rule:
    if not isinstance(raw, dict):
        raise RulebookError(f"rule {rule_id} must be a table of keys")
    data = {k: _value(rule_id, k, v) for k, v in raw.items()}
    data.setdefault("enabled", True)
    for key, value in override.items():
        if key in STRUCTURAL or key == "id":
            raise RulebookError(f"rule {rule_id}, key {key} cannot be overridden (it gives the rule its shape)")
        if key not in data:
            known = ", ".join(sorted(k for k in data if k not in STRUCTURAL))
            raise RulebookError(f"rule {rule_id} has no key {key!r} to override (it has: {known})")
        data[key] = _value(rule_id, key, value, like=data[key])
    for key in ("title", "description", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise RulebookError(f"rule {rule_id} needs a {key}")
    fixed = {
        k: data.pop(k)
        for k in (*TEXT_KEYS, "due", "repeats", "clock", "first_step", "enabled", "history", "history_months")
        if k in data
    }
    needs = data.pop("needs", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) and n.count(".") == 1 for n in needs):
        raise RulebookError(f"rule {rule_id}, key needs must be a list of 'table.column' names; got {needs!r}")
    fixed["needs"] = tuple(needs)
    optional = data.get("optional", {})
    if not isinstance(optional, dict) or not all(
        isinstance(k, str) and k.count(".") == 1 and isinstance(v, str) for k, v in optional.items()
    ):
        raise RulebookError(
            f"rule {rule_id}, key optional must be a table of 'table.column' = 'what is not measured without it'"
        )
    if fixed.get("history", "") not in ("", "every", "latest_wait"):
        raise RulebookError(f"rule {rule_id}, key history must be 'every' or 'latest_wait'; got {fixed['history']!r}")
    if kind == "rule":
        for key in ("start", "completes", "applies_to", "due", "clock"):
            if not fixed.get(key):
                raise RulebookError(f"rule {rule_id} needs a {key}")
        if not isinstance(fixed["due"], Duration):
            raise RulebookError(f"rule {rule_id}, key due must be a period such as '15 working days'")
    return Rule(id=rule_id, kind=kind, params=data, **fixed)


def _check_clocks(rules: tuple[Rule, ...]) -> None:
    """The rules reading one clock must cover its intervals 1, 2, ... without a gap, the last repeating or not."""
    clocks: dict[str, list[Rule]] = {}
    for r in rules:
        clocks.setdefault(r.clock, []).append(r)
    for clock, members in clocks.items():
        members.sort(key=lambda r: r.first_step)
        for i, r in enumerate(members, start=1):
            if r.first_step != i or (r.repeats and i != len(members)):
                raise RulebookError(
                    f"the rules of clock {clock} must cover its intervals 1, 2, ... in turn; {r.id} does not"
                )


def parse(data: dict[str, Any], overrides: dict[str, dict[str, Any]] | None = None) -> Rulebook:
    overrides = dict(overrides or {})
    raw_rules = data.get("rules", {})
    raw_measures = data.get("measures", {})
    unknown = sorted(set(overrides) - set(raw_rules) - set(raw_measures))
    if unknown:
        raise RulebookError(f"timeliness overrides name unknown rule(s) {', '.join(unknown)}")
    for rule_id, value in overrides.items():
        if not isinstance(value, dict):
            raise RulebookError(f'the override of rule {rule_id} must be a table of keys, e.g. due = "15 working days"')
    rules = tuple(_build(i, "rule", raw, overrides.get(i, {})) for i, raw in raw_rules.items())
    measures = tuple(_build(i, "measure", raw, overrides.get(i, {})) for i, raw in raw_measures.items())
    _check_clocks(rules)
    return Rulebook(rules, measures)


def load(path: str | Path | None = None, overrides: dict[str, dict[str, Any]] | None = None) -> Rulebook:
    """The rulebook at PATH (default: the one shipped), with OVERRIDES (rule id -> {key: value}) applied."""
    path = Path(path) if path else default_path()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError(f"rulebook {path.name} is not valid TOML: {exc}")
    return parse(data, overrides)
