"""The escalation stages, categories and drift settings from local configuration, checked.

Stage codes and categories are fixed (they are the codes in files and JSON);
labels, addressees, response times and subcategories are the council's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from oversight.analytics.workdays import default_calendar
from oversight.config import section
from oversight.iro.models import ADDRESSEE_ROLES, CATEGORIES, STAGES


class ConfigError(ValueError):
    """The [iro] configuration is not usable; the message names the key."""


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    addressee_role: str
    working_days: int


def stages() -> list[Stage]:
    raw = section("iro").get("stages", [])
    out: list[Stage] = []
    roles = dict(ADDRESSEE_ROLES)
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        code = item.get("code") if isinstance(item, dict) else None
        if code not in STAGES:
            raise ConfigError(f"[iro] stages[{i}] code must be one of {', '.join(STAGES)}; got {code!r}")
        role = item.get("addressee_role", "")
        if role not in roles:
            raise ConfigError(f"[iro] stages[{i}] addressee_role must be one of {', '.join(roles)}; got {role!r}")
        days = item.get("working_days")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 < days <= 250:
            raise ConfigError(f"[iro] stages[{i}] working_days must be a whole number from 1 to 250; got {days!r}")
        out.append(Stage(code, str(item.get("label") or code), role, days))
    if not out:
        raise ConfigError("[iro] stages must list at least one stage")
    if len({s.code for s in out}) != len(out):
        raise ConfigError("[iro] stages lists a stage code twice")
    return out


def stage(code: str) -> Stage:
    for s in stages():
        if s.code == code:
            return s
    raise ConfigError(f"stage {code!r} is not one of the configured stages ({', '.join(s.code for s in stages())})")


def later_stages(code: str) -> list[Stage]:
    """The stages an escalation at CODE may go to: any later one (the IRO may skip stages)."""
    codes = [s.code for s in stages()]
    return stages()[codes.index(code) + 1 :] if code in codes else []


def stage_labels() -> dict[str, str]:
    return {s.code: s.label for s in stages()}


def subcategories(category: str | None = None) -> dict[str, str] | dict[str, dict[str, str]]:
    subs = section("iro").get("subcategories", {})
    if category is None:
        return {c: dict(subs.get(c, {})) for c, _ in CATEGORIES}
    return dict(subs.get(category, {}))


def subcategory_label(category: str, code: str) -> str:
    return subcategories(category).get(code, code)


def response_due(stage_code: str, raised: dt.date) -> dt.date:
    return default_calendar().add(raised, stage(stage_code).working_days)


def drift() -> dict:
    cfg = dict(section("iro").get("drift", {}))
    for key in ("quiet_working_days", "cp_plan_months", "max_worker_changes", "worker_change_months"):
        value = cfg.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"[iro.drift] {key} must be a whole number from 0; got {value!r}")
    return cfg
