"""Risk register, heat map, the board report (page, PDF, xlsx) and the import of plan and register."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oversight.accounts.permissions import role_required
from oversight.improvement import access, forms, importer, queries, report, services
from oversight.improvement.matrix import MatrixError, matrix
from oversight.improvement.models import Risk
from oversight.improvement.views import EDITORS, failed, get
from oversight.web.params import text_param


def _matrix():
    try:
        return matrix()
    except MatrixError as exc:
        raise BadRequest(f"The risk matrix in the configuration is unusable: {exc}")


def risks(request):
    today = timezone.localdate()
    m = _matrix()
    rows = queries.risk_rows(today, m)
    return render(
        request,
        "improvement/risks.html",
        {
            "rows": rows,
            "heat_map": queries.heat_map(rows, m),
            "review_overdue": [r for r in rows if r["review_overdue"]],
            "moved": [r for r in rows if r["movement"] != "same"],
            "last_board": queries.last_board(today),
            "today": today,
            "matrix": m,
            "can_edit": access.can_edit(request.user),
        },
    )


def _risk_page(request, risk: Risk, status: int = 200, rate_form=None):
    today = timezone.localdate()
    m = _matrix()
    row = next((r for r in queries.risk_rows(today, m) if r["risk"].pk == risk.pk), None)
    return render(
        request,
        "improvement/risk.html",
        {
            "risk": risk,
            "row": row,
            "history": [
                {"entry": e, "score": m.score(e.rating), "described": m.describe(e.rating)}
                for e in queries.rating_history(risk)
            ],
            "mitigations": queries.mitigations(risk, today),
            "rate_form": rate_form or forms.RateForm(initial={"rated_on": today.isoformat()}),
            "matrix": m,
            "can_edit": access.can_edit(request.user),
        },
        status=status,
    )


def risk_detail(request, pk: int):
    return _risk_page(request, get(Risk, pk))


@require_POST
@role_required(*EDITORS)
def risk_rate(request, pk: int):
    risk = get(Risk, pk)
    form = forms.RateForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        try:
            entry = services.rate_risk(
                risk.pk, c["rating"], c["rated_on"], c["note"], request.user.username, review_date=c["review_date"]
            )
        except services.ImprovementError as exc:
            failed(form, exc)
        else:
            messages.success(request, f"Risk {risk.ref} rated {entry.rating}")
            return redirect("improvement:risk", risk.pk)
    return _risk_page(request, risk, 400, rate_form=form)


def _risk_form_page(request, risk: Risk | None):
    initial = (
        {
            "version": risk.version,
            "ref": risk.ref,
            "title": risk.title,
            "description": risk.description,
            "cause": risk.cause,
            "consequence": risk.consequence,
            "owner": risk.owner,
            "target_rating": risk.target_rating,
            "review_date": risk.review_date.isoformat(),
            "mitigations": [a.pk for a in risk.mitigations.all()],
        }
        if risk
        else {}
    )
    form = forms.RiskForm(request.POST or None, initial=initial, editing=risk is not None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = services.save_risk(
                    {**form.cleaned_data, "rated_on": timezone.localdate()},
                    request.user.username,
                    pk=risk.pk if risk else None,
                )
            except services.ImprovementError as exc:
                status = failed(form, exc)
            else:
                messages.success(request, f"Risk {saved.ref} saved")
                return redirect("improvement:risk", saved.pk)
    return render(
        request, "improvement/risk_form.html", {"form": form, "risk": risk, "matrix": _matrix()}, status=status
    )


@role_required(*EDITORS)
def risk_new(request):
    return _risk_form_page(request, None)


@role_required(*EDITORS)
def risk_edit(request, pk: int):
    return _risk_form_page(request, get(Risk, pk))


# ---- the board report ---------------------------------------------------------------------------


def _report(request) -> dict:
    today = timezone.localdate()
    text = text_param(request, "month", max_length=7) or f"{today:%Y-%m}"
    try:
        return report.build(report.parse_month(text), today)
    except report.ReportError as exc:
        raise BadRequest(str(exc))


def report_page(request):
    return render(request, "improvement/report.html", {"r": _report(request)})


def report_pdf(request):
    r = _report(request)
    response = HttpResponse(report.as_pdf(r), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="improvement-board-{r["month"]:%Y-%m}.pdf"'
    return response


def report_xlsx(request):
    r = _report(request)
    response = HttpResponse(
        report.as_xlsx(r), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="improvement-board-{r["month"]:%Y-%m}.xlsx"'
    return response


# ---- import -------------------------------------------------------------------------------------


@role_required(*EDITORS)
def import_workbook(request):
    result = None
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            result = {"ok": False, "errors": [{"message": "Choose an .xlsx workbook to import"}], "warnings": []}
            status = 400
        else:
            result = importer.import_workbook(
                upload.read(importer.MAX_BYTES + 1), upload.name, request.user.username, timezone.localdate()
            )
            if result["ok"]:
                c = result["counts"]
                messages.success(
                    request,
                    f"Imported {c['findings']} findings, {c['actions']} actions and {c['risks']} risks from {upload.name}",
                )
                return redirect("improvement:home")
            status = 400
    return render(
        request,
        "improvement/import.html",
        {"result": result, "sheets": importer.SHEETS},
        status=status,
    )
