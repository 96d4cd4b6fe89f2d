"""Template context for every page: the compare tray (kept in the session)."""

from catalogue.compare import COMPARABLES, comparison_url
from catalogue.compare_tray import tray_of


def compare_tray(request) -> dict:
    tray = tray_of(request)
    return {
        "compare_tray": [
            {
                "comparable": COMPARABLES[kind],
                "items": items,
                "url": comparison_url(kind, [slug for slug, _label in items]),
            }
            for kind, items in tray.items()
            if items
        ]
    }
