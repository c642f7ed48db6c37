"""Change and delete (after a confirmation page) lines of enquiry and self-evaluation evidence areas."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from oversight.accounts.permissions import role_required
from oversight.inspection import access, records
from oversight.inspection.forms import EvidenceForm, LineForm
from oversight.inspection.models import EvidenceArea, LineOfEnquiry
from oversight.inspection.views_event import _inspection, _team_only


def _line(request, pk: int, line_id: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    line = LineOfEnquiry.objects.filter(pk=line_id, inspection=inspection).first()
    if line is None:
        raise Http404("No such line of enquiry")
    return inspection, line


def line_edit(request, pk: int, line_id: int):
    inspection, line = _line(request, pk, line_id)
    status = 200
    if request.method == "POST":
        form = LineForm(request.POST)
        if form.is_valid():
            records.save_line(inspection, request.user, form.cleaned_data, line)
            messages.success(request, "Line of enquiry saved")
            return redirect("inspection:lines", pk=pk)
        status = 400
    else:
        form = LineForm(initial={f: getattr(line, f) for f in records.LINE_FIELDS})
    return render(
        request,
        "inspection/line_edit.html",
        {"inspection": inspection, "line": line, "form": form, "history": records.history("line", line.pk)},
        status=status,
    )


def line_delete(request, pk: int, line_id: int):
    inspection, line = _line(request, pk, line_id)
    if request.method == "POST":
        records.delete_line(line, request.user)
        messages.success(request, f"Line of enquiry deleted: {line.title}")
        return redirect("inspection:lines", pk=pk)
    return render(
        request,
        "inspection/confirm_delete.html",
        {
            "what": "line of enquiry",
            "title": line.title,
            "back": reverse("inspection:line", args=[pk, line.pk]),
            "inspection": inspection,
        },
    )


def _area(area_id: int) -> EvidenceArea:
    area = EvidenceArea.objects.filter(pk=area_id).first()
    if area is None:
        raise Http404("No such evidence area")
    return area


@role_required(*access.COORDINATORS)
def area_edit(request, area_id: int):
    area = _area(area_id)
    status = 200
    if request.method == "POST":
        form = EvidenceForm(request.POST)
        if form.is_valid():
            records.save_area(request.user, form.cleaned_data, area)
            messages.success(request, "Evidence area saved")
            return redirect("inspection:evidence")
        status = 400
    else:
        form = EvidenceForm(initial={f: getattr(area, f) for f in records.AREA_FIELDS})
    return render(
        request,
        "inspection/evidence_edit.html",
        {"area": area, "form": form, "history": records.history("evidence", area.pk)},
        status=status,
    )


@role_required(*access.COORDINATORS)
def area_delete(request, area_id: int):
    area = _area(area_id)
    if request.method == "POST":
        records.delete_area(area, request.user)
        messages.success(request, f"Evidence area deleted: {area.title}")
        return redirect("inspection:evidence")
    return render(
        request,
        "inspection/confirm_delete.html",
        {"what": "evidence area", "title": area.title, "back": reverse("inspection:evidence_area", args=[area.pk])},
    )
