"""Annex A pages: export for a date, practice runs, the summary of what the Annex A says, repeat referrals."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oversight.accounts.permissions import role_required
from oversight.documents import pdf, xlsx
from oversight.inspection import access, annex_a_file, practice, services
from oversight.inspection.forms import AsAtForm, ReviewForm
from oversight.inspection.models import PracticeRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, name: str, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*access.READINESS)
def annex_a(request):
    form = AsAtForm(request.GET or None, initial={"as_at": timezone.localdate()})
    status = 200
    if request.GET:
        if form.is_valid() and request.user.role in access.ANNEX_A:
            as_at = form.cleaned_data["as_at"]
            result = annex_a_file.export(as_at)
            return _download(result.content, annex_a_file.file_name(as_at), XLSX)
        status = 400 if not form.is_valid() else 403
    runs = PracticeRun.objects.defer("content", "members", "changes").all()[:24]
    return render(
        request,
        "inspection/annex_a.html",
        {"form": form, "runs": runs, "can_export": request.user.role in access.ANNEX_A},
        status=status,
    )


@require_POST
@role_required(*access.ANNEX_A)
def practice_run(request):
    form = AsAtForm(request.POST)
    if not form.is_valid():
        runs = PracticeRun.objects.defer("content", "members", "changes").all()[:24]
        return render(request, "inspection/annex_a.html", {"form": form, "runs": runs, "can_export": True}, status=400)
    record, _ = practice.run(form.cleaned_data["as_at"], request.user)
    return redirect("inspection:run", pk=record.pk)


def _run(pk: int) -> PracticeRun:
    record = PracticeRun.objects.defer("content").filter(pk=pk).first()
    if record is None:
        raise Http404("No such practice run")
    return record


@role_required(*access.READINESS)
def run(request, pk: int):
    record = _run(pk)
    data = practice.contract(record)
    changes = [
        {"list": name, "in": len(c["in"]), "out": len(c["out"]), "in_ids": c["in"][:20], "out_ids": c["out"][:20]}
        for name, c in data["changes"].items()
    ]
    return render(
        request,
        "inspection/run.html",
        {"run": record, "data": data, "changes": changes, "summary": summary_rows(record.summary)},
    )


@role_required(*access.READINESS)
def run_file(request, pk: int):
    record = PracticeRun.objects.filter(pk=pk).first()
    if record is None:
        raise Http404("No such practice run")
    return _download(bytes(record.content), record.file_name, XLSX)


LABELS = {
    "care_leavers_in_touch": "Care leavers the council is in touch with",
    "care_leavers_suitable_accommodation": "Care leavers in suitable accommodation",
    "assessments_within_timescale": "Assessments authorised within timescale",
    "repeat_referrals": "Referrals that are repeat referrals within 12 months",
    "second_cp_plans": "Child protection plans that are a second or later plan",
    "children_without_a_worker": "Open cases with no allocated worker",
}


def summary_rows(facts: dict) -> list[dict]:
    rows = []
    for key, label in LABELS.items():
        f = facts.get(key)
        if f is None:
            continue
        shown = "not measurable: " + f["not_measurable"] if f.get("value") is None else f"{f['value']}%"
        rows.append({"key": key, "label": label, "shown": shown, **f})
    return rows


@role_required(*access.READINESS)
def summary_file(request, pk: int, kind: str):
    record = _run(pk)
    rows = summary_rows(record.summary)
    name = f"annex_a_summary_{record.as_at.isoformat()}_run{record.pk}"
    if kind == "xlsx":
        header = ["Measure", "Per cent", "Number", "Out of", "Note"]
        body = [[r["label"], r["value"], r["numerator"], r["denominator"], r.get("not_measurable", "")] for r in rows]
        return _download(xlsx.workbook([("Summary", header, body)]), f"{name}.xlsx", XLSX)
    if kind == "pdf":
        html = render(request, "inspection/summary_pdf.html", {"run": record, "rows": rows}).content.decode()
        return _download(pdf.pdf_from_html(html, request.build_absolute_uri("/")), f"{name}.pdf", "application/pdf")
    raise Http404("No such format")


@role_required(*access.READINESS | access.REVIEWERS)
def repeat_referrals(request):
    as_at = _latest_as_at()
    coverage = practice.repeat_referral_coverage(as_at)
    from oversight.accounts import scope

    visible = scope.visible_child_ids(request.user)
    rows = [r for r in coverage["rows"] if visible is None or r["child_id"] in visible]
    return render(
        request,
        "inspection/repeat_referrals.html",
        {
            "as_at": as_at,
            "coverage": coverage,
            "rows": rows,
            "can_review": request.user.role in access.REVIEWERS,
            "form": ReviewForm(),
        },
    )


def _latest_as_at() -> dt.date:
    last = PracticeRun.objects.only("as_at").first()
    return last.as_at if last else timezone.localdate()


@require_POST
@role_required(*access.REVIEWERS)
def review(request):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise BadRequest("Give the child, the referral date and the review")
    from oversight.accounts import scope

    if not scope.can_see_child(request.user, form.cleaned_data["child_id"]):
        raise PermissionDenied
    services.record_review(request.user, **form.cleaned_data)
    return redirect("inspection:repeat_referrals")
