"""Marking text for translation without importing Django."""


def gettext_noop(message: str) -> str:
    """Marks a string for translation; the site translates it where it is shown.

    ``makemessages`` finds calls by this name, so labels defined here are extracted like
    any ``gettext_lazy`` string in a template or a model.
    """
    return message
