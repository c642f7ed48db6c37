"""The SSD table and column names of each case-data model, derived from the models."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db import models

from oversight.people.models import SSD_MODELS, SSDRecord


@dataclass(frozen=True)
class Column:
    name: str  # SSD column name, e.g. cine_referral_date
    field: str  # model field name, e.g. referral_date
    kind: str  # "id", "text", "date", "int", "float"
    required: bool  # the primary key
    extension: bool


@dataclass(frozen=True)
class Table:
    name: str
    model: type[SSDRecord]
    columns: tuple[Column, ...]
    extension: bool

    @property
    def key(self) -> Column:
        return next(c for c in self.columns if c.required)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _kind(field: models.Field) -> str:
    if field.primary_key:
        return "id"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.IntegerField):
        return "int"
    if isinstance(field, models.FloatField):
        return "float"
    return "text"


def _table(model: type[SSDRecord]) -> Table:
    renamed = {field: column for column, field in model.ssd_renames.items()}
    columns = []
    for field in model._meta.concrete_fields:
        name = renamed.get(field.name, model.ssd_prefix + field.name)
        columns.append(
            Column(
                name=name,
                field=field.attname,
                kind=_kind(field),
                required=field.primary_key,
                extension=model.ssd_is_extension_table or field.name in model.ssd_extensions,
            )
        )
    return Table(model.ssd_table, model, tuple(columns), model.ssd_is_extension_table)


@lru_cache(maxsize=1)
def tables() -> tuple[Table, ...]:
    """Every SSD table Oversight reads and writes, in load order."""
    return tuple(_table(m) for m in SSD_MODELS)


def table(name: str) -> Table:
    for t in tables():
        if t.name == name:
            return t
    raise KeyError(name)
