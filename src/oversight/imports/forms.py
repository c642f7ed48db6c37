import datetime as dt

from django import forms

from oversight.imports.models import ImportRecord
from oversight.web.dateinput import HINT, DateField


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ImportRecord.KINDS,
        error_messages={
            "required": "Select what you are uploading",
            "invalid_choice": "Select an SSD extract or an Annex A workbook",
        },
    )
    as_at = DateField(
        label="Date of the extract", required=False, hint=f"{HINT}. For an SSD extract, leave it blank for today."
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == ImportRecord.ANNEX_A and "as_at" not in self.errors and not data.get("as_at"):
            self.add_error("as_at", "Enter the date the Annex A lists were drawn up")
        elif data.get("kind") == ImportRecord.SSD and not data.get("as_at") and "as_at" not in self.errors:
            data["as_at"] = dt.date.today()
        return data
