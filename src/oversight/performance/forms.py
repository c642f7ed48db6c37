from django import forms

from oversight.performance.models import ClinicAction, SupervisionSession
from oversight.performance.services import STANDING_ITEMS
from oversight.web.dateinput import DateField


class MeetingForm(forms.Form):
    held_on = DateField(required=False, label="Date held")
    attendees = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    item = forms.CharField(max_length=64)
    text = forms.CharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = set(STANDING_ITEMS) | set(items)

    def clean_item(self):
        item = self.cleaned_data["item"]
        if item not in self.allowed:
            raise forms.ValidationError("This is not an item of this meeting's agenda")
        return item


class DecisionForm(forms.Form):
    text = forms.CharField(max_length=2000, label="Decision", widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    what = forms.CharField(max_length=2000, label="What is to be done", widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(max_length=150, label="Owner")
    due_date = DateField(label="Due date")
    indicator_id = forms.ChoiceField(required=False, label="Indicator it is about")

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_id"].choices = [("", "None")] + [(i["id"], i["title"]) for i in indicators]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ClinicAction.STATUSES)


class SessionForm(forms.Form):
    worker_id = forms.CharField(max_length=48, label="Worker id")
    supervisor_id = forms.CharField(max_length=48, required=False, label="Supervisor id")
    date = DateField(label="Date held")
    reflective = forms.BooleanField(required=False, label="Reflective supervision")
    status = forms.ChoiceField(choices=SupervisionSession.STATUSES, initial=SupervisionSession.HELD)


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV or xlsx file")
