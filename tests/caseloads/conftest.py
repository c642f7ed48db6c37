import pytest

from tests import factories as f


@pytest.fixture
def council(db):
    """On 2024-03-31: W1 holds 26 (target 25), W2 (NQSW, 0.5 FTE) holds 3, W3 none; W4 is an IRO with 2.

    Child U has an open referral and no worker: the one unallocated child.
    """
    f.team("L1", "North", team_type="locality")
    f.team("T1", "Team one", parent="L1")
    f.team("T2", "Team two", parent="L1")
    f.worker("W1", team_id="T1", name="Worker One")
    f.worker("W2", grade="nqsw", team_id="T1", fte=0.5, qualified="2023-06-15", start="2023-07-01", name="Worker Two")
    f.worker("W3", team_id="T2", name="Worker Three")
    f.worker("W4", grade="iro", team_id="IRO", name="Worker Four")
    for i in range(26):
        f.child(f"A{i}")
        f.allocate(f"A{i}", "W1", "2024-01-01", team_id="T1")
    for i in range(3):
        f.child(f"B{i}")
        f.allocate(f"B{i}", "W2", "2024-02-01", team_id="T1")
    f.allocate("A0", "W4", "2024-01-01", role="IRO")
    f.allocate("A1", "W4", "2024-01-01", role="IRO")
    f.referral("A0", "2024-01-01")
    f.child("U")
    f.referral("U", "2024-02-01")
