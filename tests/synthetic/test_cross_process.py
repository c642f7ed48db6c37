"""Determinism must hold across processes, not just within one: Python salts string hashes
per process, so anything that iterates a set of strings would differ between two runs."""

import os
import subprocess
import sys

SCRIPT = """
import hashlib
from oversight.synthetic.build import build
council = build("small", 3)
digest = hashlib.sha256()
for name in sorted(council.frames):
    digest.update(name.encode())
    digest.update(council.frames[name].write_csv().encode())
print(digest.hexdigest())
"""


def _digest(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_same_seed_builds_the_same_council_in_different_processes():
    assert _digest("1") == _digest("2")
