"""Forms for the audit pages. The rules live in services; these forms turn posts into its inputs."""

from __future__ import annotations

import datetime as dt

from django import forms

from oversight.audits import queries, services
from oversight.web.dateinput import DateField

TEXT_MAX = 20_000


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class AuditForm(_Versioned):
    grade = forms.CharField(label="Overall grade", required=False, max_length=100)
    evidence = forms.CharField(
        label="Evidence for the overall grade", required=False, max_length=TEXT_MAX, widget=forms.Textarea
    )
    conversation_date = DateField(label="Date of the conversation with the allocated worker", required=False)
    conversation = forms.CharField(
        label="Conversation with the allocated worker", required=False, max_length=TEXT_MAX, widget=forms.Textarea
    )

    def __init__(self, audit, checks, *args, submit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit, self.submit = audit, submit
        self.questions = audit.tool.questions
        self.check_ids = [a.pk for a in checks]
        for q in self.questions:
            self.fields[f"q_{q['key']}_grade"] = forms.CharField(label=q["text"], required=False, max_length=100)
            self.fields[f"q_{q['key']}_evidence"] = forms.CharField(
                label=f"Evidence: {q['text']}", required=False, max_length=TEXT_MAX, widget=forms.Textarea
            )
        for pk in self.check_ids:
            self.fields[f"check_{pk}"] = forms.CharField(label="Was the action done?", required=False, max_length=10)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, message in services.audit_problems(self.audit, self.to_input(), self.submit).items():
                self.add_error(name, message)
        return cleaned

    def to_input(self) -> services.AuditInput:
        c = self.cleaned_data
        return services.AuditInput(
            grade=c.get("grade", ""),
            evidence=c.get("evidence", ""),
            conversation_date=c.get("conversation_date"),
            conversation=c.get("conversation", ""),
            answers={
                q["key"]: (c.get(f"q_{q['key']}_grade", ""), c.get(f"q_{q['key']}_evidence", ""))
                for q in self.questions
            },
            checks={pk: c.get(f"check_{pk}", "") for pk in self.check_ids},
        )

    def question_fields(self):
        return [(q, self[f"q_{q['key']}_grade"], self[f"q_{q['key']}_evidence"]) for q in self.questions]


class ModerationForm(_Versioned):
    grade = forms.CharField(label="Overall grade", required=False, max_length=100)
    reason = forms.CharField(
        label="Reason for changing the overall grade", required=False, max_length=TEXT_MAX, widget=forms.Textarea
    )

    def __init__(self, audit, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit = audit
        self.questions = audit.tool.questions
        for q in self.questions:
            self.fields[f"q_{q['key']}_grade"] = forms.CharField(label=q["text"], required=False, max_length=100)
            self.fields[f"q_{q['key']}_reason"] = forms.CharField(
                label="Reason for changing the grade", required=False, max_length=TEXT_MAX, widget=forms.Textarea
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, message in services.moderation_problems(self.audit, self.to_input()).items():
                self.add_error(name, message)
        return cleaned

    def to_input(self) -> services.ModerationInput:
        c = self.cleaned_data
        return services.ModerationInput(
            grade=c.get("grade", ""),
            reason=c.get("reason", ""),
            answers={
                q["key"]: (c.get(f"q_{q['key']}_grade", ""), c.get(f"q_{q['key']}_reason", "")) for q in self.questions
            },
        )

    def question_fields(self, answers: dict):
        return [
            (q, answers.get(q["key"]), self[f"q_{q['key']}_grade"], self[f"q_{q['key']}_reason"])
            for q in self.questions
        ]


class SampleForm(forms.Form):
    month = forms.CharField(
        label="Month",
        max_length=7,
        help_text="For example 2024-03",
        error_messages={
            "required": "Enter the month, for example 2024-03",
            "max_length": "Enter the month as YYYY-MM, for example 2024-03",
        },
    )
    per_team = forms.IntegerField(
        label="Children per team",
        min_value=1,
        max_value=services.MAX_PER_TEAM,
        error_messages={
            "required": "Enter the number of children per team",
            "invalid": "Enter the number of children per team as a whole number",
            "min_value": f"Enter a number of children per team from 1 to {services.MAX_PER_TEAM}",
            "max_value": f"Enter a number of children per team from 1 to {services.MAX_PER_TEAM}",
        },
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=services.MAX_SEED,
        help_text="Any whole number from 0. The same seed on the same data gives the same sample.",
        error_messages={
            "required": "Enter a seed",
            "invalid": "Enter the seed as a whole number",
            "min_value": "Enter a seed of 0 or more",
            "max_value": "Enter a smaller seed",
        },
    )
    theme = forms.ChoiceField(label="Theme", required=False, choices=[])

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "No theme (practice and children-in-care audits)")] + [
            (t, t) for t in themes
        ]

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        try:
            return dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError("Enter the month as YYYY-MM, for example 2024-03")


class AssignForm(_Versioned):
    auditor = forms.ChoiceField(label="Auditor", choices=[])

    def __init__(self, *args, auditors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].choices = [("", "Choose an auditor")] + list(auditors)
        self.fields["auditor"].error_messages["required"] = "Choose an auditor"
        self.fields["auditor"].error_messages["invalid_choice"] = "Choose one of the auditors listed"


class EscalationForm(forms.Form):
    reason = forms.CharField(
        label="Why does the child need immediate action?",
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        error_messages={"required": "Say why the child needs immediate action"},
    )


class ActionForm(forms.Form):
    what = forms.CharField(
        label="What needs to be done",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say what needs to be done"},
    )
    owner = forms.CharField(
        label="Owner",
        max_length=150,
        help_text="A username or worker id",
        error_messages={"required": "Enter who owns the action (a username or worker id)"},
    )
    due_date = DateField(label="Due date")


class NoteForm(forms.Form):
    note = forms.CharField(
        label="What was done",
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        error_messages={"required": "Say what was done"},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet of past audits (CSV or xlsx)",
        error_messages={"required": "Choose a CSV or xlsx file", "empty": "The file is empty"},
    )


def grade_labels(audit=None) -> tuple[str, ...]:
    return queries.scale(audit.tool if audit else None).labels
