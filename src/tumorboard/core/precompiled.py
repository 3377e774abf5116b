"""One row by a unique key, with its related rows, without compiling the SQL each time.

Django compiles a queryset's SQL every time it is evaluated. For the door's fetch of a case
with its patient, site, lead clinician and pathway details that is about 1.3 ms of a page
(over 100 columns from several tables), while running the SQL takes 0.1 ms; and the SQL
differs from one request to the next only in the key. So the query is compiled once per
database connection, model and set of relations, and run again with the key as its only
changing parameter. The rows become model instances exactly as the ORM's own iterator
makes them (Django 5.2's ModelIterable: converters, ``from_db``, related populators), so
callers get the same objects, with the same relations cached, as from ``.get()``.

Connections are per thread, so the cache is per connection object and never shared.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignKey, Model, QuerySet, UUIDField
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# Stand for the key while the query is compiled; found again among the parameters.
_PROBE = uuid.UUID("00000000-0000-4000-8000-00000000d00d")
INT_PROBE = -7_301_977  # an integer key (a primary key) never takes it

_Key = tuple[type[Model], str, tuple[str, ...]]
_CACHE: weakref.WeakKeyDictionary[BaseDatabaseWrapper, dict[_Key, _Compiled]] = (
    weakref.WeakKeyDictionary()
)


class _Compiled:
    """The compiled SQL of `model.objects.select_related(*related).filter(<key>=…)[:1]`
    and what turns its row into instances."""

    def __init__(self, model: type[Model], key_field: str, related: tuple[str, ...],
                 using: str) -> None:
        field = model._meta.get_field(key_field)
        assert isinstance(field, Field)
        probe = _PROBE if isinstance(field, UUIDField) else INT_PROBE
        queryset = (model._default_manager.db_manager(using).select_related(*related)
                    .filter(**{field.attname: probe}).order_by()[:1])  # unique: no sort
        self.using = using
        self.compiler: SQLCompiler = queryset.query.get_compiler(using=using)
        self.sql, params = self.compiler.as_sql()
        connection = connections[using]
        target = field.target_field if isinstance(field, ForeignKey) else field
        self.prepare = lambda key: target.get_db_prep_value(key, connection)
        self.params = list(params)
        self.key_index = self.params.index(self.prepare(probe))
        klass_info = self.compiler.klass_info
        assert klass_info is not None
        self.model: type[Model] = klass_info["model"]
        fields: Sequence[int] = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        select = self.compiler.select
        self.init_list = [column[0].target.attname for column in select[self.start:self.end]]
        self.populators = get_related_populators(klass_info, select, using)

    def fetch(self, key: object) -> Model | None:
        params = list(self.params)
        params[self.key_index] = self.prepare(key)
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            chunk = cursor.fetchmany(1)
        row = next(iter(self.compiler.results_iter([chunk])), None)
        if row is None:
            return None
        obj = self.model.from_db(self.using, self.init_list, row[self.start:self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        return obj


def by_external_id(model: type[M], key: uuid.UUID, related: Sequence[str] = ()) -> M | None:
    """`model.objects.select_related(*related).filter(external_id=key).first()`, compiled once."""
    return by_key(model, "external_id", key, related)


def by_key(model: type[M], key_field: str, key: object,
           related: Sequence[str] = ()) -> M | None:
    """The row whose unique `key_field` (a UUID, an integer or a one-to-one link) is `key`,
    with `related` selected, compiled once. Keep `related` to a few tables: PostgreSQL plans
    a query of ten joins for about 10 ms, twenty times its run."""
    using = router.db_for_read(model)
    compiled_here = _CACHE.setdefault(connections[using], {})
    cache_key = (model, key_field, tuple(related))
    compiled = compiled_here.get(cache_key)
    if compiled is None:
        compiled = compiled_here[cache_key] = _Compiled(model, key_field, tuple(related), using)
    return compiled.fetch(key)  # type: ignore[return-value]


class _CompiledRows:
    """A values_list queryset with one parameter (or none), compiled once."""

    def __init__(self, queryset: QuerySet[Any], probe: object, using: str) -> None:
        self.using = using
        self.compiler: SQLCompiler = queryset.query.get_compiler(using=using)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.key_index = self.params.index(probe) if probe is not None else -1

    def fetch(self, key: object) -> list[tuple[Any, ...]]:
        params = list(self.params)
        if self.key_index >= 0:
            params[self.key_index] = key
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        return [tuple(row) for row in self.compiler.results_iter([rows])]


_ROWS: weakref.WeakKeyDictionary[BaseDatabaseWrapper, dict[str, _CompiledRows]] = (
    weakref.WeakKeyDictionary()
)


def rows(model: type[Model], name: str, build: Callable[[Any], QuerySet[Any]],
         key: object = None, using: str | None = None) -> list[tuple[Any, ...]]:
    """The rows of the values_list queryset `build(key)` on `model`'s table, compiled once
    as `build(INT_PROBE)`: `key` is an integer primary key, or None when `build` takes no
    parameter. `name` names the query in the cache."""
    using = using or router.db_for_read(model)
    compiled_here = _ROWS.setdefault(connections[using], {})
    compiled = compiled_here.get(name)
    if compiled is None:
        probe = None if key is None else INT_PROBE
        compiled = compiled_here[name] = _CompiledRows(build(probe), probe, using)
    return compiled.fetch(key)


def forget() -> None:
    """Drop every compiled query (after a schema change)."""
    _CACHE.clear()
    _ROWS.clear()
