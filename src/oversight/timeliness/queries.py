"""Reads for the timeliness pages, panel and CLI: case data as frames into the analytics."""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics import measurability, timeliness_measures
from oversight.analytics import rulebook as rb
from oversight.analytics import timeliness as engine
from oversight.analytics.keyed import Keyed
from oversight.analytics.workdays import CalendarError, default_calendar
from oversight.config import section
from oversight.people import figures
from oversight.people import frames as case_frames
from oversight.people.models import Department, Professional
from oversight.people.ssd import table

ITEM_FIELDS = [
    "rule",
    "child_id",
    "team",
    "worker_id",
    "start_date",
    "due_date",
    "completed_date",
    "status",
    "days_late",
    "record_id",
]
STATUS_LABELS = {
    "on_time": "On time",
    "late": "Late",
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "open": "Not yet due",
}


_books: dict[str, rb.Rulebook] = {}


def rulebook() -> rb.Rulebook:
    """The shipped rulebook with this council's overrides ([timeliness.overrides] in OVERSIGHT_CONFIG).

    Parsed once per set of overrides (parsing the TOML took about 10 ms, asked several times a page); the
    rulebook is frozen, so every request shares it.
    """
    overrides = section("timeliness").get("overrides", {})
    key = repr(overrides)
    book = _books.get(key)
    if book is None:
        book = rb.load(overrides=overrides)
        if len(_books) >= 8:
            _books.clear()
        _books[key] = book
    return book


def checked_rulebook() -> rb.Rulebook:
    """The rulebook in force, once every timeliness setting of OVERSIGHT_CONFIG is known to be usable (else RulebookError)."""
    book = rulebook()
    _options()
    try:
        default_calendar()
    except CalendarError as exc:
        raise rb.RulebookError(str(exc))
    return book


def _options() -> dict:
    roles = section("involvements")
    soon = section("timeliness").get("due_soon_working_days", 5)
    if isinstance(soon, bool) or not isinstance(soon, int) or soon < 0:
        raise rb.RulebookError(
            f"[timeliness] due_soon_working_days must be a whole number of working days, 0 or more; got {soon!r}"
        )
    return {
        "case_worker_roles": list(roles.get("case_worker_roles", [])),
        "adviser_roles": list(roles.get("personal_adviser_roles", [])),
        "due_soon_working_days": soon,
    }


def load_frames(book: rb.Rulebook, rule_ids=None, with_measures: bool = False) -> dict[str, pl.DataFrame]:
    """The SSD tables the chosen rules read, only the columns they read."""
    needed = engine.tables_needed(book, rule_ids)
    if with_measures:
        for name, columns in timeliness_measures.tables_needed(book).items():
            needed[name] = tuple(sorted(set(needed.get(name, ())) | set(columns)))
    return {name: case_frames.load(name, columns) for name, columns in needed.items()}


def measurable(book: rb.Rulebook) -> dict[str, measurability.Measurability]:
    """Each rule and measure: can the whole case data now loaded support it (and if not, why)?

    Asked of the database (does each needed column hold a value anywhere), so the answer is the
    council's even where the frames hold one child's rows.
    """
    return figures.cached("timeliness.measurable", (), lambda: _measurable(book))


def _measurable(book: rb.Rulebook) -> dict[str, measurability.Measurability]:
    from oversight.imports.queries import case_data_source

    filled = set()
    for name, columns in measurability.needed_columns(book).items():
        t = table(name)
        for wanted in columns:
            _, column, text = measurability.split(f"{name}.{wanted}")
            field = t.column(column).field
            qs = t.model.objects.filter(**{f"{field}__isnull": False})
            if t.column(column).kind in ("text", "id"):
                qs = qs.exclude(**{field: ""})
            if text:
                qs = qs.filter(**{f"{field}__icontains": text})
            if qs.exists():
                filled.add(f"{name}.{wanted}")
    return measurability.judge(filled, book, case_data_source())


def data_source() -> dict:
    """Where the case data now loaded came from: kind ("ssd", "annex_a", "synthetic" or "" unknown) and label."""
    from oversight.imports.queries import case_data_source

    source = case_data_source()
    return {"kind": source.kind or "unknown", "label": source.label}


def child_frames(book: rb.Rulebook, person_id: str) -> dict[str, pl.DataFrame]:
    """The same tables holding only one child's rows (and the workers allocated to them)."""
    out = {}
    for name, columns in engine.tables_needed(book).items():
        t = table(name)
        person = next((c for c in t.columns if c.field == "person_id"), None)
        fields = [t.column(c).field for c in columns]
        qs = t.model.objects.all()
        if person is not None:
            qs = qs.filter(person_id=person_id)
        elif name == "ssd_professionals":
            qs = qs.filter(professional_id__in=out["ssd_involvements"].get_column("invo_professional_id").to_list())
        types = case_frames.schema(t, columns)
        out[name] = pl.DataFrame(list(qs.values_list(*fields)), schema={c: types[c] for c in columns}, orient="row")
    return out


def items(as_at: dt.date, rule_ids=None, book: rb.Rulebook | None = None, data=None) -> pl.DataFrame:
    """Every item of the rules (all when RULE_IDS is None) as at AS_AT, in the rulebook's order (engine.ordered).

    The whole council's items (DATA None) are worked out once per case-data
    version, date and rule selection (people.figures) and shared by every
    user: narrow them to a user's children after, never before. Rules the
    data cannot support (`measurable`) give no items.
    """
    book = book or rulebook()
    if data is None:
        ids = tuple(rule_ids) if rule_ids is not None else None
        return figures.cached("timeliness.items_ordered", (as_at, ids), lambda: _items(as_at, rule_ids, book, None))
    return _items(as_at, rule_ids, book, data)


WAITING = ("overdue", "due_soon", "open")


def waiting(as_at: dt.date, children: set[str] | None = None) -> pl.DataFrame:
    """Items not yet done (overdue, due soon, not yet due) of plans and periods still running, of CHILDREN
    (None = every child): what to-do lists and home pages show.

    A small share of the council's items (about 2 %), kept sorted by child once per case-data version and
    date (people.figures), so a user's children's items are found by binary search, not a scan per request.
    """
    keyed = figures.cached(
        "timeliness.waiting",
        (as_at,),
        lambda: Keyed(items(as_at).filter(pl.col("status").is_in(WAITING) & pl.col("end_date").is_null()), "child_id"),
    )
    return keyed.frame if children is None else keyed.rows(children)


def child_items(as_at: dt.date, person_id: str) -> pl.DataFrame:
    """One child's items as at AS_AT: the council's items (people.figures), found by binary search."""
    keyed = figures.cached("timeliness.items_by_child", (as_at,), lambda: Keyed(items(as_at), "child_id"))
    return keyed.rows([person_id])


def _items(as_at: dt.date, rule_ids, book: rb.Rulebook, data) -> pl.DataFrame:
    data = data if data is not None else load_frames(book, rule_ids)
    found = engine.items(
        data, book, as_at, calendar=default_calendar(), rule_ids=rule_ids, measurable=measurable(book), **_options()
    )
    # In the rulebook's order (engine.ordered: by rule, child, start, interval, record; one item per key),
    # sorted once here, so the CLI's report of every item keeps the order without sorting 900,000 rows again.
    return engine.ordered(found, book)


def _measures(as_at: dt.date, start: dt.date | None, end: dt.date | None, book: rb.Rulebook) -> list[dict]:
    """The measures, each with whether the data can support it; one it cannot has no counts or percent."""

    def compute():
        data = load_frames(book, with_measures=True)
        known = measurable(book)
        out = []
        for m in timeliness_measures.measures(data, book, as_at, default_calendar(), start, end):
            can = known.get(m["measure"], measurability.Measurability(True))
            if not can.measurable:
                m = {**m, "records": None, "flagged": None, "percent": None}
            out.append({**m, **can.as_dict()})
        return out

    return figures.cached("timeliness.measures", (as_at, start, end), compute)


def report(
    as_at: dt.date, start: dt.date | None = None, end: dt.date | None = None, rule_ids=None, items_as_frame=False
) -> dict:
    """Figures per rule and every item with a due date in the period; the measures too when no rule is chosen.

    ITEMS_AS_FRAME leaves the items a polars frame (the CLI streams them out) instead of a list of dicts.
    """
    book = rulebook()
    every = items(as_at, rule_ids, book)
    found = engine.in_period(every, start, end)
    out = {
        "as_at": as_at.isoformat(),
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "data_source": data_source(),
        "rules": _rules_summary(as_at, start, end, rule_ids, book, every, found),
    }
    if rule_ids is None:
        out["measures"] = _measures(as_at, start, end, book)
    ordered = found.select(ITEM_FIELDS)  # items() are in engine.ordered's order, and a filter keeps it
    out["items"] = ordered if items_as_frame else ordered.to_dicts()
    return out


def _rules_summary(as_at, start, end, rule_ids, book, every: pl.DataFrame, found: pl.DataFrame) -> list[dict]:
    """Each rule's figures in the period (a copy of the shared figure: callers may change the rows)."""
    ids = tuple(rule_ids) if rule_ids is not None else None
    shared = figures.cached(
        "timeliness.rules_summary",
        (as_at, start, end, ids),
        lambda: engine.summary(found, book, rule_ids, measurable(book), engine.completed_in_period(every, start, end)),
    )
    return [dict(r) for r in shared]


def rule_report(rule_id: str, as_at: dt.date, start: dt.date | None, end: dt.date | None) -> dict:
    """One rule's figures in the period: overall, by month of due date, by team and by worker."""
    shared = figures.cached(
        "timeliness.rule_report", (rule_id, as_at, start, end), lambda: _rule_report(rule_id, as_at, start, end)
    )
    # Copies of the rows: pages add their own keys (links), and the cached figure is shared by every request.
    return {k: [dict(r) for r in v] if isinstance(v, list) else v for k, v in shared.items()}


def rule_summary(rule_id: str, as_at: dt.date, start: dt.date | None, end: dt.date | None) -> dict:
    """The headline of `rule_report` (a copy), without copying its tables."""
    found = figures.cached(
        "timeliness.rule_report", (rule_id, as_at, start, end), lambda: _rule_report(rule_id, as_at, start, end)
    )
    return dict(found["summary"])


def _rule_report(rule_id: str, as_at: dt.date, start: dt.date | None, end: dt.date | None) -> dict:
    book = rulebook()
    every = items(as_at, [rule_id], book)
    found = engine.in_period(every, start, end)
    teams = team_names()
    workers = worker_names()
    by_team = [
        {**r, "name": teams.get(r["team"], r["team"]) or "No team"} for r in engine.breakdown(found, "team").to_dicts()
    ]
    by_worker = [
        {**r, "name": workers.get(r["worker_id"], r["worker_id"]) or "No allocated worker"}
        for r in engine.breakdown(found, "worker_id").to_dicts()
    ]
    months = [{**r, "label": r["month"].strftime("%B %Y")} for r in engine.monthly(found).to_dicts()]
    return {
        "summary": engine.summary(
            found, book, [rule_id], measurable(book), engine.completed_in_period(every, start, end)
        )[0],
        "month_rows": months,
        "team_rows": [{**r, "label": r["name"]} for r in by_team],
        "worker_rows": [{**r, "label": r["name"]} for r in by_worker],
    }


def overview(as_at: dt.date, start: dt.date | None, end: dt.date | None) -> dict:
    return figures.cached("timeliness.overview", (as_at, start, end), lambda: _overview(as_at, start, end))


def _overview(as_at: dt.date, start: dt.date | None, end: dt.date | None) -> dict:
    book = rulebook()
    every = items(as_at, None, book)
    found = engine.in_period(every, start, end)
    titles = {r.id: r.title for r in (*book.rules, *book.measures)}
    completed = engine.completed_in_period(every, start, end)
    rules = [{**r, "title": titles[r["rule"]]} for r in engine.summary(found, book, None, measurable(book), completed)]
    measures = [{**m, "title": titles[m["measure"]]} for m in _measures(as_at, start, end, book)]
    return {"rules": rules, "measures": measures, "data_source": data_source()}


def to_do(
    as_at: dt.date,
    visible: set[str] | None,
    teams: set[str] | None = None,
    worker_id: str | None = None,
    rule_id: str | None = None,
    status: str | None = None,
) -> list[dict]:
    """Overdue and due-soon items of open cases for TEAMS or WORKER_ID (None = every team), of children in
    VISIBLE (None = all), optionally of one RULE_ID and one STATUS.

    Items of a plan or period that has ended are left out: nothing can now be done about them.
    """
    wanted = [status] if status else ["overdue", "due_soon"]
    found = waiting(as_at, visible).filter(pl.col("status").is_in(wanted))
    if teams is not None:
        found = found.filter(pl.col("team").is_in(list(teams)))
    if worker_id is not None:
        found = found.filter(pl.col("worker_id") == worker_id)
    if rule_id:
        found = found.filter(pl.col("rule") == rule_id)
    found = found.sort(pl.col("status") != "overdue", "due_date", "child_id")
    return _identified(_labelled(found.to_dicts()), as_at)


NONE_SLUG = "-"  # in a URL: the items with no team, or no allocated worker


def item_list(
    as_at: dt.date,
    start: dt.date | None,
    end: dt.date | None,
    visible: set[str] | None,
    rule_id: str | None = None,
    status: str | None = None,
    team: str | None = None,
    worker_id: str | None = None,
    month: dt.date | None = None,
) -> tuple[list[dict], int]:
    """The items a figure on the timeliness pages counts (same period, rule, status, team, worker or month of
    due date), of children in VISIBLE (None = all); and how many more it counts that the user may not see."""
    book = rulebook()
    found = engine.in_period(items(as_at, [rule_id] if rule_id else None, book), start, end)
    if status:
        found = found.filter(pl.col("status") == status)
    if team is not None:
        found = found.filter(pl.col("team").fill_null("") == ("" if team == NONE_SLUG else team))
    if worker_id is not None:
        found = found.filter(pl.col("worker_id").fill_null("") == ("" if worker_id == NONE_SLUG else worker_id))
    if month is not None:
        found = found.filter(pl.col("due_date").dt.truncate("1mo") == month)
    total = found.height
    if visible is not None:
        found = found.filter(pl.col("child_id").is_in(list(visible)))
    found = found.sort(
        pl.col("status").replace_strict(STATUS_ORDER, default=9, return_dtype=pl.Int8), "due_date", "child_id"
    )
    return _identified(_labelled(found.to_dicts(), book), as_at), total - found.height


STATUS_ORDER = {"overdue": 0, "due_soon": 1, "late": 2, "open": 3, "on_time": 4}


def _identified(rows: list[dict], as_at: dt.date) -> list[dict]:
    """Each row with its child's name, age and legal status, and its team's name."""
    from oversight.people import lists

    who = lists.identify({r["child_id"] for r in rows}, as_at) if rows else {}
    teams = team_names()
    for row in rows:
        row.update(who.get(row["child_id"], {"name": f"Child {row['child_id']}", "age": None, "legal_status": ""}))
        row["team_name"] = teams.get(row["team"], row["team"]) if row["team"] else ""
    return rows


ITEM_HEADER = [
    "Child id",
    "Name",
    "Age",
    "Legal status",
    "What",
    "From",
    "Due",
    "Done",
    "Status",
    "Days late",
    "Allocated worker",
    "Team",
]


def item_table_rows(rows: list[dict]) -> list[list]:
    return [
        [
            r["child_id"],
            r["name"],
            r["age"],
            r["legal_status"],
            r["title"],
            r["start_date"],
            r["due_date"],
            r["completed_date"],
            r["status_label"],
            r["days_late"],
            r["worker_name"] or "Not allocated",
            r["team_name"],
        ]
        for r in rows
    ]


def child_clocks(person_id: str, as_at: dt.date) -> list[dict]:
    """One child's items: what is waiting first, then the rest, latest due first."""
    book = rulebook()
    found = child_items(as_at, person_id)
    waiting = pl.col("status").is_in(["overdue", "due_soon", "open"])
    return _labelled(found.sort(~waiting, pl.col("due_date"), descending=[False, True]).to_dicts(), book)


def _labelled(rows: list[dict], book: rb.Rulebook | None = None) -> list[dict]:
    book = book or rulebook()
    titles = {r.id: r.title or r.id for r in book.rules}
    workers = worker_names()
    for row in rows:
        row["title"] = titles.get(row["rule"], row["rule"])
        row["status_label"] = STATUS_LABELS[row["status"]]
        row["worker_name"] = workers.get(row["worker_id"], row["worker_id"]) if row["worker_id"] else ""
    return rows


def team_names() -> dict[str, str]:
    return figures.cached(
        "timeliness.team_names", (), lambda: dict(Department.objects.values_list("team_id", "team_name"))
    )


def worker_names() -> dict[str, str]:
    return figures.cached(
        "timeliness.worker_names",
        (),
        lambda: dict(Professional.objects.values_list("professional_id", "professional_name")),
    )


def workers_in_teams(teams: set[str]) -> set[str]:
    """Workers whose team (prof_team_id) is one of TEAMS."""
    by_worker = figures.cached(
        "timeliness.worker_teams", (), lambda: dict(Professional.objects.values_list("professional_id", "team_id"))
    )
    return {w for w, t in by_worker.items() if t in teams}
