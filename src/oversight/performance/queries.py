"""Reads for the performance clinic: the catalogue in force, the scorecard, supervision compliance.

`catalogue()` and `trend()` are used by other apps (the improvement plan links
its actions to indicators): keep their shapes stable.
"""

from __future__ import annotations

import datetime as dt
import threading

import polars as pl
from django.db.models import Max
from django.utils import timezone

from oversight.analytics import indicators as ind_lib
from oversight.analytics import scorecard as engine
from oversight.analytics import supervision as sup
from oversight.analytics.caseloads import Rules
from oversight.analytics.indicators import Catalogue, Indicator, month_ends, month_label, parse_month
from oversight.analytics.workdays import default_calendar
from oversight.config import section
from oversight.people import frames as case_frames
from oversight.people.models import CaseDataVersion
from oversight.performance.models import ClinicAction, DemoCouncil, Meeting, SupervisionSession

# Case-data tables the indicators read (all columns; each is read once per snapshot, see people.frames).
TABLES = (
    "ssd_department",
    "ssd_professionals",
    "ssd_person",
    "ssd_contacts",
    "ssd_early_help_episodes",
    "ssd_cin_episodes",
    "ssd_cin_assessments",
    "ssd_cin_plans",
    "ssd_strategy_discussions",
    "ssd_s47_enquiry",
    "ssd_initial_cp_conference",
    "ssd_cp_plans",
    "ssd_core_groups",
    "ssd_cp_visits",
    "ssd_cp_reviews",
    "ssd_cla_episodes",
    "ssd_cla_placement",
    "ssd_cla_reviews",
    "ssd_cla_visits",
    "ssd_cla_health",
    "ssd_missing",
    "ssd_care_leavers",
    "ssd_care_leaver_contacts",
    "ssd_pathway_plan_reviews",
    "ssd_permanence",
    "ssd_involvements",
)


def catalogue_in_force() -> Catalogue:
    """The shipped catalogue with this council's targets and tolerances ([performance.indicators])."""
    return ind_lib.load(overrides=section("performance").get("indicators", {}))


def catalogue() -> list[dict]:
    """Every indicator: id, title, area, unit, polarity (a stable shape other apps rely on)."""
    return [
        {"id": i.id, "title": i.title, "area": i.area, "unit": i.unit, "polarity": i.polarity}
        for i in catalogue_in_force().indicators
    ]


def areas() -> dict[str, str]:
    return dict(catalogue_in_force().areas)


def supervision_rules() -> tuple[dict, list[str]]:
    conf = section("performance").get("supervision", {})
    grades = conf.get("grades", [])
    if not isinstance(grades, list) or not all(isinstance(g, str) for g in grades):
        raise sup.StandardsError(f"[performance.supervision] grades must be a list of grade codes; got {grades!r}")
    return sup.parse_standards(conf.get("standards", {})), grades


def demo_council() -> DemoCouncil | None:
    """The synthetic council's own facts, while the case data `oversight demo` wrote with them is loaded."""
    token = CaseDataVersion.current()
    if not token:
        return None
    return DemoCouncil.objects.filter(case_data_token=token).order_by("-id").first()


def _child_population(demo: DemoCouncil | None = None) -> int | None:
    """[performance] child_population; when it is not set, the loaded synthetic council's (DEMO), if any."""
    value = section("performance").get("child_population", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"[performance] child_population must be a whole number of children; got {value!r}")
    return value or (demo.child_population if demo else None)


def _postcode_districts(demo: DemoCouncil | None = None) -> tuple[str, ...]:
    """[performance] council_postcode_districts; when none are set, the loaded synthetic council's (DEMO), if any."""
    value = section("performance").get("council_postcode_districts", [])
    if not isinstance(value, list) or not all(isinstance(d, str) for d in value):
        raise ValueError(
            f"[performance] council_postcode_districts must be a list of postcode districts; got {value!r}"
        )
    return tuple(value) or (tuple(demo.postcode_districts) if demo else ())


# ---- workflow records as frames -----------------------------------------------------------------


def supervision_frame(until: dt.date | None = None) -> pl.DataFrame:
    qs = SupervisionSession.objects.all()
    if until:
        qs = qs.filter(date__lte=until)
    rows = [
        (w, s, d, status == SupervisionSession.HELD)
        for w, s, d, status in qs.values_list("worker_id", "supervisor_id", "date", "status")
    ]
    return pl.DataFrame(rows, schema=sup.SESSION_COLUMNS, orient="row")


def _local_date(value):
    return timezone.localdate(value) if value is not None else None


def audit_records() -> dict[str, pl.DataFrame]:
    from oversight.audits import queries as audit_queries
    from oversight.audits.models import Action, Escalation

    actions = [
        (child, team or None, _local_date(created), due, done)
        for child, team, created, due, done in Action.objects.values_list(
            "audit__child_id", "audit__team_id", "created_at", "due_date", "completed_date"
        )
    ]
    escalations = [
        (child, team or None, _local_date(raised), _local_date(resolved))
        for child, team, raised, resolved in Escalation.objects.values_list(
            "child_id", "team_id", "raised_at", "resolved_at"
        )
    ]
    return {
        "audits": audit_queries.audits_frame(),
        "audit_actions": pl.DataFrame(
            actions,
            schema={
                "child_id": pl.String,
                "team": pl.String,
                "created": pl.Date,
                "due_date": pl.Date,
                "completed_date": pl.Date,
            },
            orient="row",
        ),
        "escalations": pl.DataFrame(
            escalations,
            schema={"child_id": pl.String, "team": pl.String, "raised": pl.Date, "resolved": pl.Date},
            orient="row",
        ),
    }


def providers() -> dict:
    """Counting functions for indicators another app's records answer (IRO escalations, once oversight.iro has them).

    Until the IRO app provides its escalation frame and status rule, the IRO
    indicators stay "not yet available".
    """
    try:
        from oversight.analytics.iro import with_status
        from oversight.iro.queries import escalation_frame
    except ImportError:
        return {}
    from oversight.analytics.indicator_records import iro_overdue, iro_raised

    escalations = escalation_frame()
    return {
        "iro_escalations_raised": lambda ctx: iro_raised(escalations, ctx),
        "iro_escalations_overdue": lambda ctx: iro_overdue(escalations, ctx, with_status),
    }


def context(last: dt.date) -> engine.Context:
    from oversight.audits.queries import scale

    good = section("audits").get("good_or_better", ["Outstanding", "Good"])
    scale()  # checks the audit scale configuration, as the audits pages do
    demo = demo_council()
    return engine.Context(
        frames={name: case_frames.load(name) for name in TABLES},
        days=month_ends(last),
        calendar=default_calendar(),
        rulebook=_rulebook(),
        rules=Rules.configured(),
        child_population=_child_population(demo),
        postcode_districts=_postcode_districts(demo),
        good_or_better=tuple(good),
        records={**audit_records(), "supervision": supervision_frame()},
        supervision_standards=supervision_rules(),
        providers=providers(),
    )


def _rulebook():
    from oversight.timeliness.queries import rulebook

    return rulebook()


# ---- the scorecard ------------------------------------------------------------------------------

_cache: dict[tuple, dict] = {}
_lock = threading.Lock()


def _records_stamp() -> tuple:
    """Changes whenever a record the workflow indicators read changes."""
    from oversight.audits.models import Action, Audit, Escalation

    return (
        Audit.objects.aggregate(m=Max("updated_at"))["m"],
        Audit.objects.count(),
        Action.objects.count(),
        Action.objects.filter(completed_date__isnull=False).count(),
        Escalation.objects.count(),
        Escalation.objects.filter(resolved_at__isnull=False).count(),
        SupervisionSession.objects.count(),
        SupervisionSession.objects.aggregate(m=Max("id"))["m"],
        _iro_stamp(),
    )


def _iro_stamp():
    try:
        from oversight.iro.models import Escalation as IROEscalation
    except ImportError:
        return None
    from django.db.models import Count

    return tuple(
        IROEscalation.objects.aggregate(
            n=Count("pk"), last=Max("pk"), answered=Count("response_date"), resolved=Count("resolved_date")
        ).values()
    )


def outcomes(last: dt.date) -> dict[str, engine.Outcome]:
    """Every indicator at the 13 month-ends ending with LAST's month, kept until case data or records change."""
    from oversight.config import get_config

    token = CaseDataVersion.current()
    if not token:  # case data written without a snapshot (tests): nothing tells a change, so keep nothing
        return engine.compute(catalogue_in_force(), context(last))
    demo = demo_council()
    facts = (demo.child_population, tuple(demo.postcode_districts)) if demo else None
    key = (token, last, repr(get_config()), facts, _records_stamp())
    with _lock:
        found = _cache.get(key)
    if found is None:
        found = engine.compute(catalogue_in_force(), context(last))
        with _lock:
            _cache.clear()  # one month at a time is plenty; a stale entry is never wanted
            _cache[key] = found
    return found


def _row(outcome: engine.Outcome, day: dt.date, previous_day: dt.date, level="council", group="") -> dict:
    ind = outcome.indicator
    now = outcome.value(day, level, group) or {}
    before = outcome.value(previous_day, level, group) or {}
    value = engine.rounded(ind, now.get("value"))
    previous = engine.rounded(ind, before.get("value"))
    return {
        "value": value,
        "numerator": _int(now, "numerator"),
        "denominator": _int(now, "denominator"),
        "previous": previous,
        "rag": ind_lib.rag(value, ind),
        "direction": ind_lib.direction(value, previous, ind),
    }


def _int(row: dict, key: str):
    value = row.get(key)
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def indicator_row(outcome: engine.Outcome, last: dt.date, level="council", group="") -> dict:
    ind = outcome.indicator
    days = month_ends(last)
    base = {
        "id": ind.id,
        "area": ind.area,
        "title": ind.title,
        "unit": ind.unit,
        "polarity": ind.polarity,
        "target": ind.target,
        "national": ind.national,
        "measurable": outcome.measurable,
        "reason": outcome.reason or None,
    }
    if not outcome.measurable:
        return {
            **base,
            "value": None,
            "numerator": None,
            "denominator": None,
            "rag": None,
            "previous": None,
            "direction": {"move": None, "judgement": None},
            "trend": [{"month": month_label(d), "value": None} for d in days],
        }
    trend = [
        {"month": month_label(d), "value": engine.rounded(ind, (outcome.value(d, level, group) or {}).get("value"))}
        for d in days
    ]
    return {**base, **_row(outcome, days[-1], days[-2], level, group), "trend": trend}


def scorecard(month: str | dt.date, area: str | None = None) -> dict:
    """The scorecard of MONTH ('YYYY-MM' or a date in it) as the CLI prints it (see docs/performance.md)."""
    last = parse_month(month) if isinstance(month, str) else ind_lib.month_end(month.year, month.month)
    cat = catalogue_in_force()
    if area is not None and area not in cat.areas:
        raise ValueError(f"no service area '{area}'; the areas are: {', '.join(cat.areas)}")
    found = outcomes(last)
    rows = [indicator_row(found[i.id], last) for i in cat.in_area(area)]
    return {"month": month_label(last), "area": area, "indicators": rows}


def trend(indicator_id: str, month: str) -> list[dict]:
    """The indicator's council value at the 13 month-ends ending with MONTH ('YYYY-MM'): [{month, value}].

    value is None where the figure is not measurable. KeyError for an unknown id.
    """
    last = parse_month(month)
    catalogue_in_force().get(indicator_id)
    return indicator_row(outcomes(last)[indicator_id], last)["trend"]


def indicator(indicator_id: str) -> Indicator:
    return catalogue_in_force().get(indicator_id)


def breakdown(indicator_id: str, month: str | dt.date, level: str) -> list[dict]:
    """The indicator by team or locality for the month: group, value, numerator, denominator, previous, rag."""
    last = parse_month(month) if isinstance(month, str) else month
    outcome = outcomes(last)[indicator_id]
    if not outcome.measurable or outcome.result is None:
        return []
    frame = outcome.result.values.filter((pl.col("level") == level) & (pl.col("as_at") == last))
    days = month_ends(last)
    return [
        {"group": g, **_row(outcome, days[-1], days[-2], level, g)} for g in sorted(frame.get_column("group").to_list())
    ]


def children_behind(indicator_id: str, month: str | dt.date, team: str | None = None) -> pl.DataFrame:
    """The children behind the month's figure (child_id, team, flagged), before any record scope is applied."""
    last = parse_month(month) if isinstance(month, str) else month
    outcome = outcomes(last)[indicator_id]
    if outcome.result is None or outcome.result.children is None:
        return pl.DataFrame(schema=engine.CHILD_SCHEMA)
    kids = outcome.result.children.filter(pl.col("as_at") == last)
    if team is not None:
        kids = kids.filter(pl.col("team").fill_null("") == team)
    return kids


# ---- supervision ---------------------------------------------------------------------------------


def supervision_compliance(as_at: dt.date) -> dict:
    standards, grades = supervision_rules()
    rows = sup.compliance(case_frames.load("ssd_professionals"), supervision_frame(), [as_at], standards, grades)
    teams = sup.by_team(rows)
    total = rows.height
    on_time = int(rows.get_column("on_time").sum()) if total else 0
    return {
        "as_at": as_at.isoformat(),
        "workers": total,
        "on_time": on_time,
        "percent_on_time": ind_lib.round_value(100 * on_time / total, "percent") if total else None,
        "teams": [
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items() if k != "as_at"}
            for r in teams.to_dicts()
        ],
        "by_worker": [
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items() if k != "as_at"}
            for r in rows.to_dicts()
        ],
    }


# ---- meetings -----------------------------------------------------------------------------------


def carried_forward(meeting: Meeting) -> list[ClinicAction]:
    """Actions of the area's earlier meetings not yet done or dropped (shown as 'actions from previous meetings')."""
    return list(
        ClinicAction.objects.filter(
            meeting__area=meeting.area, meeting__month__lt=meeting.month, status=ClinicAction.OPEN
        )
        .select_related("meeting")
        .order_by("due_date", "id")
    )
