"""Build a synthetic council as SSD-named polars frames (no Django here)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from oversight.synthetic import contacts, regulations
from oversight.synthetic.placements import COUNCIL_DISTRICTS
from oversight.synthetic.stories import Stories
from oversight.synthetic.tables import COLUMNS, to_frame
from oversight.synthetic.timeline import OPEN, WorkingDays, recurring
from oversight.synthetic.workforce import Workforce

# Bump when the builder's output changes: the benchmark cache is rebuilt then.
VERSION = 14
SCALES = {"small": 2_000, "medium": 15_000, "large": 100_000}
DEFAULT_AS_AT = dt.date(2026, 3, 31)
HISTORY_YEARS = 4
_EPOCH = dt.date(1970, 1, 1).toordinal()
# Children under 18 living in the synthetic council's area for each child in its history: with this many, its
# rates per 10,000 children land near England's (children in care about 67, referrals in a year about 520,
# children on child protection plans about 40; shared/reference/national-figures.md).
POPULATION_PER_CHILD = 5


def child_population(children: int) -> int:
    """The child population of a synthetic council built with CHILDREN children (for rates per 10,000)."""
    return children * POPULATION_PER_CHILD


@dataclass
class Council:
    scale: str
    seed: int
    as_at: dt.date
    frames: dict[str, pl.DataFrame]

    def rows(self) -> int:
        return sum(f.height for f in self.frames.values())

    @property
    def child_population(self) -> int:
        return child_population(self.frames["ssd_person"].height)

    @property
    def postcode_districts(self) -> tuple[str, ...]:
        """The council's own postcode districts: placements elsewhere are out of its area."""
        return COUNCIL_DISTRICTS


def children_for(scale: str | int) -> int:
    if isinstance(scale, int):
        return scale
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"unknown scale '{scale}': choose one of {', '.join(SCALES)}")


def build(
    scale: str | int = "small", seed: int = 1, as_at: dt.date = DEFAULT_AS_AT, step: Callable[[str], None] | None = None
) -> Council:
    """The synthetic council for SCALE and SEED, its history ending on AS_AT.

    Deterministic: the same arguments give the same rows. STEP, if given, is
    called with a short note as each stage finishes (for progress displays).
    """
    step = step or (lambda note: None)
    A = as_at.toordinal()
    days = WorkingDays(dt.date(as_at.year - 30, 1, 1), dt.date(as_at.year + 3, 12, 31))
    stories = Stories(random.Random(f"stories:{seed}"), days, A, HISTORY_YEARS, children_for(scale)).build()
    step("children")
    wf = Workforce(stories, random.Random(f"workforce:{seed}"), A, random.Random(f"waiting:{seed}"))
    wf.build_structure()
    wf.hire()
    wf.allocate()
    step("workforce")
    _apply_patches(stories, wf)
    rows = stories.rows
    rows["ssd_department"] = wf.departments
    rows["ssd_professionals"] = wf.professional_rows()
    rows["ssd_involvements"] = wf.involvements
    frames = {name: to_frame(name, rows.get(name, [])) for name in COLUMNS}
    extra = contacts.no_referral_contacts(
        frames, np.random.default_rng([seed, 17]), days, stories.window_start, A, stories.counters["CT"] + 1
    )
    frames["ssd_contacts"] = pl.concat([frames["ssd_contacts"], extra])
    frames.update(_repeating(stories, frames, np.random.default_rng([seed, 7]), A))
    frames["ssd_assessment_factors"] = _factors(frames["ssd_cin_assessments"], np.random.default_rng([seed, 11]))
    frames.update(regulations.events(frames, np.random.default_rng([seed, 13]), as_at))
    step("events")
    return Council(str(scale), seed, as_at, frames)


# CIN census factor codes and the share of assessments recording each: indicative, not national figures.
FACTOR_SHARES = {"1B": 0.14, "2B": 0.15, "3A": 0.10, "3B": 0.28, "3C": 0.06, "4A": 0.12, "4B": 0.30}
NO_FACTORS = "21"


def _factors(assessments: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """One row of factors (a JSON list of codes) per authorised assessment; "21" when none was identified."""
    done = assessments.filter(pl.col("cina_assessment_auth_date").is_not_null()).get_column("cina_assessment_id")
    codes = list(FACTOR_SHARES)
    chosen = rng.random((done.len(), len(codes))) < np.array([FACTOR_SHARES[c] for c in codes])
    lists = [[c for c, on in zip(codes, row) if on] or [NO_FACTORS] for row in chosen.tolist()]
    return pl.DataFrame(
        {
            "cinf_table_id": [f"F{i:07d}" for i in range(1, done.len() + 1)],
            "cinf_assessment_id": done,
            "cinf_assessment_factors_json": ['["' + '", "'.join(x) + '"]' for x in lists],
        },
        schema={c: pl.String for c in COLUMNS["ssd_assessment_factors"]},
    )


def _apply_patches(stories: Stories, wf: Workforce) -> None:
    names = {w.professional_id: w.name for w in wf.workers}
    by_table: dict[str, dict[int, list]] = {}
    for table, row, col, seg, what in stories.patches:
        rows = by_table.setdefault(table, {})
        current = rows.get(row)
        if current is None:
            current = rows[row] = list(stories.rows[table][row])
        if what == "team":
            current[col] = wf.seg_team[seg]
        elif what == "worker":
            current[col] = wf.seg_worker[seg]
        else:
            current[col] = names.get(wf.seg_worker[seg], "")
    for table, changed in by_table.items():
        target = stories.rows[table]
        for row, values in changed.items():
            target[row] = tuple(values)


def _span_arrays(spans, A, rng, overdue_share, overdue_days):
    """Starts and (exclusive) ends of spans; a share of open spans stop early, leaving the work overdue."""
    starts = np.array([s[2] for s in spans], dtype=np.int64)
    ends = np.array([OPEN if s[3] is None else s[3] for s in spans], dtype=np.int64)
    is_open = ends > A
    ends = np.minimum(ends, A + 1)
    stop_early = is_open & (rng.random(len(spans)) < overdue_share)
    early_end = A - rng.integers(overdue_days[0], overdue_days[1] + 1, len(spans))
    ends = np.where(stop_early, np.maximum(early_end, starts), ends)
    return starts, ends


# Care leavers drop out of touch with their personal adviser at random times all through their leaving-care
# years, not only before the as-at date: lapses per year of the span, how long they last, and the share never
# resumed (the young person stays out of touch to the span's end). About 1 in 10 care leavers is out of touch
# at any month-end.
LAPSES_PER_YEAR = 0.15
LAPSE_DAYS = (90, 240)
LAPSE_FOR_GOOD = 0.1


def _in_lapse(rng, starts, ends, idx, days) -> np.ndarray:
    """Whether each event (span IDX, day DAYS) falls in one of its span's lapses of contact."""
    length = np.maximum(ends - starts, 0)
    lapses = rng.poisson(LAPSES_PER_YEAR * length / 365)
    span = np.repeat(np.arange(starts.size), lapses)
    begin = starts[span] + (rng.random(span.size) * length[span]).astype(np.int64)
    stop = begin + rng.integers(LAPSE_DAYS[0], LAPSE_DAYS[1] + 1, span.size)
    stop = np.where(rng.random(span.size) < LAPSE_FOR_GOOD, ends[span], stop)
    events = pl.DataFrame({"event": np.arange(days.size), "span": idx, "day": days})
    gaps = pl.DataFrame({"span": span, "begin": begin, "stop": stop})
    inside = (
        events.join(gaps, on="span")
        .filter((pl.col("day") >= pl.col("begin")) & (pl.col("day") < pl.col("stop")))
        .get_column("event")
        .unique()
        .to_numpy()
    )
    return np.isin(np.arange(days.size), inside)


def _events(name, prefix, spans, idx, dates, columns: dict) -> pl.DataFrame:
    n = len(dates)
    data = {COLUMNS_EVENTS[name][0]: pl.Series([f"{prefix}{i:07d}" for i in range(1, n + 1)], dtype=pl.String)}
    data.update(columns)
    frame = pl.DataFrame(data)
    return frame.select(COLUMNS_EVENTS[name])


COLUMNS_EVENTS = {
    n: COLUMNS[n]
    for n in (
        "ssd_cp_visits",
        "ssd_core_groups",
        "ssd_cin_visits",
        "ssd_cla_visits",
        "ssd_cla_health",
        "ssd_care_leaver_contacts",
        "ssd_pathway_plan_reviews",
    )
}


def _date_series(values: np.ndarray) -> pl.Series:
    return pl.Series(values - _EPOCH).cast(pl.Int32).cast(pl.Date)


def _flags(rng, n, share_yes) -> pl.Series:
    return pl.Series(np.where(rng.random(n) < share_yes, "Y", "N"), dtype=pl.String)


def _repeating(stories: Stories, frames: dict[str, pl.DataFrame], rng: np.random.Generator, A: int):
    """Visits, core groups, health checks, PA contacts and pathway plan reviews, vectorised over spans."""
    out = {}
    sp = stories.spans
    # CP plans: visits about every 10 working days, core groups about every 6 weeks.
    cp = sp["cp"]
    starts, ends = _span_arrays(cp, A, rng, 0.08, (20, 60))
    idx, days = recurring(rng, starts, ends, (1, 10), (7, 14), 0.08, (3, 20))
    person = np.array([s[0] for s in cp], dtype=object)
    plan = np.array([s[1] for s in cp], dtype=object)
    out["ssd_cp_visits"] = _events(
        "ssd_cp_visits",
        "CV",
        cp,
        idx,
        days,
        {
            "cppv_person_id": pl.Series(person[idx], dtype=pl.String),
            "cppv_cp_plan_id": pl.Series(plan[idx], dtype=pl.String),
            "cppv_cp_visit_date": _date_series(days),
            "cppv_cp_visit_seen": _flags(rng, len(days), 0.94),
            "cppv_cp_visit_seen_alone": _flags(rng, len(days), 0.7),
            "cppv_cp_visit_bedroom": _flags(rng, len(days), 0.5),
        },
    )
    starts, ends = _span_arrays(cp, A, rng, 0.05, (50, 120))
    idx, days = recurring(rng, starts, ends, (3, 14), (28, 42), 0.08, (5, 30))
    out["ssd_core_groups"] = _events(
        "ssd_core_groups",
        "CG",
        cp,
        idx,
        days,
        {
            "cpcg_person_id": pl.Series(person[idx], dtype=pl.String),
            "cpcg_cp_plan_id": pl.Series(plan[idx], dtype=pl.String),
            "cpcg_core_group_date": _date_series(days),
        },
    )
    # CIN plans: visits about every four weeks.
    cin = sp["cin"]
    starts, ends = _span_arrays(cin, A, rng, 0.08, (45, 120))
    idx, days = recurring(rng, starts, ends, (3, 20), (14, 35), 0.1, (10, 40))
    person = np.array([s[0] for s in cin], dtype=object)
    out["ssd_cin_visits"] = _events(
        "ssd_cin_visits",
        "NV",
        cin,
        idx,
        days,
        {
            "cinv_person_id": pl.Series(person[idx], dtype=pl.String),
            "cinv_cin_visit_date": _date_series(days),
            "cinv_cin_visit_seen": _flags(rng, len(days), 0.93),
            "cinv_cin_visit_seen_alone": _flags(rng, len(days), 0.6),
            "cinv_cin_visit_bedroom": _flags(rng, len(days), 0.4),
        },
    )
    # Children in care: a visit within a week of each placement, then within six weeks.
    cla = sp["cla_visits"]
    starts, ends = _span_arrays(cla, A, rng, 0.07, (43, 120))
    idx, days = recurring(rng, starts, ends, (0, 6), (21, 42), 0.07, (5, 40))
    person = np.array([s[0] for s in cla], dtype=object)
    cla_id = np.array([s[1] for s in cla], dtype=object)
    out["ssd_cla_visits"] = _events(
        "ssd_cla_visits",
        "LV",
        cla,
        idx,
        days,
        {
            "clav_cla_id": pl.Series(cla_id[idx], dtype=pl.String),
            "clav_person_id": pl.Series(person[idx], dtype=pl.String),
            "clav_cla_visit_date": _date_series(days),
            "clav_cla_visit_seen": _flags(rng, len(days), 0.95),
            "clav_cla_visit_seen_alone": _flags(rng, len(days), 0.65),
        },
    )
    # Health: an initial assessment, reviews every 6 months under 5 and yearly after, yearly dental checks.
    health = sp["health"]
    person = np.array([s[0] for s in health], dtype=object)
    parts = []
    for young in (True, False):
        group = [s for s in health if s[4] == young]
        gperson = np.array([s[0] for s in group], dtype=object)
        starts, ends = _span_arrays(group, A, rng, 0.06, (30, 200))
        gap = (150, 182) if young else (300, 365)
        idx, days = recurring(rng, starts, ends, (5, 28), gap, 0.1, (5, 60))
        parts.append((gperson[idx], days, "Health assessment"))
        idx, days = recurring(rng, starts, ends, (30, 200), (300, 380), 0.1, (10, 90))
        parts.append((gperson[idx], days, "Dental check"))
    hp = np.concatenate([p[0] for p in parts]) if parts else np.array([], dtype=object)
    hd = np.concatenate([p[1] for p in parts]) if parts else np.array([], dtype=np.int64)
    ht = (
        np.concatenate([np.full(len(p[1]), p[2], dtype=object) for p in parts]) if parts else np.array([], dtype=object)
    )
    status = np.where(rng.random(len(hd)) < 0.97, "Completed", "Refused")
    out["ssd_cla_health"] = _events(
        "ssd_cla_health",
        "HC",
        health,
        None,
        hd,
        {
            "clah_person_id": pl.Series(hp, dtype=pl.String),
            "clah_health_check_type": pl.Series(ht, dtype=pl.String),
            "clah_health_check_date": _date_series(hd),
            "clah_health_check_status": pl.Series(status, dtype=pl.String),
        },
    )
    # Care leavers: personal adviser contacts at most two months apart, pathway plan reviews every six months.
    cl = sp["care_leaver"]
    leavers = frames["ssd_care_leavers"]
    worker_by_row = leavers.get_column("clea_care_leaver_worker_id").to_list()
    person = np.array([s[0] for s in cl], dtype=object)
    worker = np.array([worker_by_row[s[1]] for s in cl], dtype=object)
    starts, ends = _span_arrays(cl, A, rng, 0.0, (0, 0))
    idx, days = recurring(rng, starts, ends, (1, 30), (20, 55), 0.1, (10, 60))
    keep = ~_in_lapse(rng, starts, ends, idx, days)
    idx, days = idx[keep], days[keep]
    contacts = _events(
        "ssd_care_leaver_contacts",
        "PC",
        cl,
        idx,
        days,
        {
            "clec_person_id": pl.Series(person[idx], dtype=pl.String),
            "clec_contact_date": _date_series(days),
            "clec_worker_id": pl.Series(worker[idx], dtype=pl.String),
        },
    )
    out["ssd_care_leaver_contacts"] = contacts
    starts, ends = _span_arrays(cl, A, rng, 0.06, (30, 120))
    idx, days = recurring(rng, starts, ends, (0, 40), (120, 182), 0.08, (5, 60))
    reviews = _events(
        "ssd_pathway_plan_reviews",
        "PP",
        cl,
        idx,
        days,
        {
            "clpp_person_id": pl.Series(person[idx], dtype=pl.String),
            "clpp_pathway_plan_review_date": _date_series(days),
        },
    )
    out["ssd_pathway_plan_reviews"] = reviews
    # The care-leaver row holds the latest contact and review (blank contact when not in touch).
    latest = contacts.group_by("clec_person_id").agg(pl.col("clec_contact_date").max().alias("_contact"))
    review = reviews.group_by("clpp_person_id").agg(pl.col("clpp_pathway_plan_review_date").max().alias("_review"))
    out["ssd_care_leavers"] = (
        leavers.join(latest, left_on="clea_person_id", right_on="clec_person_id", how="left")
        .join(review, left_on="clea_person_id", right_on="clpp_person_id", how="left")
        .with_columns(
            pl.when(pl.col("clea_care_leaver_in_touch") == "YES")
            .then(pl.col("_contact"))
            .otherwise(None)
            .alias("clea_care_leaver_latest_contact"),
            pl.col("_review").alias("clea_pathway_plan_review_date"),
        )
        .select(COLUMNS["ssd_care_leavers"])
    )
    return out
