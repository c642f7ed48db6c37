"""Import an existing escalation log (CSV or xlsx): all or nothing, errors naming file, sheet, row, column, value.

One row per stage, header in row 1:
escalation_id, child_id, raised_by, raised_date, stage, category, subcategory,
addressee_role, response_date, outcome, resolved_date

The reading, cell and report helpers are the audit import's, so both imports
refuse the same hostile files the same way. A row whose escalation_id was
imported before replaces it. A row with outcome `escalated` is linked to the
same child's next row from the same IRO at a later stage, raised on or after it.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from oversight.analytics.workdays import default_calendar
from oversight.audits.importer import Report, Unreadable, _date, _text, header_positions, read
from oversight.imports import values
from oversight.iro import rules
from oversight.iro.models import ADDRESSEE_ROLES, CATEGORIES, OUTCOMES, Escalation, EscalationEvent

log = logging.getLogger(__name__)

COLUMNS = [
    "escalation_id",
    "child_id",
    "raised_by",
    "raised_date",
    "stage",
    "category",
    "subcategory",
    "addressee_role",
    "response_date",
    "outcome",
    "resolved_date",
]
REQUIRED = ["escalation_id", "child_id", "raised_by", "raised_date", "stage", "category"]
MAX_CELL = 200
ID_MAX = 48


def _day(cells, text, name, number, report, today) -> dt.date | None:
    if not text[name]:
        return None
    day = _date(cells[name])
    if day is None:
        report.error(f"not a date: expected {values.DATE_EXPECTED}", number, name, cells[name])
    elif day > today:
        report.error("this date is in the future", number, name, text[name])
    return day


def _check_row(number: int, cells: dict, report: Report, today: dt.date, seen: dict, stages: dict) -> dict | None:
    before = len(report.errors)
    for name, value in cells.items():
        if isinstance(value, str) and value.strip().startswith("="):
            report.error("formulas are not accepted; enter the value itself", number, name, value)
        elif len(_text(value)) > MAX_CELL:
            report.error(f"longer than {MAX_CELL} characters", number, name, value)
    if len(report.errors) > before:
        return None
    text = {name: _text(value) for name, value in cells.items()}
    for name in ("stage", "category", "subcategory", "addressee_role", "outcome"):
        text[name] = text[name].casefold()
    for name in REQUIRED:
        if not text[name]:
            report.error("this column must have a value", number, name, "")
    for name in ("escalation_id", "child_id"):
        if len(text[name]) > ID_MAX:
            report.error(f"an id is at most {ID_MAX} characters", number, name, text[name])
    if text["escalation_id"]:
        if text["escalation_id"] in seen:
            report.error(
                f"this escalation_id is also on row {seen[text['escalation_id']]}",
                number,
                "escalation_id",
                text["escalation_id"],
            )
        else:
            seen[text["escalation_id"]] = number
    if text["stage"] and text["stage"] not in stages:
        report.error(f"not a stage; use one of {', '.join(stages)}", number, "stage", text["stage"])
    if text["category"] and text["category"] not in dict(CATEGORIES):
        report.error("not a category; use practice or process", number, "category", text["category"])
    elif text["category"] and text["subcategory"]:
        subs = rules.subcategories(text["category"])
        if text["subcategory"] not in subs:
            report.error(
                f"not a {text['category']} subcategory; use one of {', '.join(subs)}",
                number,
                "subcategory",
                text["subcategory"],
            )
    if text["addressee_role"] and text["addressee_role"] not in dict(ADDRESSEE_ROLES):
        report.error(
            f"not an addressee role; use one of {', '.join(dict(ADDRESSEE_ROLES))}",
            number,
            "addressee_role",
            text["addressee_role"],
        )
    if text["outcome"] and text["outcome"] not in dict(OUTCOMES):
        report.error(f"not an outcome; use one of {', '.join(dict(OUTCOMES))}", number, "outcome", text["outcome"])
    raised = _day(cells, text, "raised_date", number, report, today)
    response = _day(cells, text, "response_date", number, report, today)
    resolved = _day(cells, text, "resolved_date", number, report, today)
    if raised and response and response < raised:
        report.error("the response is before the escalation was raised", number, "response_date", text["response_date"])
    if raised and resolved and resolved < raised:
        report.error("the stage was closed before it was raised", number, "resolved_date", text["resolved_date"])
    if text["outcome"] and not text["resolved_date"]:
        report.error("an outcome needs the date the stage closed", number, "resolved_date", "")
    if text["resolved_date"] and not text["outcome"]:
        report.error("a resolved_date needs the outcome", number, "outcome", "")
    if len(report.errors) > before:
        return None
    if text["outcome"] == "escalated" and text["stage"] == list(stages)[-1]:
        report.warn("escalated from the last stage; no later stage can be linked", number, "outcome", text["outcome"])
    return {
        "row": number,
        "import_ref": text["escalation_id"],
        "child_id": text["child_id"],
        "raised_by": text["raised_by"],
        "raised_date": raised,
        "stage": text["stage"],
        "category": text["category"],
        "subcategory": text["subcategory"],
        "addressee_role": text["addressee_role"] or stages[text["stage"]].addressee_role,
        "response_date": response,
        "outcome": text["outcome"],
        "resolved_date": resolved,
    }


def _who(records: list[dict], report: Report) -> None:
    """raised_by as written -> (login, worker id): a username, or a worker id (and its login if it has one)."""
    from oversight.accounts.models import User
    from oversight.people.models import Professional

    names = {r["raised_by"] for r in records}
    users = {}
    for name in names:  # a log names a handful of IROs: one look-up each, case-insensitive
        if user := User.objects.filter(username__iexact=name).order_by("pk").first():
            users[name.casefold()] = user
    workers = set(Professional.objects.filter(professional_id__in=names).values_list("professional_id", flat=True))
    logins = {
        pid: username
        for username, pid in User.objects.filter(professional_id__in=workers)
        .exclude(professional_id="")
        .values_list("username", "professional_id")
    }
    for r in records:
        written = r["raised_by"]
        user = users.get(written.casefold())
        if user:
            r["raised_by"], r["iro_id"] = user.username, user.professional_id
        elif written in workers:
            r["raised_by"], r["iro_id"] = logins.get(written, written), written
        else:
            r["iro_id"] = ""
            report.warn("not a login or worker id Oversight knows; kept as written", r["row"], "raised_by", written)


def _teams(records: list[dict]) -> dict[tuple[str, dt.date], str]:
    from oversight.analytics.audits import allocations_on
    from oversight.config import section
    from oversight.people import frames

    wanted = pl.DataFrame(
        {"child_id": [r["child_id"] for r in records], "day": [r["raised_date"] for r in records]},
        schema={"child_id": pl.String, "day": pl.Date},
    )
    inv = section("involvements")
    data = {"ssd_involvements": frames.load("ssd_involvements"), "ssd_professionals": frames.load("ssd_professionals")}
    found = allocations_on(wanted, data, inv["case_worker_roles"], inv["personal_adviser_roles"])
    return {(r["child_id"], r["day"]): r["team_id"] or "" for r in found.iter_rows(named=True)}


def _links(records: list[dict], order: list[str]) -> dict[int, int]:
    """Row number of an `escalated` stage -> row number of the stage it led to."""
    links, taken = {}, set()
    by_child: dict[tuple, list[dict]] = {}
    for r in records:
        by_child.setdefault((r["child_id"], r["raised_by"]), []).append(r)
    for rows in by_child.values():
        rows.sort(key=lambda r: (r["raised_date"], order.index(r["stage"]), r["row"]))
        for r in rows:
            if r["outcome"] != "escalated":
                continue
            for later in rows:
                if (
                    later["row"] not in taken
                    and order.index(later["stage"]) > order.index(r["stage"])
                    and later["raised_date"] >= r["raised_date"]
                ):
                    links[r["row"]] = later["row"]
                    taken.add(later["row"])
                    break
    return links


def import_escalations(data: bytes, filename: str, today: dt.date | None = None, by: str = "import") -> dict:
    """Check every row, then write all of them or none. Returns the report dict."""
    from oversight.people.models import Person

    report = Report(file=Path(filename).name)
    report.counts = {"rows": 0, "created": 0, "updated": 0, "linked": 0}
    today = today or timezone.localdate()
    try:
        # The audit import's reader: the header and the non-blank rows, numbered as the sheet shows them,
        # with its bounds on rows and columns (at most 50,000 rows).
        report.sheet, found = read(data, filename)
    except Unreadable as exc:
        report.error(str(exc), exc.row, exc.column, exc.value)
        return report.as_dict()
    positions = header_positions(found.header, report, COLUMNS)
    if positions is None:
        return report.as_dict()
    stages = {s.code: s for s in rules.stages()}
    seen: dict[str, int] = {}
    records = []
    for number, row in found.rows:
        cells = {name: (row[i] if i < len(row) else None) for name, i in positions.items()}
        if not any(_text(v) for v in cells.values()):
            continue
        report.counts["rows"] += 1
        record = _check_row(number, cells, report, today, seen, stages)
        if record:
            records.append(record)
    if report.errors:
        return report.as_dict()
    if not records:
        report.warn("the file has no escalations below its header")
        return report.as_dict()
    known = set(
        Person.objects.filter(person_id__in=[r["child_id"] for r in records]).values_list("person_id", flat=True)
    )
    for r in records:
        if r["child_id"] not in known:
            report.warn("no child with this id is in the case data", r["row"], "child_id", r["child_id"])
    _who(records, report)
    teams = _teams(records)
    links = _links(records, list(stages))
    cal = default_calendar()
    with transaction.atomic():
        existing = {
            e.import_ref: e
            for e in Escalation.objects.filter(
                source=Escalation.IMPORTED, import_ref__in=[r["import_ref"] for r in records]
            )
        }
        saved: dict[int, Escalation] = {}
        for r in records:
            fields = dict(
                child_id=r["child_id"],
                team_id=teams.get((r["child_id"], r["raised_date"]), ""),
                raised_by=r["raised_by"],
                iro_id=r["iro_id"],
                raised_date=r["raised_date"],
                stage=r["stage"],
                addressee_role=r["addressee_role"],
                category=r["category"],
                subcategory=r["subcategory"],
                response_due=cal.add(r["raised_date"], stages[r["stage"]].working_days),
                response_date=r["response_date"],
                responded_by="" if r["response_date"] is None else "(imported)",
                outcome=r["outcome"],
                resolved_date=r["resolved_date"],
            )
            esc = existing.get(r["import_ref"])
            if esc:
                for name, value in fields.items():
                    setattr(esc, name, value)
                esc.version += 1
                esc.previous = None
                esc.save()
                report.counts["updated"] += 1
                report.warn(
                    "this escalation_id was imported before; it was replaced",
                    r["row"],
                    "escalation_id",
                    r["import_ref"],
                )
                what = "reimported"
            else:
                esc = Escalation.objects.create(source=Escalation.IMPORTED, import_ref=r["import_ref"], **fields)
                report.counts["created"] += 1
                what = "imported"
            changes = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}
            EscalationEvent.objects.create(
                escalation=esc, by=by, what=what, note=f"{report.file} row {r['row']}", changes=changes
            )
            saved[r["row"]] = esc
        for src, dst in links.items():
            if Escalation.objects.filter(previous=saved[src]).exclude(pk=saved[dst].pk).exists():
                report.warn("this stage already leads to another stage; not linked again", src, "outcome", "escalated")
                continue
            nxt = saved[dst]
            nxt.previous = saved[src]
            nxt.save(update_fields=["previous"])
            report.counts["linked"] += 1
    log.info(
        "escalation import: %s rows, %s created, %s updated",
        len(records),
        report.counts["created"],
        report.counts["updated"],
    )
    return report.as_dict()
