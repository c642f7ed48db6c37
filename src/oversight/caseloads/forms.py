from django import forms

from oversight.caseloads.models import LowCaseloadReason
from oversight.web.dateinput import DateField


class LowCaseloadReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason",
        choices=LowCaseloadReason.REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason", "invalid_choice": "Choose a reason from the list"},
    )
    plan = forms.CharField(
        label="Plan",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the plan", "max_length": "The plan must be 2000 characters or fewer"},
    )
    start_date = DateField(label="Start date")
    end_date = DateField(label="End or review date", required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The end or review date must be after the start date")
        return data
