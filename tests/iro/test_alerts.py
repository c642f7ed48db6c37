"""Change alerts: a new snapshot compared with the one it replaces, alerts to the child's IRO, email."""

import datetime as dt

import polars as pl
import pytest
from django.core import mail
from django.test import Client

from oversight.iro.models import Alert
from oversight.people import frames
from oversight.people.snapshot import replace_case_data
from oversight.people.ssd import tables

pytestmark = pytest.mark.django_db(transaction=True)
d = dt.date.fromisoformat


def current() -> dict[str, pl.DataFrame]:
    return {t.name: frames.load(t.name) for t in tables()}


def changed_snapshot() -> dict[str, pl.DataFrame]:
    """C1 gets a new worker in team TB and a new placement; C2's plan ends and its worker goes; C3 goes missing."""
    data = current()
    inv = data["ssd_involvements"]
    end = pl.when((pl.col("invo_person_id") == "C2") & (pl.col("invo_professional_id") == "WB"))
    inv = inv.with_columns(
        end.then(pl.lit(d("2024-06-01")))
        .otherwise(pl.col("invo_involvement_end_date"))
        .alias("invo_involvement_end_date")
    )
    inv = inv.with_columns(
        pl.when((pl.col("invo_person_id") == "C1") & (pl.col("invo_professional_id") == "WA"))
        .then(pl.lit(d("2024-06-01")))
        .otherwise(pl.col("invo_involvement_end_date"))
        .alias("invo_involvement_end_date")
    )
    new_row = (
        inv.filter(pl.col("invo_person_id") == "C1")
        .head(1)
        .with_columns(
            pl.lit("NEW1").alias("invo_involvements_id"),
            pl.lit("WB").alias("invo_professional_id"),
            pl.lit("CW").alias("invo_professional_role_id"),
            pl.lit("TB").alias("invo_professional_team"),
            pl.lit(d("2024-06-02")).alias("invo_involvement_start_date"),
            pl.lit(None, pl.Date).alias("invo_involvement_end_date"),
        )
    )
    data["ssd_involvements"] = pl.concat([inv, new_row])
    data["ssd_cp_plans"] = data["ssd_cp_plans"].with_columns(
        pl.when(pl.col("cppl_cp_plan_id") == "P2")
        .then(pl.lit(d("2024-06-01")))
        .otherwise(pl.col("cppl_cp_plan_end_date"))
        .alias("cppl_cp_plan_end_date")
    )
    placement = pl.DataFrame(
        {
            "clap_cla_placement_id": ["PL1"],
            "clap_person_id": ["C1"],
            "clap_cla_placement_start_date": [d("2024-06-03")],
            "clap_cla_placement_type": ["U1"],
        }
    )
    data["ssd_cla_placement"] = pl.concat([data["ssd_cla_placement"], placement], how="diagonal_relaxed")
    missing = pl.DataFrame(
        {"miss_table_id": ["M1"], "miss_person_id": ["C3"], "miss_missing_episode_start_date": [d("2024-06-04")]}
    )
    data["ssd_missing"] = pl.concat([data["ssd_missing"], missing], how="diagonal_relaxed")
    return data


def test_a_new_snapshot_alerts_the_childs_iro_and_emails_them(people):
    replace_case_data(changed_snapshot())
    got = set(Alert.objects.values_list("professional_id", "child_id", "kind"))
    assert got == {
        ("I1", "C1", "new_worker"),
        ("I1", "C1", "new_team"),
        ("I1", "C1", "placement_change"),
        ("I2", "C2", "cp_plan_ended"),
        ("I2", "C2", "unallocated"),
        ("I2", "C3", "missing"),
    }
    assert Alert.objects.get(kind="new_team").detail == "team TB"
    # iro1 has an address; chair2 has none. One email, counts only, no names.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["iro1@example.org"]
    assert "3 change(s)" in mail.outbox[0].body


def test_the_same_data_again_makes_no_alerts(people):
    replace_case_data(current())
    assert not Alert.objects.exists() and not mail.outbox


def test_alerts_page_unread_counts_and_marking_read(people, run_json):
    replace_case_data(changed_snapshot())
    iro = Client()
    iro.force_login(people["iro1"])
    page = iro.get("/iro/alerts/").content.decode()
    assert "3 unread" in page and "C3" not in page  # chair2's child is not theirs
    ids = list(Alert.objects.filter(professional_id="I1").values_list("pk", flat=True))[:2]
    iro.post("/iro/alerts/", {"alert": [str(i) for i in ids]})
    assert "1 unread" in iro.get("/iro/alerts/").content.decode()
    manager = Client()
    manager.force_login(people["sm"])
    summary = manager.get("/iro/alerts/by-iro/").content.decode()
    assert "I1" in summary and "I2" in summary
    status, rows, _ = run_json("alerts", "--since", "2000-01-01")
    assert status == 0 and len(rows) == 6 and {r["kind"] for r in rows} >= {"missing", "new_worker"}
    assert sum(r["read"] for r in rows) == 2
    status, rows, _ = run_json("alerts", "--since", "2999-01-01")
    assert rows == []
