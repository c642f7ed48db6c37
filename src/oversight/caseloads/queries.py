"""Reads for the caseload pages and CLI: case data as frames into the analytics, plus our own records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl
from django.db.models import Q

from oversight.accounts import roles, scope
from oversight.analytics import caseloads as analytics
from oversight.analytics.workforce import census_day
from oversight.caseloads.models import LowCaseloadReason
from oversight.people import figures, ssd
from oversight.people import frames as case_frames
from oversight.people.models import Department, Involvement, Professional

NO_TEAM = "-"  # the URL slug for workers with no team recorded
# What the month-end trend reads (analytics.measurability): every allocation, each with its dates.
TREND_NEEDS = ("ssd_involvements.invo_involvement_start_date",)
REASON_LABELS = dict(LowCaseloadReason.REASONS)


def rules() -> analytics.Rules:
    return analytics.Rules.configured()


class LazyFrames(Mapping):
    """The tables, read from the database only when a figure missing from the cache needs them."""

    def __init__(self, since: dt.date | None, until: dt.date | None):
        self.since, self.until = since, until
        self._frames: dict[str, pl.DataFrame] | None = None

    def _loaded(self) -> dict[str, pl.DataFrame]:
        if self._frames is None:
            self._frames = _read_frames(self.since, self.until)
        return self._frames

    def __getitem__(self, name):
        return self._loaded()[name]

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self):
        return len(self._loaded())


def load_frames(since: dt.date | None = None, until: dt.date | None = None) -> Mapping[str, pl.DataFrame]:
    """The tables the caseload figures need; with SINCE and UNTIL, only rows that can be open between them.

    Read lazily: when the figures are in the cache (people.figures), nothing is read at all.
    """
    return LazyFrames(since, until)


def _read_frames(since: dt.date | None, until: dt.date | None) -> dict[str, pl.DataFrame]:
    if since is None or until is None:
        return {name: case_frames.load(name, columns) for name, columns in analytics.COLUMNS.items()}
    return {
        name: _load_overlapping(name, columns, since, until)
        if name in analytics.PERIODS
        else case_frames.load(name, columns)
        for name, columns in analytics.COLUMNS.items()
    }


def _load_overlapping(name: str, columns, since: dt.date, until: dt.date) -> pl.DataFrame:
    t = ssd.table(name)
    field = {c.name: c.field for c in t.columns}
    start, end = (field[c] for c in analytics.PERIODS[name])
    rows = (
        t.model.objects.filter(Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": until}))
        .filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": since}))
        .values_list(*(field[c] for c in columns))
    )
    types = case_frames.schema(t, columns)
    return pl.DataFrame(list(rows), schema={c: types[c] for c in columns}, orient="row")


def reasons_on(day: dt.date, worker_ids=None) -> dict[str, LowCaseloadReason]:
    """The low-caseload reason applying to each worker on DAY (the latest recorded wins)."""
    qs = LowCaseloadReason.objects.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
    # The workers are picked out here, not in the query: the council's reasons in force are a few hundred
    # rows at most, while the workers under target run to thousands (a statement of thousands of ids).
    wanted = None if worker_ids is None else set(worker_ids)
    found: dict[str, LowCaseloadReason] = {}
    for reason in qs.order_by("recorded_at", "id"):
        if wanted is None or reason.worker_id in wanted:
            found[reason.worker_id] = reason
    return found


def _under_target(workers: list[dict], day: dt.date) -> dict:
    under = [w for w in workers if w["cases"] < w["target"]]
    reasons = reasons_on(day, [w["worker_id"] for w in under])
    rows, by_reason = [], {label: 0 for label in REASON_LABELS.values()}
    by_reason["No reason recorded"] = 0
    for w in under:
        reason = reasons.get(w["worker_id"])
        label = reason.get_reason_display() if reason else "No reason recorded"
        by_reason[label] += 1
        rows.append(
            {
                "worker_id": w["worker_id"],
                "name": w["name"],
                "grade": w["grade"],
                "team": w["team"],
                "cases": w["cases"],
                "target": w["target"],
                "reason": reason.reason if reason else None,
                "reason_label": label,
            }
        )
    return {"workers": rows, "by_reason": by_reason}


def report(day: dt.date, data: Mapping[str, pl.DataFrame] | None = None) -> dict:
    """The whole caseload and workforce picture on DAY (see analytics.caseloads.report).

    The case-data figures are worked out once per case-data version and date
    (people.figures); the low-caseload reasons, our own records that change any
    time, are added to a copy on every call.
    """
    out = dict(report_figures(day, data))
    out["under_target"] = _under_target(out["workers"], day)
    return out


def report_figures(day: dt.date, data: Mapping[str, pl.DataFrame] | None = None) -> dict:
    """The case-data part of `report`, shared by every request (people.figures): never change it in place."""
    return figures.cached(
        "caseloads.report",
        (day,),
        lambda: analytics.report(data if data is not None else load_frames(day, day), day, rules()),
    )


def worker_caseload(worker_id: str, day: dt.date, kind: str = "workers") -> dict | None:
    """WORKER_ID's caseload row on DAY (kind "workers", "iro" or "personal_advisers"), or None; a copy.

    Only the cached figures: a worker's home page needs no low-caseload reasons (`report` adds them).
    """
    figures_ = report_figures(day)
    rows = figures_["workers"] if kind == "workers" else figures_[kind]["workers"]
    row = next((w for w in rows if w["worker_id"] == worker_id), None)
    return dict(row) if row is not None else None


def distribution(day: dt.date, data: Mapping[str, pl.DataFrame]) -> list[dict]:
    def compute():
        workers = analytics.worker_caseloads(data, [day], rules())
        return analytics.distribution(workers).select("band", "workers").to_dicts()

    return figures.cached("caseloads.distribution", (day,), compute)


def trend(start: dt.date, end: dt.date, data: Mapping[str, pl.DataFrame] | None = None) -> list[dict]:
    data = data if data is not None else load_frames(start, end)
    return figures.cached(
        "caseloads.trend", (start, end), lambda: analytics.trend(data, analytics.month_ends(start, end), rules())
    )


def trend_measurable():
    """Can the case data now loaded support caseloads at past month-ends? (An Annex A workbook holds each
    child's allocation on its date only, so it cannot.)"""
    from oversight.analytics import measurability
    from oversight.imports.queries import case_data_source

    def judge():
        # A handful of queries; the answer changes only with the case data, so once per snapshot, not per page.
        filled = (
            set(TREND_NEEDS) if Involvement.objects.filter(involvement_start_date__isnull=False).exists() else set()
        )
        found = measurability.assess(TREND_NEEDS, "every", 0, filled, case_data_source())
        return found if not found.measurable else measurability.Measurability(True)

    return figures.cached("caseloads.trend_measurable", (), judge)


def census(year: int) -> dict:
    day = census_day(year)
    return figures.cached("caseloads.census", (year,), lambda: analytics.census(load_frames(day, day), year, rules()))


def team_names() -> dict[str, str]:
    """Team id -> name as recorded (case data: read once per snapshot and shared; never change it)."""
    return figures.cached(
        "caseloads.team_names", (), lambda: dict(Department.objects.values_list("team_id", "team_name"))
    )


def team_exists(team_id: str) -> bool:
    return (
        team_id == NO_TEAM
        or Department.objects.filter(team_id=team_id).exists()
        or Professional.objects.filter(team_id=team_id).exists()
    )


def team_workers(data: dict, team_id: str) -> list[dict]:
    wanted = "" if team_id == NO_TEAM else team_id
    return [w for w in data["workers"] if w["team"] == wanted]


def worker(worker_id: str) -> Professional | None:
    return Professional.objects.filter(professional_id=worker_id).first()


def worker_reasons(worker_id: str) -> list[LowCaseloadReason]:
    return list(LowCaseloadReason.objects.filter(worker_id=worker_id).select_related("recorded_by"))


def can_manage_worker(user, worker_id: str) -> bool:
    """Senior roles manage every worker; a team manager the workers of their own teams."""
    if not user.has_role(*roles.MANAGERS):
        return False
    if user.role != roles.TEAM_MANAGER:
        return True
    team = Professional.objects.filter(professional_id=worker_id).values_list("team_id", flat=True).first()
    return bool(user.team_id and team and team in scope.team_ids(user.team_id))


def worker_children(user, worker_id: str, day: dt.date, kinds=("social_work",)) -> tuple[list[dict], int]:
    """The children WORKER holds on DAY under the KINDS of involvement (see analytics.caseloads.KINDS)
    that USER may see, and how many more they may not."""
    r = rules()
    case_roles = [code for kind in kinds for code in getattr(r, analytics.KINDS[kind][0])]
    # The day's open involvements, found by worker (accounts.scope's shared, cached allocations).
    held = (
        scope.allocations(day)
        .rows([worker_id])
        .filter(pl.col("invo_professional_role_id").is_in(case_roles))
        .sort("invo_involvement_start_date", maintain_order=True)
    )
    since: dict[str, dt.date] = {}
    for person_id, start in held.select("invo_person_id", "invo_involvement_start_date").iter_rows():
        since.setdefault(person_id, start)
    visible = scope.visible_child_ids(user)
    shown = [{"person_id": p, "since": s} for p, s in sorted(since.items()) if visible is None or p in visible]
    return shown, len(since) - len(shown)
