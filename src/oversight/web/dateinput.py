"""The GOV.UK date input (day, month, year) as one Django widget and form field, for every date a person enters.

A form declares `DateField(label="Due date")`; its page shows it with `{% include "web/field.html" %}` (or
`{% date_input form.due_date %}`): a fieldset whose legend is the label, the hint "For example, 27 3 2026",
and three boxes posted as `NAME-day`, `NAME-month` and `NAME-year`. The messages follow the GOV.UK
pattern: "Enter the due date", "Due date must include a month", "Due date must be a real date",
"Year must include 4 numbers". A single `NAME=YYYY-MM-DD` is accepted too (scripts and links that post one
value keep working).
"""

from __future__ import annotations

import datetime as dt

from django import forms

HINT = "For example, 27 3 2026"
PARTS = ("day", "month", "year")
MONTHS = {
    name: number
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3])
}


class DateInput(forms.MultiWidget):
    """Three text boxes named NAME-day, NAME-month and NAME-year (pages draw them with web/date_input.html)."""

    is_govuk_date = True

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value):
        """A date (or an ISO text) as [day, month, year] texts, as a person would type them."""
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                return [value, "", ""] if value else ["", "", ""]
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, (list, tuple)) and len(value) == 3:
            return ["" if v is None else str(v) for v in value]
        return ["", "", ""]

    def value_from_datadict(self, data, files, name):
        if any(f"{name}-{part}" in data for part in PARTS):
            return [data.get(f"{name}-{part}", "") for part in PARTS]
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else ""


def sentence(label: str) -> str:
    """'Due date' → 'due date', for the middle of a message (an initial capital of an acronym is kept)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class DateField(forms.Field):
    """A real date entered as day, month and year, with the GOV.UK error messages."""

    widget = DateInput

    def __init__(self, *, label: str, hint: str = HINT, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter the {sentence(label)}")
        super().__init__(label=label, **kwargs)
        self.hint = hint

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if value is None or isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise forms.ValidationError(f"{self.label} must be a real date", code="invalid")
        day, month, year = (str(v if v is not None else "").strip() for v in value)
        if not (day or month or year):
            return None
        missing = [part for part, text in zip(PARTS, (day, month, year)) if not text]
        if missing:
            raise forms.ValidationError(f"{self.label} must include a {' and '.join(missing)}", code="incomplete")
        month = str(MONTHS.get(month.lower(), month))
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{self.label} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="year")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.label} must be a real date", code="invalid")


def parts(bound_field) -> list[dict]:
    """What web/date_input.html needs for BOUND_FIELD: each box's name, id, value and whether it is in error."""
    values = bound_field.field.widget.decompress(bound_field.value())
    errors = bool(bound_field.errors)
    empty = [not v.strip() for v in values]
    # An incomplete date marks only the missing boxes; any other error marks all three.
    only_missing = errors and any(empty) and not all(empty)
    base = bound_field.auto_id or bound_field.html_name
    widths = {"day": 2, "month": 2, "year": 4}
    return [
        {
            "part": part,
            "label": part.capitalize(),
            "name": f"{bound_field.html_name}-{part}",
            "id": f"{base}-{part}",
            "value": value,
            "width": widths[part],
            "error": errors and (not only_missing or is_empty),
        }
        for part, value, is_empty in zip(PARTS, values, empty)
    ]
