"""Audit tools as data: TOML files read and checked here, stored as versions by services.

A tool file names its key, name, kind (practice, children_in_care, thematic),
an optional theme and scale, and its questions, each with a key, the question
text and guidance for the auditor.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SHIPPED_DIR = Path(__file__).resolve().parent / "tools"
KINDS = ("practice", "children_in_care", "thematic", "imported")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,47}$")


class ToolFileError(ValueError):
    pass


@dataclass(frozen=True)
class ToolSpec:
    key: str
    name: str
    kind: str
    theme: str = ""
    description: str = ""
    scale: tuple[str, ...] = ()  # empty: the configured scale
    questions: tuple[dict, ...] = field(default_factory=tuple)
    source: str = ""

    def content(self, default_scale: list[str]) -> dict:
        """What a stored version holds; the tool's own scale, else DEFAULT_SCALE."""
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "theme": self.theme,
            "description": self.description,
            "scale": list(self.scale or default_scale),
            "questions": list(self.questions),
        }


def digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _text(data: dict, name: str, where: str, required: bool = True) -> str:
    value = data.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ToolFileError(f"{where}: '{name}' must be {'non-empty ' if required else ''}text")
    return value.strip()


def parse(data: dict, source: str) -> ToolSpec:
    key = _text(data, "key", source)
    if not _KEY.match(key):
        raise ToolFileError(f"{source}: key '{key}' must be lower-case letters, digits and _ (start with a letter)")
    kind = _text(data, "kind", source)
    if kind not in KINDS:
        raise ToolFileError(f"{source}: kind '{kind}' must be one of {', '.join(KINDS)}")
    theme = _text(data, "theme", source, required=kind == "thematic")
    scale = data.get("scale", [])
    if (
        not isinstance(scale, list)
        or any(not isinstance(g, str) or not g.strip() for g in scale)
        or len(set(scale)) != len(scale)
    ):
        raise ToolFileError(f"{source}: scale must be a list of different grade names, best first")
    raw_questions = data.get("questions", [])
    if not isinstance(raw_questions, list) or (kind != "imported" and not raw_questions):
        raise ToolFileError(f"{source}: a tool needs at least one [[questions]] entry")
    questions = []
    for i, q in enumerate(raw_questions, start=1):
        where = f"{source} question {i}"
        if not isinstance(q, dict):
            raise ToolFileError(f"{where}: must be a table with key, text and guidance")
        qkey = _text(q, "key", where)
        if not _KEY.match(qkey):
            raise ToolFileError(f"{where}: key '{qkey}' must be lower-case letters, digits and _")
        questions.append(
            {"key": qkey, "text": _text(q, "text", where), "guidance": _text(q, "guidance", where, required=False)}
        )
    keys = [q["key"] for q in questions]
    if len(set(keys)) != len(keys):
        raise ToolFileError(f"{source}: question keys must be different from each other")
    return ToolSpec(
        key=key,
        name=_text(data, "name", source),
        kind=kind,
        theme=theme,
        description=_text(data, "description", source, required=False),
        scale=tuple(s.strip() for s in scale),
        questions=tuple(questions),
        source=source,
    )


def read_file(path: Path) -> ToolSpec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ToolFileError(f"{path.name}: not a valid UTF-8 TOML tool file ({exc})")
    return parse(data, path.name)


def read_dirs(dirs: list[str | Path]) -> list[ToolSpec]:
    """Every tool file in the shipped directory and the configured ones; a later file with the same key wins."""
    found: dict[str, ToolSpec] = {}
    for directory in [SHIPPED_DIR, *map(Path, dirs)]:
        if not directory.is_dir():
            raise ToolFileError(f"tool directory {directory} does not exist")
        for path in sorted(directory.glob("*.toml")):
            spec = read_file(path)
            found[spec.key] = spec
    return sorted(found.values(), key=lambda s: s.key)
