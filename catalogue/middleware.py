"""Refuse requests carrying characters no page can use, before a view or the database sees them.

PostgreSQL cannot store or compare a NUL in text (``DataError``), so a NUL in a slug, a query
string or a form value would end as a 500 wherever it reaches a query. Rather than guard every
entry point, one check here answers 400 for a NUL or another control character (tab, line feed
and carriage return stay allowed: text areas send them) in the path, in any GET or POST key or
value. Lone surrogates cannot arrive: Django decodes invalid UTF-8 with replacement characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(values: Iterable[str]) -> bool:
    return any(_CONTROL.search(value) for value in values)


def _query_dict_strings(data) -> Iterable[str]:
    for key, values in data.lists():
        yield key
        yield from (value for value in values if isinstance(value, str))


class RejectControlCharactersMiddleware:
    """Answer 400 (the ``400.html`` page) for control characters in the path, GET or POST."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        strings = [request.path, *_query_dict_strings(request.GET)]
        if request.method == "POST":
            strings.extend(_query_dict_strings(request.POST))
        if has_control_characters(strings):
            raise BadRequest("control characters in the request")
        return self.get_response(request)
