"""Indicators an action names: timeliness rules through the engine, scorecard indicators through the adapter."""

import datetime as dt

import pytest

from oversight.analytics.workdays import default_calendar
from oversight.improvement import indicators, queries
from oversight.improvement.models import Action
from tests import factories as f

pytestmark = pytest.mark.django_db

D = dt.date


def test_timeliness_percent_on_time_by_month_of_due_date(db):
    # Two referrals on 2 Jan 2024: one assessment authorised in time, one long after.
    # Both fall due 45 working days later, so that month is 50% and the others not measurable.
    for cid, auth in (("P1", "2024-01-20"), ("P2", "2024-06-28")):
        f.child(cid)
        f.referral(cid, "2024-01-02", referral_id=f"REF{cid}")
        a = f.assessment(cid, "2024-01-03", auth)
        a.referral_id = f"REF{cid}"
        a.save()
    due = default_calendar().add(D(2024, 1, 2), 45)
    trend = indicators.trends(["timeliness:assessment_45wd"], D(2024, 6, 1), 6)["timeliness:assessment_45wd"]
    assert trend.available and trend.unit == "%" and trend.polarity == "up"
    assert [p["month"] for p in trend.points] == [D(2024, m, 1) for m in range(1, 7)]
    values = {p["month"]: p["value"] for p in trend.points}
    assert values[due.replace(day=1)] == 50.0
    assert all(v is None for m, v in values.items() if m != due.replace(day=1))


def test_an_unknown_rule_or_a_malformed_reference_is_not_available_never_an_error(db):
    found = indicators.trends(["timeliness:nope", "sideways:x"], D(2024, 6, 1))
    assert not found["timeliness:nope"].available and "not a rule" in found["timeliness:nope"].reason
    assert not found["sideways:x"].available and "is not an indicator" in found["sideways:x"].reason
    with pytest.raises(indicators.IndicatorError, match="timeliness:<rule id>"):
        indicators.check("assessment_45wd")


class FakeScorecard:
    """What oversight.performance.queries provides: catalogue() and trend(id, 'YYYY-MM')."""

    def __init__(self, values=None, fail=False):
        self.values, self.fail, self.asked = values or {}, fail, []

    def catalogue(self):
        return [
            {
                "id": "re_referrals_pct",
                "title": "Re-referrals",
                "area": "front_door",
                "unit": "percent",
                "polarity": "lower",
            }
        ]

    def trend(self, indicator_id, month):
        self.asked.append((indicator_id, month))
        if self.fail:
            raise RuntimeError("boom")
        return [{"month": m, "value": v} for m, v in self.values.items()]


def test_a_scorecard_indicator_is_read_through_catalogue_and_trend(monkeypatch, db):
    fake = FakeScorecard({"2024-04": 22.0, "2024-05": 25.5})
    monkeypatch.setattr(indicators, "_performance", lambda: ((fake.catalogue, fake.trend), ""))
    trend = indicators.trends(["performance:re_referrals_pct"], D(2024, 5, 1), 3)["performance:re_referrals_pct"]
    assert fake.asked == [("re_referrals_pct", "2024-05")]
    assert (trend.title, trend.unit, trend.polarity) == ("Re-referrals", "%", "down")
    assert [p["value"] for p in trend.points] == [None, 22.0, 25.5]
    assert indicators.check(" performance:re_referrals_pct") == "performance:re_referrals_pct"
    with pytest.raises(indicators.IndicatorError, match="not an indicator of the performance scorecard"):
        indicators.check("performance:nope")
    # Lower is better, so a rise is the wrong way.
    a = Action.objects.create(
        ref="9", pillar="practice", what="x", lead="x", due=D(2024, 9, 1), indicator="performance:re_referrals_pct"
    )
    row = queries.action_rows([a], D(2024, 6, 1))[0]
    assert (
        row["rag"] == "amber"
        and "Indicator moving the wrong way: 22% in April 2024, 25.5% in May 2024" in row["reasons"][0]
    )


def test_a_failing_scorecard_shows_as_not_available(monkeypatch, db):
    fake = FakeScorecard(fail=True)
    monkeypatch.setattr(indicators, "_performance", lambda: ((fake.catalogue, fake.trend), ""))
    trend = indicators.trends(["performance:re_referrals_pct"], D(2024, 5, 1))["performance:re_referrals_pct"]
    assert not trend.available and trend.reason == "could not be worked out"


def test_the_real_scorecard_catalogue_is_offered(db):
    refs = {row["ref"]: row for row in indicators.catalogue()}
    assert "timeliness:assessment_45wd" in refs
    assert refs["performance:assessments_45wd_pct"]["polarity"] == "up"
    assert refs["performance:average_caseload"]["polarity"] == "down"


def test_the_trend_ends_with_the_last_whole_month():
    assert queries.last_full_month(D(2024, 5, 15)) == D(2024, 4, 1)
    assert queries.last_full_month(D(2024, 5, 31)) == D(2024, 5, 1)
    assert queries.last_full_month(D(2024, 3, 1)) == D(2024, 2, 1)


def test_a_rule_the_data_cannot_support_says_why_instead_of_printing_figures(monkeypatch, db):
    from oversight.analytics.measurability import Measurability
    from oversight.timeliness import queries as tq

    monkeypatch.setattr(
        tq, "measurable", lambda book: {"cp_visit": Measurability(False, "no visit dates in ssd_cp_visits")}
    )
    found = indicators.trends(["timeliness:cp_visit", "timeliness:assessment_45wd"], D(2024, 6, 1), 3)
    assert not found["timeliness:cp_visit"].available
    assert (
        found["timeliness:cp_visit"].reason
        == "not measurable from this council's data: no visit dates in ssd_cp_visits"
    )
    assert found["timeliness:assessment_45wd"].available
