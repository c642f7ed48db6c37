from django import forms

from oversight.inspection.models import Inspection
from oversight.web.dateinput import DateField


class AsAtForm(forms.Form):
    as_at = DateField(label="As at date")


class ReviewForm(forms.Form):
    child_id = forms.CharField(max_length=48)
    referral_date = forms.DateField(input_formats=["%Y-%m-%d"])
    note = forms.CharField(label="Manager's review", widget=forms.Textarea, max_length=4000)


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=Inspection.TYPES)
    notified_on = DateField(label="Notified on")
    starts_on = DateField(label="On site from")
    ends_on = DateField(label="On site until")
    lead_inspector = forms.CharField(label="Lead inspector", max_length=150, required=False)
    inspectors = forms.CharField(
        label="Inspector logins (usernames, one per line)", widget=forms.Textarea, required=False, max_length=4000
    )
    gatekeeper = forms.CharField(label="Gatekeeper (username)", max_length=150)
    rapid_response_team = forms.CharField(
        label="Rapid response team (usernames, one per line)", widget=forms.Textarea, required=False, max_length=4000
    )
    allowed_children = forms.CharField(
        label="Children inspectors may open, for a type other than ILACS (ids, one per line)",
        widget=forms.Textarea,
        required=False,
        max_length=200_000,
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "On site until must be on or after On site from")
        if data.get("notified_on") and data.get("starts_on") and data["notified_on"] > data["starts_on"]:
            self.add_error("notified_on", "Notified on must be on or before On site from")
        return data


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class RequestForm(forms.Form):
    what = forms.CharField(label="What is asked for", widget=forms.Textarea, max_length=4000)
    asked_by = forms.CharField(label="Asked by (inspector)", max_length=150)
    line_of_enquiry = forms.CharField(label="Line of enquiry", max_length=200, required=False)
    due = forms.DateTimeField(label="Due (YYYY-MM-DD HH:MM)", required=False, input_formats=["%Y-%m-%d %H:%M"])


class HandOverForm(forms.Form):
    file = forms.FileField(label="The file handed over")


class CaseForm(forms.Form):
    purpose = forms.ChoiceField(choices=[("audit", "Audit"), ("tracked", "Tracked")])
    child_id = forms.CharField(label="Child id", max_length=48)
    partner_contacts = forms.CharField(label="Partner contacts", widget=forms.Textarea, required=False, max_length=4000)
    parents_told = forms.BooleanField(label="Parents told", required=False)
    management_scrutiny = forms.CharField(
        label="Management scrutiny done", widget=forms.Textarea, required=False, max_length=4000
    )


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label="Starts (YYYY-MM-DD HH:MM)", input_formats=["%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label="Ends (YYYY-MM-DD HH:MM)", input_formats=["%Y-%m-%d %H:%M"])
    venue = forms.CharField(max_length=200, required=False)
    inspectors = forms.CharField(label="Inspector(s)", max_length=300, required=False)
    attendees = forms.CharField(
        label="Attendees (usernames or names, one per line)", widget=forms.Textarea, required=False, max_length=4000
    )
    topic = forms.CharField(max_length=200)
    preparation = forms.CharField(label="Preparation notes", widget=forms.Textarea, required=False, max_length=8000)
    cancelled = forms.BooleanField(required=False)


class LineForm(forms.Form):
    title = forms.CharField(label="Key line of enquiry", max_length=200)
    owner = forms.CharField(max_length=150, required=False)
    response = forms.CharField(widget=forms.Textarea, required=False, max_length=8000)
    status = forms.ChoiceField(choices=[("open", "Open"), ("answered", "Answered"), ("closed", "Closed")])


class KeepInTouchForm(forms.Form):
    held_on = DateField(label="Date held")
    notes = forms.CharField(widget=forms.Textarea, max_length=8000)
    actions = forms.CharField(widget=forms.Textarea, required=False, max_length=8000)


class BriefingForm(forms.Form):
    day = DateField(label="Day of the briefing")
    text = forms.CharField(label="Briefing", widget=forms.Textarea, max_length=40000)
    recipients = forms.CharField(
        label="Send to (email addresses, one per line)", widget=forms.Textarea, max_length=4000
    )

    def clean_recipients(self):
        from django.core.validators import validate_email

        found = lines(self.cleaned_data["recipients"])
        for address in found:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(f"{address} is not an email address")
        return found


class EvidenceForm(forms.Form):
    RAG = [("", "Not rated"), ("red", "Red"), ("amber", "Amber"), ("green", "Green")]
    title = forms.CharField(label="Evidence area", max_length=200)
    owner = forms.CharField(max_length=150, required=False)
    due_on = DateField(label="Due date", required=False)
    documents = forms.CharField(widget=forms.Textarea, required=False, max_length=8000)
    submitted_rag = forms.ChoiceField(label="RAG when submitted", choices=RAG, required=False)
    quality_rag = forms.ChoiceField(label="RAG for quality and fitness for purpose", choices=RAG, required=False)


class PartnerForm(forms.Form):
    organisation = forms.CharField(max_length=200)
    name = forms.CharField(max_length=200)
    role = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea, max_length=8000)
