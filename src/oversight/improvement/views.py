"""Plan and findings pages: the plan by pillar, my actions, overdue, due this month, an action, the chain."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oversight.accounts.permissions import role_required
from oversight.improvement import access, forms, queries, services
from oversight.improvement.models import Action, Evidence, Finding
from oversight.web.params import text_param

EDITORS = tuple(access.EDITORS)
ID_LIMIT = 2**63 - 1
VIEWS = {
    "all": "All actions",
    "mine": "My actions",
    "overdue": "Overdue",
    "due_this_month": "Due this month",
}


def get(model, pk: int, queryset=None):
    if pk > ID_LIMIT:
        raise Http404("No such record")
    return get_object_or_404(queryset if queryset is not None else model.objects.all(), pk=pk)


def failed(form, exc: services.ImprovementError) -> int:
    """Put EXC on FORM; the status to answer with (409 when the record changed under the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    return 409 if isinstance(exc, services.StaleEdit) else 400


def home(request):
    today = timezone.localdate()
    rows = queries.plan(today)
    risks = queries.risk_rows(today)
    mine = [r for r in rows if r["action"].lead == request.user.username and not r["action"].done]
    first = today.replace(day=1)
    return render(
        request,
        "improvement/home.html",
        {
            "today": today,
            "counts": queries.counts(rows),
            "pillars": queries.by_pillar(rows),
            "mine": mine,
            "overdue": [r for r in rows if r["overdue"]],
            "due_this_month": [r for r in rows if not r["action"].done and r["action"].due.replace(day=1) == first],
            "unanswered": list(queries.findings(unanswered_only=True)),
            "review_overdue": [r for r in risks if r["review_overdue"]],
            "risks_above_appetite": [r for r in risks if r["above_appetite"]],
            "can_edit": access.can_edit(request.user),
        },
    )


def plan(request):
    today = timezone.localdate()
    view = text_param(request, "view", max_length=20) or "all"
    if view not in VIEWS:
        raise BadRequest(f"view must be one of {', '.join(VIEWS)}")
    pillar = text_param(request, "pillar", max_length=48)
    titles = queries.pillar_titles()
    if pillar and pillar not in titles:
        raise Http404("No such pillar")
    rows = queries.plan(
        today,
        pillar=pillar or None,
        lead=request.user.username if view == "mine" else None,
        view=view,
    )
    groups = [g for g in queries.by_pillar(rows) if g["rows"] or (not pillar or g["key"] == pillar)]
    return render(
        request,
        "improvement/plan.html",
        {
            "groups": [g for g in groups if not pillar or g["key"] == pillar],
            "view": view,
            "views": VIEWS,
            "pillar": pillar,
            "pillar_title": titles.get(pillar, ""),
            "pillars": titles,
            "counts": queries.counts(rows),
            "today": today,
            "can_edit": access.can_edit(request.user),
        },
    )


def _action_form_page(request, action: Action | None):
    if action is None:
        initial = {"status": Action.NOT_STARTED}
    else:
        initial = {
            "version": action.version,
            "ref": action.ref,
            "pillar": action.pillar,
            "priority": action.priority,
            "what": action.what,
            "lead": action.lead,
            "due": action.due.isoformat(),
            "status": action.status,
            "findings": [f.pk for f in action.findings.all()],
            "indicator": action.indicator,
            "indicator_target": action.indicator_target,
            "indicator_date": action.indicator_date.isoformat() if action.indicator_date else "",
        }
    form = forms.ActionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = services.save_action(
                    {**form.cleaned_data, "today": timezone.localdate()},
                    request.user.username,
                    pk=action.pk if action else None,
                )
            except services.ImprovementError as exc:
                status = failed(form, exc)
            else:
                messages.success(request, f"Action {saved.ref} saved")
                return redirect("improvement:action", saved.pk)
    return render(
        request,
        "improvement/action_form.html",
        {"form": form, "action": action, "pillars": queries.pillars()},
        status=status,
    )


@role_required(*EDITORS)
def action_new(request):
    return _action_form_page(request, None)


@role_required(*EDITORS)
def action_edit(request, pk: int):
    return _action_form_page(request, get(Action, pk))


def _action_page(request, action: Action, status: int = 200, **form_overrides):
    today = timezone.localdate()
    row = queries.action_rows([queries.action(action.pk)], today)[0]
    can_update = access.can_update(request.user, action)
    context = {
        "row": row,
        "action": row["action"],
        "today": today,
        "can_edit": access.can_edit(request.user),
        "can_update": can_update,
        "progress_form": forms.ProgressForm(initial={"status": action.status}),
        "evidence_form": forms.EvidenceForm(),
        "review_form": forms.ReviewForm(initial={"month": f"{today:%Y-%m}"}),
        "evidence": list(action.evidence.all()),
        "reviews": list(row["action"].reviews.all()),
        "risks": list(action.risks.all()),
    }
    context.update(form_overrides)
    return render(request, "improvement/action.html", context, status=status)


def action_detail(request, pk: int):
    return _action_page(request, get(Action, pk))


@require_POST
def action_progress(request, pk: int):
    action = get(Action, pk)
    if not access.can_update(request.user, action):
        raise PermissionDenied
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.update_progress(
                action.pk,
                form.cleaned_data["status"],
                form.cleaned_data["note"],
                request.user.username,
                today=timezone.localdate(),
            )
        except services.ImprovementError as exc:
            failed(form, exc)
        else:
            messages.success(request, f"Action {action.ref} updated")
            return redirect("improvement:action", action.pk)
    return _action_page(request, action, 400, progress_form=form)


@require_POST
def action_evidence(request, pk: int):
    action = get(Action, pk)
    if not access.can_update(request.user, action):
        raise PermissionDenied
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            services.add_evidence(
                action.pk,
                form.cleaned_data["note"],
                request.user.username,
                filename=upload.name if upload else "",
                data=upload.read(services.MAX_DOCUMENT_BYTES + 1) if upload else None,
            )
        except services.ImprovementError as exc:
            failed(form, exc)
        else:
            messages.success(request, "Evidence added")
            return redirect("improvement:action", action.pk)
    return _action_page(request, action, 400, evidence_form=form)


@require_POST
@role_required(*EDITORS)
def action_review(request, pk: int):
    action = get(Action, pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        if c["month"] > timezone.localdate():
            form.add_error("month", "The month reviewed cannot be in the future")
        else:
            services.record_review(action.pk, c["month"], c["outcome"], c["note"], request.user.username)
            messages.success(request, f"Review of {action.ref} for {c['month']:%B %Y} recorded")
            return redirect("improvement:action", action.pk)
    return _action_page(request, action, 400, review_form=form)


def evidence_download(request, pk: int):
    entry = get(Evidence, pk, Evidence.objects.exclude(filename=""))
    response = HttpResponse(bytes(entry.data), content_type=entry.content_type)
    response["Content-Disposition"] = f'attachment; filename="{entry.filename}"'
    return response


# ---- findings -----------------------------------------------------------------------------------


def findings(request):
    rows = list(queries.findings())
    return render(
        request,
        "improvement/findings.html",
        {
            "findings": rows,
            "unanswered": [f for f in rows if f.n_actions == 0],
            "can_edit": access.can_edit(request.user),
        },
    )


def finding_detail(request, pk: int):
    finding = get(Finding, pk)
    today = timezone.localdate()
    return render(
        request,
        "improvement/finding.html",
        {
            "finding": finding,
            "chain": queries.chain(finding, today),
            "today": today,
            "can_edit": access.can_edit(request.user),
        },
    )


def _finding_form_page(request, finding: Finding | None):
    initial = (
        {
            "version": finding.version,
            "ref": finding.ref,
            "source": finding.source,
            "date": finding.date.isoformat(),
            "judgement_area": finding.judgement_area,
            "text": finding.text,
        }
        if finding
        else {}
    )
    form = forms.FindingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = services.save_finding(
                    form.cleaned_data, request.user.username, pk=finding.pk if finding else None
                )
            except services.ImprovementError as exc:
                status = failed(form, exc)
            else:
                messages.success(request, f"Finding {saved.ref} saved")
                return redirect("improvement:finding", saved.pk)
    return render(request, "improvement/finding_form.html", {"form": form, "finding": finding}, status=status)


@role_required(*EDITORS)
def finding_new(request):
    return _finding_form_page(request, None)


@role_required(*EDITORS)
def finding_edit(request, pk: int):
    return _finding_form_page(request, get(Finding, pk))
