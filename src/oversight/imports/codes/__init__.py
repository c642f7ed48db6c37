"""Code lists as data: ssd.toml (which SSD columns are checked against what) and
annex_a.toml (Annex A drop-down values and the codes they become)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import polars as pl

from oversight.config import section
from oversight.imports.values import normalise

HERE = Path(__file__).resolve().parent
# A drop-down's letter prefix: "a) ", "zz) ", "p1) ".
LETTER_PREFIX = r"^[a-z]{1,2}\d?\)\s*"
# The code at the start of a value: "6: police", "n1 - abuse", "pr4 - private", "wbri".
CODE_TOKEN = r"^([a-z0-9]+)(?:\s*[:\-]|\s|$)"


@lru_cache(maxsize=1)
def _ssd() -> dict:
    with open(HERE / "ssd.toml", "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def _annex_a() -> dict:
    with open(HERE / "annex_a.toml", "rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class ColumnCodes:
    list_name: str
    codes: tuple[str, ...]
    level: str  # "error" or "warn"


def ssd_column_codes(column: str, flag: bool) -> ColumnCodes | None:
    """The code list an SSD column is checked against, if any (two-character flags default to Y/N)."""
    data = _ssd()
    spec = data["columns"].get(column)
    if spec is None:
        if not flag:
            return None
        spec = {"list": "yes_no", "level": "error"}
    codes = list(data["lists"][spec["list"]])
    if spec["list"] == "legal_status":
        codes += [str(c) for c in section("imports").get("extra_legal_statuses", [])]
    return ColumnCodes(spec["list"], tuple(codes), spec["level"])


def ssd_checked_columns() -> dict[str, dict]:
    return dict(_ssd()["columns"])


@dataclass(frozen=True)
class DropDown:
    key: str
    name: str
    match: str
    example: str
    mapping: dict[str, str]  # normalised token or label -> stored value

    def expected(self) -> str:
        return f"one of the {self.name} values, for example '{self.example}'"

    def convert(self, raw: pl.Expr) -> pl.Expr:
        """The stored value for each cell (null where it matches nothing)."""
        whole = normalise(raw)
        text = whole.str.replace(LETTER_PREFIX, "")
        if self.match == "code":
            found = text.str.extract(CODE_TOKEN, 1).replace_strict(self.mapping, default=None, return_dtype=pl.String)
        else:
            found = text.replace_strict(self.mapping, default=None, return_dtype=pl.String)
        local = local_synonyms(self.key)
        if not local:
            return found
        # A council's own spellings ([imports.annex_a_synonyms]) come first, matched on the whole value.
        return pl.coalesce(whole.replace_strict(local, default=None, return_dtype=pl.String), found)


def local_synonyms(key: str) -> dict[str, str]:
    """A council's own spellings for drop-down KEY (config [imports.annex_a_synonyms.KEY]), normalised."""
    given = section("imports").get("annex_a_synonyms", {}).get(key, {})
    return {re.sub(r"\s+", " ", str(k).replace("\u2019", "'").strip().lower()): str(v) for k, v in given.items()}


@cache
def drop_down(key: str) -> DropDown:
    spec = _annex_a()[key]
    mapping: dict[str, str] = {}
    if spec["match"] == "code":
        for code in spec["codes"]:
            mapping[code.lower()] = code
        for alias, code in spec.get("aliases", {}).items():
            mapping[alias.lower()] = code
    else:
        for stored, synonyms in spec["values"].items():
            for s in synonyms:
                mapping[re.sub(r"\s+", " ", s.strip().lower())] = stored
    return DropDown(key, spec["name"], spec["match"], spec["example"], mapping)
