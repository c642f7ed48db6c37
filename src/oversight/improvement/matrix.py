"""The likelihood x impact matrix of the risk register, from [improvement] in the configuration.

A rating is a likelihood code followed by an impact code ("B2"). Its score is
the product of each axis's weight, the least likely / least severe level
weighing 1, so the default matrix runs from F4 = 1 to A1 = 24.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from oversight.config import section


class MatrixError(ValueError):
    """The configured matrix is unusable, or a rating does not fit it."""


@dataclass(frozen=True)
class Matrix:
    likelihood: tuple[tuple[str, str], ...]  # most likely first
    impact: tuple[tuple[str, str], ...]  # most severe first
    appetite_score: int
    red_score: int
    amber_score: int

    @cached_property
    def _cells(self) -> dict[str, tuple[str, str, int]]:
        """Every rating, as typed in capitals, with its codes and score (looked up, not parsed, each time)."""
        n, m = len(self.likelihood), len(self.impact)
        return {
            (lcode + icode).upper(): (lcode, icode, (n - li) * (m - ii))
            for li, (lcode, _) in enumerate(self.likelihood)
            for ii, (icode, _) in enumerate(self.impact)
        }

    def split(self, rating: str) -> tuple[str, str]:
        """(likelihood code, impact code) of RATING, or MatrixError saying what is allowed."""
        cell = self._cells.get((rating or "").strip().upper())
        if cell is not None:
            return cell[0], cell[1]
        raise MatrixError(
            f"'{rating}' is not a rating: write a likelihood ({', '.join(c for c, _ in self.likelihood)}) "
            f"then an impact ({', '.join(c for c, _ in self.impact)}), for example "
            f"{self.likelihood[1][0]}{self.impact[1][0]}"
        )

    def normalise(self, rating: str) -> str:
        likelihood, impact = self.split(rating)
        return likelihood + impact

    def score(self, rating: str) -> int:
        cell = self._cells.get((rating or "").strip().upper())
        if cell is None:
            self.split(rating)  # raises, saying what is allowed
        return cell[2]

    def band(self, rating: str) -> str:
        s = self.score(rating)
        return "red" if s >= self.red_score else "amber" if s >= self.amber_score else "green"

    def above_appetite(self, rating: str) -> bool:
        return self.score(rating) > self.appetite_score

    def describe(self, rating: str) -> str:
        likelihood, impact = self.split(rating)
        return f"likelihood {dict(self.likelihood)[likelihood].lower()}, impact {dict(self.impact)[impact].lower()}"

    def movement(self, previous: str | None, current: str) -> str:
        """'up' (worse), 'down' (better), 'same' or 'new' (no previous rating)."""
        if not previous:
            return "new"
        before, now = self.score(previous), self.score(current)
        return "up" if now > before else "down" if now < before else "same"


def _levels(value, name: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or len(value) < 2:
        raise MatrixError(f"[improvement] {name} must be a list of at least two [code, label] pairs")
    out = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) and x.strip() for x in item)):
            raise MatrixError(f"[improvement] {name}: each level must be [code, label] (text); got {item!r}")
        out.append((item[0].strip(), item[1].strip()))
    codes = [c.upper() for c, _ in out]
    if len(set(codes)) != len(codes):
        raise MatrixError(f"[improvement] {name}: codes must differ; got {', '.join(codes)}")
    return tuple(out)


def _whole(cfg: dict, key: str) -> int:
    value = cfg.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MatrixError(f"[improvement] {key} must be a whole number, 0 or more; got {value!r}")
    return value


def matrix(cfg: dict | None = None) -> Matrix:
    cfg = section("improvement") if cfg is None else cfg
    likelihood = _levels(cfg.get("likelihood"), "likelihood")
    impact = _levels(cfg.get("impact"), "impact")
    l_codes = {c.upper() for c, _ in likelihood}
    # A code of one axis that starts with a code of the other would make "B2" ambiguous.
    if any(c.upper() in l_codes for c, _ in impact):
        raise MatrixError("[improvement] likelihood and impact codes must differ (ratings are written B2)")
    return Matrix(
        likelihood,
        impact,
        _whole(cfg, "appetite_score"),
        _whole(cfg, "red_score"),
        _whole(cfg, "amber_score"),
    )


def pillars(cfg: dict | None = None) -> list[dict]:
    """[{key, title, priorities}] in plan order."""
    cfg = section("improvement") if cfg is None else cfg
    out = []
    for p in cfg.get("pillars", []):
        if not isinstance(p, dict) or not isinstance(p.get("key"), str) or not isinstance(p.get("title"), str):
            raise MatrixError(f"[improvement] pillars: each needs a key and a title (text); got {p!r}")
        out.append({"key": p["key"], "title": p["title"], "priorities": [str(x) for x in p.get("priorities", [])]})
    return out
