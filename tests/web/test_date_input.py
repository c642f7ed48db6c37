"""The GOV.UK date input (web.dateinput): what people type, the messages they get, and the page it draws."""

import datetime as dt

import pytest
from django import forms
from django.template.loader import render_to_string

from oversight.web.dateinput import HINT, DateField


class Form(forms.Form):
    due = DateField(label="Due date")
    review = DateField(label="Review date", required=False)


def parts(day, month, year, name="due"):
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def errors(data):
    form = Form(data)
    assert not form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [(27, 3, 2026), (1, 12, 1999), (29, 2, 2024), (31, 1, 2030)],
)
def test_a_real_date_in_three_boxes(day, month, year):
    form = Form(parts(str(day), f"0{month}" if month < 10 else str(month), str(year)))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"due": dt.date(year, month, day), "review": None}


def test_month_by_name_and_spaces_are_accepted():
    form = Form(parts(" 5 ", "Sept"[:3], "2026 "))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == dt.date(2026, 9, 5)


def test_one_iso_value_is_still_accepted():
    form = Form({"due": "2026-03-27"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == dt.date(2026, 3, 27)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the due date"),
        (parts("", "", ""), "Enter the due date"),
        (parts("", "3", "2026"), "Due date must include a day"),
        (parts("27", "", ""), "Due date must include a month and year"),
        (parts("30", "2", "2026"), "Due date must be a real date"),
        (parts("31", "4", "2026"), "Due date must be a real date"),
        (parts("x", "3", "2026"), "Due date must be a real date"),
        (parts("27", "13", "2026"), "Due date must be a real date"),
        (parts("27", "3", "26"), "Year must include 4 numbers"),
        ({"due": "2026-02-30"}, "Due date must be a real date"),
    ],
)
def test_messages_follow_the_govuk_pattern(data, message):
    assert errors(data)["due"] == [message]


def test_an_optional_date_left_blank_is_none_but_half_filled_is_an_error():
    assert Form({**parts("1", "1", "2026"), **parts("", "", "", "review")}).is_valid()
    assert errors({**parts("1", "1", "2026"), **parts("", "6", "", "review")})["review"] == [
        "Review date must include a day and year"
    ]


def test_the_page_shows_a_fieldset_three_labelled_boxes_the_hint_and_marks_only_the_missing_box():
    form = Form(parts("27", "", "2026"))
    form.is_valid()
    html = render_to_string("web/field.html", {"field": form["due"]})
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_due-hint id_due-error">' in html
    assert '<legend class="govuk-fieldset__legend">Due date</legend>' in html
    assert HINT in html and "Due date must include a month" in html
    for part in ("day", "month", "year"):
        assert (
            f'<label class="govuk-label govuk-date-input__label" for="id_due-{part}">{part.capitalize()}</label>'
            in html
        )
        assert f'name="due-{part}"' in html
    boxes = {p: html.split(f'id="id_due-{p}"')[0].rsplit("<input", 1)[1] for p in ("day", "month", "year")}
    assert ["govuk-input--error" in boxes[p] for p in ("day", "month", "year")] == [False, True, False]
    assert 'value="27"' in html and 'value="2026"' in html


def test_an_unbound_form_shows_its_initial_date_in_the_boxes():
    html = render_to_string("web/field.html", {"field": Form(initial={"due": dt.date(2026, 3, 7)})["due"]})
    assert 'name="due-day" type="text" inputmode="numeric" value="7"' in html
    assert 'name="due-month" type="text" inputmode="numeric" value="3"' in html
    assert "govuk-input--error" not in html and "govuk-form-group--error" not in html


def test_the_error_summary_links_to_the_day_box():
    form = Form(parts("99", "3", "2026"))
    form.is_valid()
    html = render_to_string("web/error_summary.html", {"form": form})
    assert '<a href="#id_due-day">Due date must be a real date</a>' in html
