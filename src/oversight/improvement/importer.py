"""Import findings, the plan and the risk register from an xlsx workbook: all or nothing, precise errors.

One sheet each, found by name (any case): Findings, Plan, Risks; any of them
may be left out. Header in row 1 (names below, any case, spaces or
underscores). A row whose ref is already held replaces that record; a risk
whose current rating differs from the one held gains a rating in its history.
The workbook is opened by oversight.imports.xlsx (size, zip and formula checks);
a formula or error cell is refused, never evaluated.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.db import transaction

from oversight.accounts.models import User
from oversight.imports.xlsx import WorkbookError, column_letters, read_workbook
from oversight.improvement import indicators
from oversight.improvement.matrix import MatrixError, matrix, pillars
from oversight.improvement.models import Action, Finding, Risk, RiskRating
from oversight.improvement.services import REF

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5_000
MAX_TEXT = 20_000
SHEETS = {
    "Findings": {
        "columns": ["ref", "source", "date", "judgement_area", "text"],
        "required": ["ref", "source", "date", "text"],
    },
    "Plan": {
        "columns": [
            "ref",
            "pillar",
            "priority",
            "action",
            "lead",
            "due_date",
            "status",
            "findings",
            "indicator",
            "target",
            "target_date",
        ],
        "required": ["ref", "pillar", "action", "lead", "due_date"],
    },
    "Risks": {
        "columns": [
            "ref",
            "title",
            "description",
            "cause",
            "consequence",
            "owner",
            "current_rating",
            "target_rating",
            "review_date",
            "mitigating_actions",
            "rated_on",
        ],
        "required": ["ref", "title", "description", "owner", "current_rating", "target_rating", "review_date"],
    },
}
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class Report:
    def __init__(self, file: str):
        self.file = file
        self.errors: list[dict] = []
        self.warnings: list[dict] = []
        self.counts = {"findings": 0, "actions": 0, "risks": 0, "ratings": 0}

    def _entry(self, message, sheet, row, column, value) -> dict:
        text = "" if value is None else str(value)
        return {
            "file": self.file,
            "sheet": sheet,
            "row": row,
            "column": column,
            "value": text[:60] + ("…" if len(text) > 60 else ""),
            "message": message,
        }

    def error(self, message, sheet=None, row=None, column=None, value=None):
        self.errors.append(self._entry(message, sheet, row, column, value))

    def warn(self, message, sheet=None, row=None, column=None, value=None):
        self.warnings.append(self._entry(message, sheet, row, column, value))

    def as_dict(self) -> dict:
        return {"ok": not self.errors, "errors": self.errors, "warnings": self.warnings, "counts": self.counts}


def _norm(text) -> str:
    return re.sub(r"[\s_]+", "_", str(text or "").strip().casefold())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _refs(text: str) -> list[str]:
    return [r.strip() for r in re.split(r"[;,]", text) if r.strip()]


class _Rows:
    """One sheet's data rows as {column name: value}, with the place of each cell for messages."""

    def __init__(self, sheet, spec, report: Report):
        self.sheet, self.report = sheet.name, report
        self.rows: list[tuple[int, dict]] = []
        self.where: dict[str, int] = {}
        rows = sheet.rows
        if not rows or not any(_text(v) for v in rows[0]):
            report.error("the first row must be the header: " + ", ".join(spec["columns"]), self.sheet, 1)
            return
        for i, name in enumerate(rows[0]):
            key = _norm(name)
            if not key:
                continue
            if key in self.where:
                report.error(f"column {key} appears twice", self.sheet, 1, column_letters(i), name)
            elif key in spec["columns"]:
                self.where[key] = i
            else:
                report.warn(
                    f"column '{name}' is not one Oversight reads; ignored", self.sheet, 1, column_letters(i), name
                )
        missing = [col for col in spec["required"] if col not in self.where]
        for col in missing:
            report.error(f"the required column {col} is missing", self.sheet, 1)
        if missing:
            return  # every row would repeat the same complaint
        for excel_row, col, kind, shown in sheet.oddities:
            report.error(
                f"the cell holds {'a formula' if kind == 'formula' else 'an error value'}: type the value itself",
                self.sheet,
                excel_row,
                column_letters(col),
                shown,
            )
        if len(rows) - 1 > MAX_ROWS:
            report.error(f"the sheet has more than {MAX_ROWS} rows", self.sheet)
            return
        for n, row in enumerate(rows[1:], start=2):
            values = {c: (row[i] if i < len(row) else None) for c, i in self.where.items()}
            if any(_text(v) for v in values.values()):
                self.rows.append((n, values))

    def col(self, name: str) -> str:
        return f"{column_letters(self.where[name])} ({name})" if name in self.where else name

    def err(self, message: str, row: int, name: str, value=None) -> None:
        self.report.error(message, self.sheet, row, self.col(name), value)

    def text(self, values: dict, row: int, name: str, required: bool = False, limit: int = MAX_TEXT) -> str:
        text = _text(values.get(name))
        if required and not text:
            self.err(f"{name} is required", row, name)
        elif len(text) > limit:
            self.err(f"{name} is longer than {limit} characters", row, name, text)
        return text

    def ref(self, values: dict, row: int, seen: dict) -> str | None:
        ref = self.text(values, row, "ref", required=True, limit=32)
        if ref and not REF.match(ref):
            self.err("ref must be letters, digits, dots, dashes or slashes (up to 32)", row, "ref", ref)
            return None
        if ref in seen:
            self.err(f"ref {ref} is used again (first on row {seen[ref]})", row, "ref", ref)
            return None
        if ref:
            seen[ref] = row
        return ref or None

    def date(self, values: dict, row: int, name: str, required: bool = False) -> dt.date | None:
        raw = values.get(name)
        if not _text(raw):
            if required:
                self.err(f"{name} is required", row, name)
            return None
        day = _date(raw)
        if day is None:
            self.err(f"{name} must be a date (YYYY-MM-DD or DD/MM/YYYY)", row, name, raw)
        return day


def _choice(text: str, options: dict[str, str]) -> str | None:
    """The key of TEXT among OPTIONS {key: label}, matching either, any case and spacing."""
    want = _norm(text)
    for key, label in options.items():
        if want in (_norm(key), _norm(label)):
            return key
    return None


def _check(sheets: dict, report: Report, today: dt.date) -> dict:
    m = matrix()
    logins = set(User.objects.filter(is_active=True).values_list("username", flat=True))
    out = {"findings": [], "actions": [], "risks": []}
    finding_refs = set(Finding.objects.values_list("ref", flat=True))
    action_refs = set(Action.objects.values_list("ref", flat=True))

    if "Findings" in sheets:
        s, seen = sheets["Findings"], {}
        for row, v in s.rows:
            ref = s.ref(v, row, seen)
            source = _choice(s.text(v, row, "source", True), dict(Finding.SOURCES))
            if _text(v.get("source")) and source is None:
                s.err(
                    "source must be one of: " + ", ".join(label for _, label in Finding.SOURCES),
                    row,
                    "source",
                    v["source"],
                )
            rec = {
                "ref": ref,
                "source": source,
                "date": s.date(v, row, "date", True),
                "judgement_area": s.text(v, row, "judgement_area", limit=200),
                "text": s.text(v, row, "text", True),
            }
            out["findings"].append(rec)
            if ref:
                finding_refs.add(ref)

    if "Plan" in sheets:
        s, seen = sheets["Plan"], {}
        known = {p["key"]: p for p in pillars()}
        titles = {k: p["title"] for k, p in known.items()}
        for row, v in s.rows:
            ref = s.ref(v, row, seen)
            pillar = _choice(s.text(v, row, "pillar", True), titles)
            if _text(v.get("pillar")) and pillar is None:
                s.err("pillar must be one of: " + "; ".join(titles.values()), row, "pillar", v["pillar"])
            priority = s.text(v, row, "priority", limit=200)
            if pillar and priority and known[pillar]["priorities"] and priority not in known[pillar]["priorities"]:
                s.err(
                    f"priority must be one of {titles[pillar]}'s: " + "; ".join(known[pillar]["priorities"]),
                    row,
                    "priority",
                    priority,
                )
            lead = s.text(v, row, "lead", True, limit=150)
            if lead and lead not in logins:
                s.err("lead must be the username of an active login", row, "lead", lead)
            status = Action.NOT_STARTED
            if _text(v.get("status")):
                status = _choice(_text(v["status"]), dict(Action.STATUSES))
                if status is None:
                    s.err("status must be one of: Not started, In progress, Complete", row, "status", v["status"])
            indicator = s.text(v, row, "indicator", limit=120)
            if indicator:
                try:
                    indicator = indicators.check(indicator)
                except indicators.IndicatorError as exc:
                    s.err(str(exc), row, "indicator", indicator)
            target = None
            if _text(v.get("target")):
                raw = v["target"]
                try:
                    target = float(raw) if not isinstance(raw, bool) else None
                except (TypeError, ValueError):
                    target = None
                if target is None:
                    s.err("target must be a number", row, "target", raw)
            target_date = s.date(v, row, "target_date")
            if (target is not None or target_date) and not indicator:
                s.err("a target needs an indicator to measure it", row, "indicator")
            refs = _refs(s.text(v, row, "findings"))
            for r in refs:
                if r not in finding_refs:
                    s.err(f"finding {r} is neither in the Findings sheet nor already held", row, "findings", r)
            out["actions"].append(
                {
                    "ref": ref,
                    "pillar": pillar,
                    "priority": priority,
                    "what": s.text(v, row, "action", True),
                    "lead": lead,
                    "due": s.date(v, row, "due_date", True),
                    "status": status,
                    "findings": refs,
                    "indicator": indicator,
                    "indicator_target": target,
                    "indicator_date": target_date,
                }
            )
            if ref:
                action_refs.add(ref)

    if "Risks" in sheets:
        s, seen = sheets["Risks"], {}
        for row, v in s.rows:
            ref = s.ref(v, row, seen)
            ratings = {}
            for name in ("current_rating", "target_rating"):
                text = s.text(v, row, name, True, limit=8)
                if text:
                    try:
                        ratings[name] = m.normalise(text)
                    except MatrixError as exc:
                        s.err(str(exc), row, name, text)
            owner = s.text(v, row, "owner", True, limit=150)
            if owner and owner not in logins:
                s.err("owner must be the username of an active login", row, "owner", owner)
            refs = _refs(s.text(v, row, "mitigating_actions"))
            for r in refs:
                if r not in action_refs:
                    s.err(f"action {r} is neither in the Plan sheet nor already held", row, "mitigating_actions", r)
            rated_on = s.date(v, row, "rated_on") or today
            out["risks"].append(
                {
                    "ref": ref,
                    "title": s.text(v, row, "title", True, limit=200),
                    "description": s.text(v, row, "description", True),
                    "cause": s.text(v, row, "cause"),
                    "consequence": s.text(v, row, "consequence"),
                    "owner": owner,
                    "rating": ratings.get("current_rating"),
                    "target_rating": ratings.get("target_rating"),
                    "review_date": s.date(v, row, "review_date", True),
                    "mitigations": refs,
                    "rated_on": rated_on,
                }
            )
    return out


@transaction.atomic
def _write(records: dict, by: str, report: Report) -> None:
    for rec in records["findings"]:
        Finding.objects.update_or_create(
            ref=rec["ref"],
            defaults={k: rec[k] for k in ("source", "date", "judgement_area", "text")} | {"created_by": by},
        )
        report.counts["findings"] += 1
    findings = {f.ref: f for f in Finding.objects.all()}
    for rec in records["actions"]:
        fields = {k: rec[k] for k in ("pillar", "priority", "what", "lead", "due", "status", "indicator")}
        fields |= {"indicator_target": rec["indicator_target"], "indicator_date": rec["indicator_date"]}
        action, _ = Action.objects.update_or_create(ref=rec["ref"], defaults=fields)
        if action.status == Action.COMPLETE and action.completed_on is None:
            action.completed_on = dt.date.today()
            action.save(update_fields=["completed_on"])
        action.findings.set([findings[r] for r in rec["findings"]])
        report.counts["actions"] += 1
    actions = {a.ref: a for a in Action.objects.all()}
    for rec in records["risks"]:
        fields = {k: rec[k] for k in ("title", "description", "cause", "consequence", "owner", "target_rating")}
        fields["review_date"] = rec["review_date"]
        risk = Risk.objects.filter(ref=rec["ref"]).first()
        if risk is None:
            risk = Risk.objects.create(ref=rec["ref"], rating=rec["rating"], **fields)
            changed = True
        else:
            changed = risk.rating != rec["rating"]
            for k, value in fields.items():
                setattr(risk, k, value)
            risk.save()
        if changed:
            RiskRating.objects.create(
                risk=risk, rating=rec["rating"], rated_on=rec["rated_on"], rated_by=by, note="Imported"
            )
            latest = risk.ratings.order_by("-rated_on", "-id").first()
            risk.rating = latest.rating
            risk.save(update_fields=["rating"])
            report.counts["ratings"] += 1
        risk.mitigations.set([actions[r] for r in rec["mitigations"]])
        report.counts["risks"] += 1


def import_workbook(data: bytes, filename: str, by: str, today: dt.date | None = None) -> dict:
    """Check every sheet; write everything only if nothing is wrong. Returns the report as a dict."""
    today = today or dt.date.today()
    report = Report(filename)
    if len(data) > MAX_BYTES:
        report.error(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        return report.as_dict()
    try:
        book = read_workbook(data, filename)
    except WorkbookError as exc:
        report.error(str(exc))
        return report.as_dict()
    sheets = {}
    wanted = {name.casefold(): name for name in SHEETS}
    for sheet in book:
        name = wanted.get(sheet.name.strip().casefold())
        if name is None:
            report.warn(f"sheet '{sheet.name}' is not one Oversight reads (Findings, Plan, Risks); ignored", sheet.name)
            continue
        sheets[name] = _Rows(sheet, SHEETS[name], report)
    if not sheets:
        report.error("the workbook has none of the sheets Findings, Plan or Risks")
        return report.as_dict()
    try:
        records = _check(sheets, report, today)
    except MatrixError as exc:
        report.error(f"the risk matrix in the configuration is unusable: {exc}")
        return report.as_dict()
    if report.errors:
        log.info("improvement import refused: %d errors", len(report.errors))
        return report.as_dict()
    _write(records, by, report)
    log.info("improvement import: %s", report.counts)
    return report.as_dict()
