"""Whole-page caching of the public pages, invalidated by any write to the catalogue.

Every page's key holds the catalogue's *version*, a token kept in the cache that any save,
delete or many-to-many change of a catalogue model replaces (``bump_version``, connected in
``CatalogueConfig.ready``: the loader, the admin and ``services`` all write through the ORM).
A staff edit therefore changes the key of every page at once: nothing stale is ever served,
and old entries simply expire. Writes that bypass the ORM (raw SQL, ``pg_restore``) are only
caught by ``HAMKORI_PAGE_CACHE_SECONDS``, the longest any page is kept.

The version has to be seen by every worker, so pages are only cached when the cache is shared
(Redis, ``REDIS_URL``): a process-local cache would not see another worker's bump. See
``HAMKORI_PAGE_CACHE`` in settings.

Only what every visitor sees alike is cached: GET or HEAD, status 200 (a streamed export once
it has all been sent, if it is small), and
a request that carries no cookie but the CSRF one (a session means a compare tray or a staff
login, which change the page). The page's forms carry a CSRF token, which is per visitor: it
is replaced by the visitor's own token whenever a cached page is served.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "X-Export-Total",
    "X-Export-Capped",
)
MAX_STREAMED_SIZE = 2_000_000  # a bigger streamed export (CSV) is streamed again next time
MAX_KEYED_LENGTH = 2000  # longer URLs are served uncached rather than filling the cache


def _version_key() -> str:
    # The database's name keeps two catalogues apart in one Redis (e.g. parallel test runs).
    return f"hamkori:catalogue-version:{connection.settings_dict['NAME']}"


def version() -> str:
    """The catalogue's current version token (created on first use)."""
    key = _version_key()
    current = cache.get(key)
    if current is None:
        current = uuid.uuid4().hex
        if not cache.add(key, current, timeout=None):
            current = cache.get(key, current)
    return current


def _bump() -> None:
    cache.set(_version_key(), uuid.uuid4().hex, timeout=None)


def bump_version(**_kwargs) -> None:
    """Make every cached page stale after a write to the catalogue.

    On commit, not at once: a page rendered between the write and its commit still shows the
    old data, and must not be stored under the new version. Outside a transaction it is at once.
    """
    transaction.on_commit(_bump)


def enabled() -> bool:
    return settings.HAMKORI_PAGE_CACHE and settings.HAMKORI_PAGE_CACHE_SECONDS > 0


def _cacheable(request: HttpRequest) -> bool:
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}
        and len(request.get_full_path()) <= MAX_KEYED_LENGTH
    )


def page_key(request: HttpRequest) -> str:
    """Everything a page depends on besides the catalogue: address, host, scheme, language
    and the day (exports are named after it)."""
    parts = [
        timezone.localdate().isoformat(),
        version(),
        str(connection.settings_dict["NAME"]),
        request.scheme,
        request.get_host(),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"hamkori:page:{digest}"


def _with_token(content: bytes, request: HttpRequest) -> bytes:
    if b"csrfmiddlewaretoken" not in content:
        return content
    token = get_token(request).encode()
    return CSRF_INPUT.sub(lambda m: m.group(1) + token + m.group(2), content)


def _store(key: str, content: bytes, headers: dict[str, str]) -> None:
    cache.set(key, (content, headers), settings.HAMKORI_PAGE_CACHE_SECONDS)


def _kept_while_streamed(
    chunks: Iterator[bytes], key: str, headers: dict[str, str]
) -> Iterator[bytes]:
    """Stream as before, and store the whole body once it has all been sent (if small)."""
    kept: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if kept is not None and size <= MAX_STREAMED_SIZE:
            kept.append(chunk)
        else:
            kept = None
        yield chunk
    if kept is not None:
        _store(key, b"".join(kept), headers)


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public page from the cache when every visitor would see the same page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                if response.streaming:
                    response.streaming_content = _kept_while_streamed(
                        response.streaming_content, key, headers
                    )
                else:
                    _store(key, response.content, headers)
            return response
        content, headers = stored
        response = HttpResponse(_with_token(content, request), headers=headers)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
