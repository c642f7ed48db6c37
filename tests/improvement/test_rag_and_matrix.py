"""RAG derivation and the risk matrix, on plain values."""

import datetime as dt

import pytest

from oversight.improvement import rag
from oversight.improvement.matrix import MatrixError, matrix

D = dt.date


def trend(*values, polarity="up"):
    months = [D(2024, m, 1) for m in range(1, len(values) + 1)]
    return rag.Trend("timeliness:x", "X", "%", polarity, [{"month": m, "value": v} for m, v in zip(months, values)])


def test_overdue_and_not_done_is_red_with_the_days_late():
    r = rag.derive(done=False, due=D(2024, 5, 1), as_at=D(2024, 5, 11))
    assert r.colour == "red" and r.overdue
    assert r.reasons[0] == "Overdue: due 1 May 2024 and not complete (10 days late)"


def test_done_after_due_date_is_not_overdue():
    r = rag.derive(done=True, due=D(2024, 5, 1), as_at=D(2024, 5, 11))
    assert (r.colour, r.overdue, r.reasons) == ("green", False, ["Complete"])


def test_due_today_is_not_overdue():
    assert rag.derive(done=False, due=D(2024, 5, 11), as_at=D(2024, 5, 11)).colour == "green"


def test_indicator_moving_the_wrong_way_is_amber_and_polarity_decides_which_way_is_wrong():
    up = rag.derive(done=False, due=D(2024, 9, 1), as_at=D(2024, 5, 1), trend=trend(80.0, 70.0))
    assert up.colour == "amber"
    assert "80% in January 2024, 70% in February 2024" in up.reasons[0]
    down = rag.derive(done=False, due=D(2024, 9, 1), as_at=D(2024, 5, 1), trend=trend(80.0, 70.0, polarity="down"))
    assert down.colour == "green"


def test_unmeasured_months_are_skipped_when_comparing():
    r = rag.derive(done=False, due=D(2024, 9, 1), as_at=D(2024, 5, 1), trend=trend(90.0, None, 85.0))
    assert r.colour == "amber" and "90% in January 2024, 85% in March 2024" in r.reasons[0]


def test_off_target_past_its_date_is_red_but_not_before_it():
    t = trend(60.0, 70.0)
    before = rag.derive(
        done=False, due=D(2024, 9, 1), as_at=D(2024, 5, 1), trend=t, target=90.0, target_date=D(2024, 6, 1)
    )
    assert before.colour == "green" and "Indicator not yet on target" in before.reasons[1]
    after = rag.derive(
        done=True, due=D(2024, 1, 1), as_at=D(2024, 6, 2), trend=t, target=90.0, target_date=D(2024, 6, 1)
    )
    assert after.colour == "red"
    assert after.reasons[0].startswith(
        "Indicator off target past its date: 70% in February 2024 against a target of 90%"
    )


def test_lower_is_better_target():
    t = trend(30.0, 20.0, polarity="down")
    r = rag.derive(done=False, due=D(2024, 9, 1), as_at=D(2024, 7, 1), trend=t, target=25.0, target_date=D(2024, 6, 1))
    assert r.colour == "green" and "Indicator on target" in r.reasons[1]


def test_review_asking_for_new_actions_is_amber_and_the_worst_reason_wins():
    review = (D(2024, 4, 1), "new_actions_needed", "New actions needed")
    r = rag.derive(done=False, due=D(2024, 4, 10), as_at=D(2024, 5, 1), last_review=review)
    assert r.colour == "red"
    assert r.reasons[1] == "The April 2024 review said: new actions needed"
    ok = rag.derive(
        done=False, due=D(2024, 6, 10), as_at=D(2024, 5, 1), last_review=(D(2024, 4, 1), "delivering", "Delivering")
    )
    assert ok.colour == "green"


def test_an_unavailable_indicator_changes_nothing_but_is_said():
    t = rag.Trend("performance:x", "x", available=False, reason="the performance scorecard is not yet available")
    r = rag.derive(done=False, due=D(2024, 6, 10), as_at=D(2024, 5, 1), trend=t, target=5.0, target_date=D(2024, 1, 1))
    assert r.colour == "green"
    assert r.reasons[1] == "Indicator x: not yet available (the performance scorecard is not yet available)"


def test_default_matrix_scores_and_bands():
    m = matrix()
    assert m.score("A1") == 24 and m.score("F4") == 1 and m.score("B2") == 15 and m.score("c3") == 8
    assert m.normalise(" b2 ") == "B2"
    assert m.band("B2") == "red" and m.band("C3") == "amber" and m.band("D4") == "green"
    assert m.above_appetite("C2") and not m.above_appetite("C3")
    assert m.movement("B2", "C3") == "down" and m.movement("C3", "B2") == "up" and m.movement(None, "C3") == "new"
    assert m.describe("B2") == "likelihood high, impact critical"


@pytest.mark.parametrize("bad", ["", "G1", "A5", "1A", "AA1", "B 2"])
def test_a_rating_off_the_matrix_is_refused_with_what_is_allowed(bad):
    with pytest.raises(MatrixError, match="A, B, C, D, E, F"):
        matrix().split(bad)


def test_the_matrix_is_configurable(local_config):
    local_config(
        '[improvement]\nlikelihood = [["H", "High"], ["M", "Medium"], ["L", "Low"]]\n'
        'impact = [["3", "Major"], ["2", "Moderate"], ["1", "Minor"]]\nappetite_score = 3\n'
    )

    m = matrix()
    assert m.score("H3") == 9 and m.score("L1") == 1 and m.above_appetite("M2") and not m.above_appetite("L3")
    with pytest.raises(MatrixError):
        m.split("B2")


def test_an_unusable_matrix_setting_is_named(local_config):
    local_config('[improvement]\nlikelihood = ["A"]\n')

    with pytest.raises(MatrixError, match=r"\[improvement\] likelihood"):
        matrix()


def test_a_broken_setting_is_a_start_up_check_error(local_config):
    from oversight.config import _load
    from oversight.improvement.apps import check_settings

    assert check_settings() == []
    local_config('[improvement]\nimpact = [["1", "Catastrophic"]]\n')
    assert "[improvement] impact" in check_settings()[0].msg
    _load.cache_clear()  # the same file name again: read it afresh
    local_config('[[improvement.pillars]]\nkey = "a"\ntitle = "A"\n[[improvement.pillars]]\nkey = "a"\ntitle = "B"\n')
    assert "different keys" in check_settings()[0].msg
