"""The inspection event's pages: the inspection, what inspectors browsed today, the gatekeeper's register."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oversight.accounts.permissions import role_required
from oversight.documents import csvfile, xlsx
from oversight.inspection import access, event, queries
from oversight.inspection.forms import HandOverForm, InspectionForm, RequestForm
from oversight.inspection.models import InformationRequest, Inspection, InspectorView


def _inspection(pk: int) -> Inspection:
    inspection = Inspection.objects.filter(pk=pk).first()
    if inspection is None:
        raise Http404("No such inspection")
    return inspection


def _is_team(user, inspection: Inspection) -> bool:
    """Coordinators, the gatekeeper and the rapid response team work the event."""
    name = user.get_username()
    return user.role in access.COORDINATORS or name == inspection.gatekeeper or name in inspection.rapid_response_team


def _team_only(request, inspection: Inspection) -> None:
    if not _is_team(request.user, inspection):
        raise PermissionDenied


@role_required(*access.COORDINATORS)
def inspections(request):
    return render(request, "inspection/inspections.html", {"inspections": Inspection.objects.all()})


@role_required(*access.COORDINATORS)
def edit(request, pk: int | None = None):
    inspection = _inspection(pk) if pk else None
    status = 200
    if request.method == "POST":
        form = InspectionForm(request.POST)
        if form.is_valid():
            try:
                inspection = event.save_inspection(request.user, form.cleaned_data, inspection)
            except event.EventError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("inspection:inspection", pk=inspection.pk)
        status = 400
    elif inspection:
        form = InspectionForm(
            initial={
                "kind": inspection.kind,
                "notified_on": inspection.notified_on,
                "starts_on": inspection.starts_on,
                "ends_on": inspection.ends_on,
                "lead_inspector": inspection.lead_inspector,
                "gatekeeper": inspection.gatekeeper,
                "inspectors": "\n".join(u.username for u in inspection.inspectors.all()),
                "rapid_response_team": "\n".join(inspection.rapid_response_team),
                "allowed_children": "\n".join(inspection.allowed_children),
            }
        )
    else:
        form = InspectionForm()
    return render(request, "inspection/edit.html", {"form": form, "inspection": inspection}, status=status)


def inspection_page(request, pk: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    return render(
        request,
        "inspection/inspection.html",
        {"inspection": inspection, "inspectors": inspection.inspectors.all(), "today": timezone.localdate()},
    )


def browsing(request, pk: int):
    """Today's pages and children inspectors opened, newest first: the rapid response team's live list."""
    inspection = _inspection(pk)
    _team_only(request, inspection)
    views = InspectorView.objects.filter(inspection=inspection, at__date=timezone.localdate())[:500]
    return render(request, "inspection/browsing.html", {"inspection": inspection, "views": views})


def requests_page(request, pk: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    status = 200
    form = RequestForm()
    if request.method == "POST":
        form = RequestForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            event.add_request(inspection, request.user, d["what"], d["asked_by"], d["line_of_enquiry"], d["due"])
            messages.success(request, "Request added to the register")
            return redirect("inspection:requests", pk=pk)
        status = 400
    items = InformationRequest.objects.filter(inspection=inspection).defer("file_content")
    return render(
        request,
        "inspection/requests.html",
        {
            "inspection": inspection,
            "items": items,
            "form": form,
            "handover": HandOverForm(),
            "is_gatekeeper": request.user.get_username() == inspection.gatekeeper,
        },
        status=status,
    )


def _item(pk: int, request_id: int) -> InformationRequest:
    item = InformationRequest.objects.select_related("inspection").filter(pk=request_id, inspection_id=pk).first()
    if item is None:
        raise Http404("No such request")
    return item


@require_POST
def approve(request, pk: int, request_id: int):
    item = _item(pk, request_id)
    _team_only(request, item.inspection)
    try:
        event.approve(item.pk, request.user)
    except event.EventError as exc:
        messages.error(request, str(exc))
    return redirect("inspection:requests", pk=pk)


@require_POST
def hand_over(request, pk: int, request_id: int):
    item = _item(pk, request_id)
    _team_only(request, item.inspection)
    form = HandOverForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose the file that was handed over")
        return redirect("inspection:requests", pk=pk)
    upload = form.cleaned_data["file"]
    if upload.size > event.MAX_HANDOVER_BYTES:
        messages.error(request, "The file is larger than 50 MB")
        return redirect("inspection:requests", pk=pk)
    try:
        event.hand_over(item.pk, request.user, upload.name, upload.read())
    except event.EventError as exc:
        messages.error(request, f"Not handed over: {exc}")
    else:
        messages.success(request, "Handed over; the file is kept with its SHA-256")
    return redirect("inspection:requests", pk=pk)


def handed_file(request, pk: int, request_id: int):
    item = _item(pk, request_id)
    _team_only(request, item.inspection)
    if not item.handed_over_at:
        raise Http404("Nothing handed over yet")
    response = HttpResponse(bytes(item.file_content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{item.file_name.replace(chr(34), "")}"'
    return response


def register_file(request, pk: int, kind: str):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    header, rows = queries.register_rows(inspection)
    name = f"information_requests_inspection{inspection.pk}"
    if kind == "csv":
        response = HttpResponse(csvfile.csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    elif kind == "xlsx":
        response = HttpResponse(
            xlsx.workbook([("Requests", header, rows)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("No such format")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
