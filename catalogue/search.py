"""Full-text search: PostgreSQL's when the database is PostgreSQL, a word match elsewhere.

On PostgreSQL: ``SearchVector`` over the searched fields with weights (A titles, B names,
C narratives), ``websearch_to_tsquery`` with the 'english' configuration (so "schools" finds
"school"), ranked by ``SearchRank``. On SQLite (development, tests): every word must appear,
case-insensitively, in at least one searched field; the rank is the sum over words of the
weights of the fields that contain it. ``django.contrib.postgres`` is imported only when the
connection is PostgreSQL.

Fields are ``(name, weight)``; a JSON list field (aliases) is searched as its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection, models
from django.db.models import Case, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "english"
MAX_TERMS = 10
SQLITE_WEIGHTS = {"A": 3, "B": 2, "C": 1}
WORD = re.compile(r"\w[\w'’.-]*\w|\w", re.UNICODE)


def terms(q: str | None) -> list[str]:
    """The words of a query, as highlighting and the SQLite search use them."""
    if not q:
        return []
    words = []
    for word in WORD.findall(q[:200]):
        lowered = word.lower()
        if lowered in ("or", "and", "not") or lowered in words:
            continue
        words.append(lowered)
    return words[:MAX_TERMS]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_fields(model: type[models.Model], fields: Iterable[tuple[str, str]]):
    """Expressions for each searched field; JSON lists are cast to text."""
    out = []
    for name, weight in fields:
        field = _resolve(model, name)
        if isinstance(field, models.JSONField):
            out.append((Cast(name, models.TextField()), weight, f"_search_{name}"))
        else:
            out.append((F(name), weight, name))
    return out


def _resolve(model, name: str):
    parts = name.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def _vector(expressions):
    from django.contrib.postgres.search import SearchVector

    vector = None
    for expression, weight, _alias in expressions:
        text = Coalesce(expression, Value(""), output_field=models.TextField())
        part = SearchVector(text, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    return vector


def _query(q: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(q[:200], config=CONFIG, search_type="websearch")


def _sqlite_aliases(queryset: QuerySet, expressions) -> QuerySet:
    aliases = {alias: expr for expr, _w, alias in expressions if alias.startswith("_search_")}
    return queryset.alias(**aliases) if aliases else queryset


def matching(model: type[models.Model], fields, q: str) -> QuerySet:
    """Primary keys of the records of ``model`` that match ``q`` (for ``pk__in``)."""
    expressions = _text_fields(model, fields)
    if is_postgres():
        return (
            model.objects.annotate(_search=_vector(expressions))
            .filter(_search=_query(q))
            .values("pk")
        )
    queryset = _sqlite_aliases(model.objects.all(), expressions)
    for word in terms(q):
        any_field = Q()
        for _expr, _weight, alias in expressions:
            any_field |= Q(**{f"{alias}__icontains": word})
        queryset = queryset.filter(any_field)
    return queryset.values("pk")


def with_rank(queryset: QuerySet, fields, q: str) -> QuerySet:
    """``queryset`` annotated with ``rank`` (higher is better) for ``q``."""
    expressions = _text_fields(queryset.model, fields)
    if is_postgres():
        from django.contrib.postgres.search import SearchRank

        return queryset.annotate(rank=SearchRank(_vector(expressions), _query(q)))
    queryset = _sqlite_aliases(queryset, expressions)
    score = Value(0)
    for word in terms(q):
        for _expr, weight, alias in expressions:
            score = score + Case(
                When(**{f"{alias}__icontains": word}, then=Value(SQLITE_WEIGHTS[weight])),
                default=Value(0),
            )
    return queryset.annotate(rank=ExpressionWrapper(score, output_field=models.FloatField()))


def snippet(text: str, words: list[str], width: int = 240) -> SafeString:
    """An escaped excerpt of ``text`` around the first matched word, matches in ``<mark>``.

    Every piece of ``text`` goes through ``escape``; only the ``<mark>`` tags are ours.
    """
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    pattern = _pattern(words)
    start = 0
    if pattern is not None:
        found = pattern.search(text)
        if found:
            start = max(0, found.start() - width // 3)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    excerpt = text[start:end]
    before = "…" if start > 0 else ""
    after = "…" if end < len(text) else ""
    return mark_safe(before + _mark(excerpt, pattern) + after)  # _mark escapes all text


def highlight(text: str, words: list[str]) -> SafeString:
    """All of ``text``, escaped, with the matched words in ``<mark>``."""
    return mark_safe(_mark(text or "", _pattern(words)))  # _mark escapes all text


def _mark(text: str, pattern: re.Pattern | None) -> str:
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[position : found.start()]))
        pieces.append("<mark>" + escape(found.group(0)) + "</mark>")
        position = found.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def _pattern(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def first_text(record, field_names: Iterable[str], words: list[str]) -> str:
    """The first of ``field_names`` that contains a word, else the first non-empty one."""
    texts = [getattr(record, name, "") or "" for name in field_names]
    pattern = _pattern(words)
    if pattern is not None:
        for text in texts:
            if pattern.search(text):
                return text
    return next((text for text in texts if text), "")
