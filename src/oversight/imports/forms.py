import datetime as dt

from django import forms

from oversight.imports.models import ImportRecord
from oversight.web.dates import BadDate, parse_date


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ImportRecord.KINDS,
        error_messages={
            "required": "Select what you are uploading",
            "invalid_choice": "Select an SSD extract or an Annex A workbook",
        },
    )
    as_at = forms.CharField(required=False, max_length=40)

    def clean_as_at(self):
        text = self.cleaned_data["as_at"].strip()
        if not text:
            return None
        try:
            return parse_date(text, "The extract date")
        except BadDate as exc:
            raise forms.ValidationError(str(exc))

    def clean(self):
        data = super().clean()
        if data.get("kind") == ImportRecord.ANNEX_A and "as_at" not in self.errors and not data.get("as_at"):
            self.add_error("as_at", "Enter the date the Annex A lists were drawn up, for example 2024-03-31")
        elif data.get("kind") == ImportRecord.SSD and not data.get("as_at") and "as_at" not in self.errors:
            data["as_at"] = dt.date.today()
        return data
