"""The compare tray: up to four records of each comparable kind, remembered in the session.

The tray only helps build a comparison's URL (``compare.comparison_url``); the comparison page's
own URL holds the selection, so it can be shared. Whatever the session holds is checked on every
read: anything malformed is dropped rather than trusted.
"""

from __future__ import annotations

from django.http import HttpRequest

from catalogue.compare import COMPARABLES, MAX_ITEMS

SESSION_KEY = "compare_tray"

Tray = dict[str, list[list[str]]]  # {kind: [[slug, label], ...]}, oldest first


def tray_of(request: HttpRequest) -> Tray:
    """{kind: [[slug, label], ...]} from the session; anything malformed is dropped."""
    raw = request.session.get(SESSION_KEY, {}) if hasattr(request, "session") else {}
    if not isinstance(raw, dict):
        return {}
    return {
        kind: [item for item in items if isinstance(item, list) and len(item) == 2][:MAX_ITEMS]
        for kind, items in raw.items()
        if kind in COMPARABLES and isinstance(items, list)
    }


def add_to_tray(request: HttpRequest, kind: str, slug: str, label: str) -> list[str]:
    """Put a record last in its kind's tray (the oldest drops out past four); its slugs."""
    tray = tray_of(request)
    items = [item for item in tray.get(kind, []) if item[0] != slug]
    items.append([slug, label])
    tray[kind] = items[-MAX_ITEMS:]
    request.session[SESSION_KEY] = tray
    return [s for s, _label in tray[kind]]


def remove_from_tray(request: HttpRequest, kind: str, slug: str) -> None:
    """Take a record out of its kind's tray (an empty slug removes nothing)."""
    tray = tray_of(request)
    if kind in tray:
        tray[kind] = [item for item in tray[kind] if item[0] != slug or not slug]
        request.session[SESSION_KEY] = tray
