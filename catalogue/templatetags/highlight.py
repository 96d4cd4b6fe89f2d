"""Search highlighting for templates: text is escaped piece by piece, only ``<mark>`` is ours."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from catalogue import search

register = template.Library()


@register.filter
def highlight(text, words) -> SafeString:
    """``{{ record.title|highlight:terms }}``: the whole text with matched words marked."""
    return search.highlight(str(text or ""), list(words or []))


@register.simple_tag
def snippet(record, fields: str, words) -> SafeString:
    """``{% snippet record "summary background" terms %}``: an excerpt around the first match."""
    names = fields.split()
    text = search.first_text(record, names, list(words or []))
    return search.snippet(text, list(words or []))
