"""Full-text search with an index on each database: ranked, whole words, stems, Cyrillic.

Text and queries become tokens in ``catalogue.core.searchtext`` (the same on every database);
this module stores them and asks the database (docs/search.md):

- PostgreSQL: a ``search_vector`` column (``tsvector``, weights A/B/C) on each searched table,
  with a GIN index, matched with ``plainto_tsquery('simple', token)`` per token and ranked
  with ``ts_rank`` on the stored vector.
- SQLite: an FTS5 table ``<table>_fts`` per searched table (columns a, b, c; rowid = the
  record's id), matched with ``MATCH`` and ranked with ``bm25``.

Both are written when a record is saved (``catalogue.apps`` connects ``index_saved``) and
rebuilt after an import or a restore (``rebuild``). A query's matching ids are read once
(``matching_ids``) and passed to the page's statements as one parameter (``pk__in_ids``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from catalogue.core import searchtext
from catalogue.models import CaseStudy, Donor, Organisation, Project

WEIGHTS = ("A", "B", "C")
SQLITE_BM25 = "10.0, 4.0, 1.0"  # bm25 column weights for a, b, c (ts_rank's are 1, 0.4, 0.2)
BATCH = 1000

# What is searched, per model: (field, weight). A JSON list (aliases) is searched as its text.
FIELDS: dict[type[models.Model], tuple[tuple[str, str], ...]] = {
    CaseStudy: (
        ("title", "A"),
        ("organisation__name", "B"),
        *((name, "C") for name in CaseStudy.SECTION_FIELDS),
    ),
    Organisation: (("name", "A"), ("short_name", "A"), ("aliases", "B"), ("description", "C")),
    Project: (("title", "A"), ("organisation__name", "B"), ("description", "C")),
    Donor: (("name", "A"), ("short_name", "A"), ("aliases", "B"), ("country", "C")),
}


def terms(q: str | None) -> list[str]:
    """The searched words of a query (for highlighting, and to tell whether there is one)."""
    return list(searchtext.parse(q).words)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def fts_table(model: type[models.Model]) -> str:
    return f"{model._meta.db_table}_fts"


# --- writing the index ---------------------------------------------------------------------

_paused = threading.local()


@contextmanager
def paused() -> Iterator[None]:
    """Saves inside do not index themselves (an import rebuilds the index once at its end)."""
    before = getattr(_paused, "on", False)
    _paused.on = True
    try:
        yield
    finally:
        _paused.on = before


def documents(model: type[models.Model], rows: Iterable[dict]) -> Iterator[tuple]:
    """(id, A text, B text, C text) of each row of ``values("pk", *fields)``."""
    fields = FIELDS[model]
    for row in rows:
        texts = {weight: [] for weight in WEIGHTS}
        for name, weight in fields:
            value = row[name]
            if isinstance(value, list):
                value = " ".join(str(v) for v in value)
            texts[weight].append(searchtext.document(str(value or "")))
        yield (row["pk"], *(" ".join(t for t in texts[w] if t) for w in WEIGHTS))


def reindex(model: type[models.Model], pks: Iterable[int] | QuerySet | None = None) -> int:
    """Write the index of ``model``'s records ``pks`` (all of them when None)."""
    rows = model._default_manager.order_by("pk")
    if pks is not None:  # a list, or a queryset of ids (sent as a subquery)
        rows = rows.filter(pk__in=pks)
    names = [name for name, _weight in FIELDS[model]]
    written = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        if pks is None and not is_postgres():
            cursor.execute(f"DELETE FROM {fts_table(model)}")
        for document in documents(model, rows.values("pk", *names).iterator(chunk_size=BATCH)):
            batch.append(document)
            if len(batch) >= BATCH:
                written += _write(cursor, model, batch, everything=pks is None)
                batch = []
        if batch:
            written += _write(cursor, model, batch, everything=pks is None)
    return written


def _write(cursor, model: type[models.Model], batch: list[tuple], *, everything: bool) -> int:
    if is_postgres():
        table = connection.ops.quote_name(model._meta.db_table)
        # One statement per batch: the batch's columns as arrays, unnested side by side.
        ids, a, b, c = (list(column) for column in zip(*batch, strict=True))
        cursor.execute(
            f"UPDATE {table} SET search_vector = setweight(to_tsvector('simple', d.a), 'A')"
            " || setweight(to_tsvector('simple', d.b), 'B')"
            " || setweight(to_tsvector('simple', d.c), 'C')"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS d(id, a, b, c)"
            f" WHERE {table}.id = d.id",
            [ids, a, b, c],
        )
    else:
        table = fts_table(model)
        if not everything:  # ids are reused after a delete: replace, never add a second row
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(d[0],) for d in batch])
        cursor.executemany(f"INSERT INTO {table} (rowid, a, b, c) VALUES (%s, %s, %s, %s)", batch)
    return len(batch)


def rebuild() -> dict[str, int]:
    """The whole index, written again (after an import or a restore)."""
    return {model._meta.model_name: reindex(model) for model in FIELDS}


def unindex(model: type[models.Model], pk: int) -> None:
    if not is_postgres():  # on PostgreSQL the vector goes with its row
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {fts_table(model)} WHERE rowid = %s", [pk])


def index_saved(sender, instance, raw=False, **kwargs) -> None:
    """post_save: index the record, and for an organisation what shows its name."""
    if raw or getattr(_paused, "on", False):
        return
    reindex(sender, [instance.pk])
    if sender is Organisation:
        for model in (CaseStudy, Project):
            reindex(model, model.objects.filter(organisation=instance).values_list("pk", flat=True))


def index_deleted(sender, instance, **kwargs) -> None:
    if not getattr(_paused, "on", False):
        unindex(sender, instance.pk)


# --- reading it ------------------------------------------------------------------------------


def _tsquery(query: searchtext.Query) -> tuple[str, list[str]]:
    """SQL for the query's tsquery and its parameters; ``plainto_tsquery`` reads each token as
    plain text, so nothing in it is ever syntax."""
    groups = []
    params: list[str] = []
    for group in query.groups:
        tokens = sorted(group)
        groups.append("(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(tokens)) + ")")
        params.extend(tokens)
    return "(" + " && ".join(groups) + ")", params


def _match(query: searchtext.Query) -> str:
    # Every token is quoted: FTS5 reads nothing in it as syntax.
    return " AND ".join(
        "(" + " OR ".join(f'"{t}"' for t in sorted(group)) + ")" for group in query.groups
    )


def matching_ids(model: type[models.Model], q: str) -> list[int]:
    """The ids of ``model``'s records that match ``q``, read once from the index."""
    query = searchtext.parse(q)
    if not query:
        return []
    with connection.cursor() as cursor:
        if is_postgres():
            table = connection.ops.quote_name(model._meta.db_table)
            sql, params = _tsquery(query)
            cursor.execute(f"SELECT id FROM {table} WHERE search_vector @@ {sql}", params)
        else:
            # Joined to the records: a flush (tests) empties the tables but not the index.
            fts = fts_table(model)
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"SELECT {fts}.rowid FROM {fts} JOIN {table} ON {table}.id = {fts}.rowid"
                f" WHERE {fts} MATCH %s",
                [_match(query)],
            )
        return [row[0] for row in cursor.fetchall()]


class InIdList(models.Lookup):
    """``pk__in_ids=[…]``: a list of ids sent as one parameter, however long the list.

    PostgreSQL: ``id = ANY(%s::bigint[])`` (hashed for a long array, an index scan for a short
    one); SQLite: ``id IN (SELECT value FROM json_each(%s))``. A lookup, not raw SQL, so the
    column is relabelled when the queryset becomes a subquery (facet counts).
    """

    lookup_name = "in_ids"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [[int(v) for v in value]])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [int(v) for v in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, ids]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(ids)]


models.BigAutoField.register_lookup(InIdList)


def with_rank(queryset: QuerySet, q: str) -> QuerySet:
    """``queryset`` (already filtered to the matches) annotated with ``rank``, higher first."""
    model = queryset.model
    query = searchtext.parse(q)
    if not query:
        return queryset.annotate(rank=models.Value(0.0, output_field=models.FloatField()))
    if is_postgres():
        table = connection.ops.quote_name(model._meta.db_table)
        sql, params = _tsquery(query)
        rank = RawSQL(
            f"ts_rank({table}.search_vector, {sql})", params, output_field=models.FloatField()
        )
    else:
        table = fts_table(model)
        own = connection.ops.quote_name(model._meta.db_table)
        # bm25 is lower for better matches; negated so that higher is better on both. The
        # ranks are read once into a materialised table and looked up by id: FTS5 cannot
        # seek a MATCH to one rowid, so a plain correlated MATCH would read the index per row.
        rank = RawSQL(
            f"(WITH ranks AS MATERIALIZED (SELECT rowid AS id, -bm25({table}, {SQLITE_BM25})"
            f" AS rank FROM {table} WHERE {table} MATCH %s)"
            f" SELECT rank FROM ranks WHERE ranks.id = {own}.id)",
            [_match(query)],
            output_field=models.FloatField(),
        )
    return queryset.annotate(rank=rank)


# --- showing matches -------------------------------------------------------------------------


def snippet(text: str, words: list[str], width: int = 240) -> SafeString:
    """An escaped excerpt of ``text`` around the first matched word, matches in ``<mark>``.

    Every piece of ``text`` goes through ``escape``; only the ``<mark>`` tags are ours.
    """
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    found = _spans(text, _tokens(words))
    start = max(0, found[0][0] - width // 3) if found else 0
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    excerpt = text[start:end]
    before = "…" if start > 0 else ""
    after = "…" if end < len(text) else ""
    return mark_safe(before + _mark(excerpt, _tokens(words)) + after)  # _mark escapes all text


def highlight(text: str, words: list[str]) -> SafeString:
    """All of ``text``, escaped, with the matched words in ``<mark>``."""
    return mark_safe(_mark(text or "", _tokens(words)))  # _mark escapes all text


def _tokens(words: list[str]) -> frozenset[str]:
    return searchtext.parse(" ".join(words)).tokens if words else frozenset()


def _spans(text: str, tokens: frozenset[str]) -> list[tuple[int, int]]:
    """Where the words of ``text`` that the query matched are: whole words whose token it
    asked for, and both words of a pair it asked for joined ("bee keeping" for "beekeeping")."""
    if not tokens:
        return []
    rules = searchtext.rules()
    found = [(m.start(), m.end(), m.group().lower()) for m in searchtext.WORD.finditer(text)]
    marked: set[int] = set()
    for i, (_start, _end, word) in enumerate(found):
        if not searchtext.is_indexed(word, rules):
            continue
        if searchtext.token(word, rules) in tokens:
            marked.add(i)
        following = found[i + 1][2] if i + 1 < len(found) else ""
        if (
            following
            and searchtext.is_indexed(following, rules)
            and searchtext.joined(word, following, rules) in tokens
        ):
            marked.update((i, i + 1))
    return [(found[i][0], found[i][1]) for i in sorted(marked)]


def _mark(text: str, tokens: frozenset[str]) -> str:
    pieces = []
    position = 0
    for start, end in _spans(text, tokens):
        pieces.append(escape(text[position:start]))
        pieces.append("<mark>" + escape(text[start:end]) + "</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def first_text(record, field_names: Iterable[str], words: list[str]) -> str:
    """The first of ``field_names`` that contains a word, else the first non-empty one."""
    texts = [getattr(record, name, "") or "" for name in field_names]
    tokens = _tokens(words)
    for text in texts:
        if _spans(text, tokens):
            return text
    return next((text for text in texts if text), "")
