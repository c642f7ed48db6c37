"""What the loaded data can support: each rule and measure measurable, or not and why. No Django.

A figure the data cannot support is never printed (a 0 % from an empty table
reads as a failure that did not happen). Each rule and measure of the rulebook
declares what it needs (rulebook.toml: `needs`, `history`, `history_months`);
this module holds that against the data as loaded:

- every column in `needs` must hold at least one value, when the data came from
  a file (an SSD extract or an Annex A workbook: an empty column there is one the
  file does not carry); the synthetic council and data of unknown origin are
  taken as carrying every column;
- a source that keeps only each child's latest event of a kind (Annex A keeps
  the latest visit, review, health check, care-leaver contact) cannot measure a
  rule that needs every event (`history = "every"`); for `"latest_wait"` only
  the wait since that latest event is measured, and the answer says so;
- a source covering fewer months than `history_months` cannot look back far
  enough (a single Annex A covers 6 months).

Other apps (the performance clinic's indicators) call `measurability` with
their own declarations through `assess`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import polars as pl

from oversight.analytics.rulebook import Rule, Rulebook

# Tables an Annex A import fills with each child's latest event only (annex-a.md §3: List 6 last seen,
# List 7 last visit and latest review, List 8 latest review, last visit and health checks, List 9
# latest pathway plan review and latest contact; every list the allocated worker on its date only).
ANNEX_A_LATEST_ONLY = frozenset(
    {
        "ssd_cin_visits",
        "ssd_cp_visits",
        "ssd_cp_reviews",
        "ssd_cla_visits",
        "ssd_cla_reviews",
        "ssd_cla_health",
        "ssd_care_leaver_contacts",
        "ssd_pathway_plan_reviews",
        "ssd_involvements",
    }
)
ANNEX_A_MONTHS = 6  # Lists 1-8 cover the 6 months before the inspection (annex-a.md)
EVENT_WORDS = {
    "ssd_cin_visits": "visit",
    "ssd_cp_visits": "visit",
    "ssd_cp_reviews": "review conference",
    "ssd_cla_visits": "visit",
    "ssd_cla_reviews": "review",
    "ssd_cla_health": "health check",
    "ssd_care_leaver_contacts": "contact",
    "ssd_pathway_plan_reviews": "pathway plan review",
    "ssd_involvements": "allocation",
}
SOURCE_NAMES = {"annex_a": "an Annex A workbook", "ssd": "this SSD extract", "synthetic": "the synthetic council"}
# Sources read from a council's files: a column they leave empty is one they do not carry.
FILE_KINDS = ("annex_a", "ssd")
SOURCE_LABELS = {
    "annex_a": "Annex A workbook",
    "ssd": "SSD extract",
    "synthetic": "Synthetic council",
    "": "Unknown (taken as holding full history)",
}


@dataclass(frozen=True)
class Source:
    """Where the case data came from, as far as measurability cares.

    KIND: "annex_a", "ssd", "synthetic" (full history, every column) or "" (unknown: taken as full history).
    LATEST_ONLY: tables holding only each child's latest event.
    MONTHS: how many months of records the source covers (None: all it has).
    SINCE: the first day it covers (events before it may have happened unrecorded), if known.
    """

    kind: str = ""
    latest_only: frozenset[str] = field(default_factory=frozenset)
    months: int | None = None
    since: dt.date | None = None

    @classmethod
    def annex_a(cls, as_at: dt.date | None = None) -> Source:
        since = None
        if as_at is not None:
            month = as_at.month - ANNEX_A_MONTHS
            year, month = (as_at.year, month) if month > 0 else (as_at.year - 1, month + 12)
            since = dt.date(year, month, min(as_at.day, 28))
        return cls("annex_a", ANNEX_A_LATEST_ONLY, ANNEX_A_MONTHS, since)

    @property
    def name(self) -> str:
        return SOURCE_NAMES.get(self.kind, "this data")

    @property
    def label(self) -> str:
        return SOURCE_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Measurability:
    measurable: bool
    reason: str | None = None  # why not, when not measurable
    part: str | None = None  # which part is measured, when only part is
    latest_wait: bool = False  # only the interval since each record's latest event is measured
    since: dt.date | None = None  # only clocks starting on or after this day are measured

    def as_dict(self) -> dict:
        return {"measurable": self.measurable, "reason": self.reason, "part": self.part}


def split(name: str) -> tuple[str, str, str]:
    """ "table.column" or "table.column~text" (the column must hold a value containing TEXT, any case)
    -> (table, column, text)."""
    table, rest = name.split(".")
    column, _, text = rest.partition("~")
    return table, column, text


def _holds(column: str, text: str) -> pl.Expr:
    if text:
        found = pl.col(column).cast(pl.String).str.to_lowercase().str.contains(text.lower(), literal=True)
        return found.fill_null(False).any()
    return (pl.col(column).cast(pl.String).fill_null("") != "").any()  # an empty text is no value


def filled_columns(frames: dict[str, pl.DataFrame], wanted: Iterable[str]) -> set[str]:
    """Of WANTED ("table.column", or "table.column~text"), those that hold at least one value in FRAMES
    (one containing the text, for the second form)."""
    by_table: dict[str, list[str]] = {}
    for name in wanted:
        by_table.setdefault(split(name)[0], []).append(name)
    out = set()
    for table, names in by_table.items():
        frame = frames.get(table)
        if frame is None or not frame.height:
            continue
        present = [n for n in names if split(n)[1] in frame.columns]
        if not present:
            continue
        counts = frame.select([_holds(*split(n)[1:]).alias(n) for n in present]).row(0)
        out |= {n for n, has in zip(present, counts) if has}
    return out


def assess(
    needs: Iterable[str],
    history: str,
    history_months: int,
    filled: set[str],
    source: Source,
    optional: dict[str, str] | None = None,
    note: str = "",
) -> Measurability:
    """One declaration (what a rule, measure or indicator needs) against the data.

    OPTIONAL ("table.column" -> what is not measured, or how, without it): columns the figure
    can do without; each one empty in the source adds its text to the part measured. NOTE is
    added to the reason when a needed column is empty (e.g. that the published SSD has no such column).
    """
    found = _assess(needs, history, history_months, filled, source)
    if not found.measurable:
        return replace(found, reason=f"{found.reason} {note}".strip()) if note else found
    lacking = (
        [text for name, text in (optional or {}).items() if name not in filled] if source.kind in FILE_KINDS else []
    )
    if lacking:
        return replace(found, part=" ".join(t for t in (found.part, *lacking) if t))
    return found


def _assess(needs: Iterable[str], history: str, history_months: int, filled: set[str], source: Source) -> Measurability:
    missing = [n for n in needs if n not in filled] if source.kind in FILE_KINDS else []
    if missing:
        table, column, text = split(missing[0])
        held = f"no value containing '{text}'" if text else "no values"
        return Measurability(
            False,
            f"{column} in {table} holds {held} in {source.name}"
            + ("" if len(missing) == 1 else f" (nor {', '.join(split(m)[1] for m in missing[1:])})")
            + ".",
        )
    if history_months and source.months is not None and source.months < history_months:
        return Measurability(
            False,
            f"It looks back {history_months} months before each record, and {source.name} covers only {source.months}.",
        )
    latest = sorted({split(n)[0] for n in needs} & source.latest_only)
    if latest and history == "every":
        word = EVENT_WORDS.get(latest[0], "event")
        return Measurability(
            False,
            f"{source.name[0].upper()}{source.name[1:]} holds only each child's latest {word}, "
            f"and this needs every {word} ({latest[0]}).",
        )
    if latest and history == "latest_wait":
        word = EVENT_WORDS.get(latest[0], "event")
        return Measurability(
            True,
            part=f"Only the wait since each child's latest {word}: {source.name} holds no earlier ones, "
            "so earlier intervals are not measured.",
            latest_wait=True,
        )
    if source.since is not None and needs:
        return Measurability(
            True,
            part=f"Only clocks starting on or after {source.since.isoformat()}: {source.name} covers no earlier "
            "events, so an older record's completing event may be missing.",
            since=source.since,
        )
    return Measurability(True)


def declared(rule: Rule) -> tuple[tuple[str, ...], str, int]:
    return rule.needs, rule.history, int(rule.history_months or 0)


def optional(rule: Rule) -> dict[str, str]:
    """The columns RULE can do without ("table.column" -> what is not measured, or how, without it)."""
    return dict(rule.params.get("optional", {}))


def _columns(rule: Rule) -> tuple[str, ...]:
    return (*rule.needs, *optional(rule))


def measurability(
    frames: dict[str, pl.DataFrame], rulebook: Rulebook, source: Source | None = None
) -> dict[str, Measurability]:
    """Rule or measure id -> whether FRAMES (from SOURCE) can support it, and if not why."""
    everything = (*rulebook.rules, *rulebook.measures)
    return judge(filled_columns(frames, {n for r in everything for n in _columns(r)}), rulebook, source)


def judge(filled: set[str], rulebook: Rulebook, source: Source | None = None) -> dict[str, Measurability]:
    """As `measurability`, from the set of "table.column" that hold values (found however the caller likes)."""
    source = source or Source()
    return {
        r.id: assess(*declared(r), filled, source, optional(r), str(r.params.get("needs_note", "")))
        for r in (*rulebook.rules, *rulebook.measures)
    }


def needed_columns(rulebook: Rulebook) -> dict[str, tuple[str, ...]]:
    """SSD table -> the columns the declarations name, each "column" or "column~text" (see `split`)."""
    out: dict[str, set[str]] = {}
    for r in (*rulebook.rules, *rulebook.measures):
        for n in _columns(r):
            table, column = n.split(".")
            out.setdefault(table, set()).add(column)
    return {t: tuple(sorted(c)) for t, c in out.items()}
