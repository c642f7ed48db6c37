"""Forms for IRO oversight pages. Choices come from configuration at the time the form is built."""

from __future__ import annotations

from django import forms

from oversight.iro import rules
from oversight.iro.models import CATEGORIES, OUTCOMES
from oversight.web.dateinput import DateField

TEXT_MAX = 5000


def _sub_choices() -> list[tuple[str, str]]:
    out = [("", "None")]
    for category, subs in rules.subcategories().items():
        out += [(code, f"{category.title()}: {label}") for code, label in subs.items()]
    return out


class RaiseForm(forms.Form):
    stage = forms.ChoiceField(label="Stage")
    category = forms.ChoiceField(label="Category", choices=CATEGORIES)
    subcategory = forms.ChoiceField(label="Subcategory", required=False)
    ask = forms.CharField(label="What are you asking for?", max_length=TEXT_MAX, widget=forms.Textarea)
    addressee = forms.CharField(
        label="Addressee's username (optional)",
        max_length=150,
        required=False,
        help_text="Leave empty for whoever holds the stage's role for the child's team",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.code, s.label) for s in rules.stages()]
        self.fields["subcategory"].choices = _sub_choices()

    def clean(self):
        data = super().clean()
        category, sub = data.get("category"), data.get("subcategory")
        if category and sub and sub not in rules.subcategories(category):
            self.add_error("subcategory", f"Choose a subcategory of {category}")
        return data


class RespondForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    response = forms.CharField(label="Your response", max_length=TEXT_MAX, widget=forms.Textarea)


class DecideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    outcome = forms.ChoiceField(label="Outcome", choices=OUTCOMES)
    next_stage = forms.ChoiceField(label="Escalate to", required=False)
    note = forms.CharField(label="Note (optional)", max_length=TEXT_MAX, required=False, widget=forms.Textarea)

    def __init__(self, *args, escalation=None, **kwargs):
        super().__init__(*args, **kwargs)
        later = rules.later_stages(escalation.stage) if escalation else []
        self.fields["next_stage"].choices = [("", "Not escalating")] + [(s.code, s.label) for s in later]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "escalated" and not data.get("next_stage"):
            self.add_error("next_stage", "Choose the stage to escalate to")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Escalation log (CSV or xlsx)")


class DismissForm(forms.Form):
    child_id = forms.CharField(max_length=48)
    signal = forms.CharField(max_length=24)
    reason = forms.CharField(label="Why is no escalation needed?", max_length=TEXT_MAX)


class PromptEscalateForm(forms.Form):
    child_id = forms.CharField(max_length=48)
    signal = forms.CharField(max_length=24)


class MeetingForm(forms.Form):
    reports_shared = forms.BooleanField(label="Reports shared with parents beforehand", required=False)
    shared_working_days_before = forms.IntegerField(
        label="Working days before the meeting they were shared", min_value=0, max_value=250, required=False
    )
    agencies_reported = forms.CharField(
        label="Agencies that sent reports (comma-separated)", max_length=500, required=False
    )
    agencies_attended = forms.CharField(
        label="Agencies that attended (comma-separated)", max_length=500, required=False
    )
    participation = forms.ChoiceField(label="Child's participation (looked-after reviews)", required=False)
    child_views = forms.CharField(
        label="How the child's views were represented", max_length=TEXT_MAX, required=False, widget=forms.Textarea
    )
    midway_check_date = DateField(label="Midway check date", required=False)

    def __init__(self, *args, **kwargs):
        from oversight.iro.models import MeetingRecord

        super().__init__(*args, **kwargs)
        self.fields["participation"].choices = [("", "Not recorded")] + MeetingRecord.PARTICIPATION

    def clean(self):
        data = super().clean()
        if data.get("shared_working_days_before") is not None and not data.get("reports_shared"):
            self.add_error("shared_working_days_before", "Only give the days when reports were shared")
        return data


class StepDownForm(forms.Form):
    child_id = forms.CharField(label="Child id", max_length=48)
    step_down_date = DateField(label="Step-down date")
    recommendations = forms.CharField(label="Chair's recommendations", max_length=TEXT_MAX, widget=forms.Textarea)


class StepDownCheckForm(forms.Form):
    checked_date = DateField(label="Date of the first CIN review")
    followed = forms.ChoiceField(
        label="Were the recommendations followed?", choices=[("yes", "Yes"), ("partly", "Partly"), ("no", "No")]
    )
    check_note = forms.CharField(label="Note", max_length=TEXT_MAX, required=False, widget=forms.Textarea)
