"""Forms for the improvement pages: they turn posts into the inputs services check."""

from __future__ import annotations

import datetime as dt

from django import forms

from oversight.config import section
from oversight.improvement.matrix import pillars
from oversight.improvement.models import Action, Finding, Review
from oversight.web.dateinput import HINT, DateField

TEXT_MAX = 20_000


class MonthText(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(f"{self.label} must be written as YYYY-MM, for example 2026-11")


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class FindingForm(_Versioned):
    ref = forms.CharField(label="Reference", max_length=32)
    source = forms.ChoiceField(label="Source", choices=Finding.SOURCES)
    date = DateField(label="Date of the finding")
    judgement_area = forms.ChoiceField(label="Judgement area", required=False)
    text = forms.CharField(label="What was found", max_length=TEXT_MAX, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = [str(a) for a in section("improvement").get("judgement_areas", [])]
        current = self.initial.get("judgement_area")
        if current and current not in areas:
            areas.append(current)
        self.fields["judgement_area"].choices = [("", "Not given")] + [(a, a) for a in areas]


class ActionForm(_Versioned):
    ref = forms.CharField(label="Reference", max_length=32, help_text="For example 1.3")
    pillar = forms.ChoiceField(label="Pillar")
    priority = forms.CharField(label="Priority", max_length=200, required=False)
    what = forms.CharField(label="What will be done", max_length=TEXT_MAX, widget=forms.Textarea)
    lead = forms.CharField(label="Lead (username)", max_length=150)
    due = DateField(label="Due date")
    status = forms.ChoiceField(label="Status", choices=Action.STATUSES)
    findings = forms.TypedMultipleChoiceField(
        label="Findings it answers", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    indicator = forms.CharField(
        label="Indicator it should move",
        max_length=120,
        required=False,
        help_text="timeliness:<rule id> or performance:<indicator id>; leave blank for none",
    )
    indicator_target = forms.FloatField(label="Target", required=False, min_value=-1e9, max_value=1e9)
    indicator_date = DateField(label="Target date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = [(p["key"], p["title"]) for p in pillars()]
        self.fields["findings"].choices = [(f.pk, f"{f.ref}: {f.text[:80]}") for f in Finding.objects.order_by("ref")]


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Action.STATUSES)
    note = forms.CharField(
        label="Evidence of impact (optional)", max_length=TEXT_MAX, required=False, widget=forms.Textarea
    )


class EvidenceForm(forms.Form):
    note = forms.CharField(label="Note", max_length=TEXT_MAX, required=False, widget=forms.Textarea)
    document = forms.FileField(label="Document (optional)", required=False)


class ReviewForm(forms.Form):
    month = MonthText(label="Month reviewed")
    outcome = forms.ChoiceField(label="Outcome", choices=Review.OUTCOMES, widget=forms.RadioSelect)
    note = forms.CharField(label="Note", max_length=TEXT_MAX, required=False, widget=forms.Textarea)


class RiskForm(_Versioned):
    ref = forms.CharField(label="Reference", max_length=32)
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(label="Risk (if … then …)", max_length=TEXT_MAX, widget=forms.Textarea)
    cause = forms.CharField(label="Cause", max_length=TEXT_MAX, required=False, widget=forms.Textarea)
    consequence = forms.CharField(label="Consequence", max_length=TEXT_MAX, required=False, widget=forms.Textarea)
    owner = forms.CharField(label="Owner (username)", max_length=150)
    rating = forms.CharField(label="Current rating", max_length=8, help_text="Likelihood then impact, for example B2")
    target_rating = forms.CharField(label="Target rating", max_length=8)
    review_date = DateField(label="Review date")
    mitigations = forms.TypedMultipleChoiceField(
        label="Mitigating plan actions", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mitigations"].choices = [(a.pk, f"{a.ref}: {a.what[:80]}") for a in Action.objects.order_by("ref")]
        if editing:
            # The rating changes only through a re-rating, so its history stays whole.
            del self.fields["rating"]


class RateForm(forms.Form):
    rating = forms.CharField(label="New rating", max_length=8, help_text="Likelihood then impact, for example C3")
    rated_on = DateField(label="Date rated")
    review_date = DateField(
        label="Next review date", required=False, hint=f"{HINT}. Leave it blank to keep the review date."
    )
    note = forms.CharField(label="Why it changed", max_length=TEXT_MAX, required=False, widget=forms.Textarea)
