"""The ground floor: the catalogue's vocabulary and figure rules, in plain Python.

Nothing here imports Django (a test enforces it), so the parsers, the models and the site
share one definition of each kind, each flag and each rounding rule, and all of it can be
tested without a database. Everything else in ``catalogue`` may import from here; this
package imports from nothing else in ``catalogue``.
"""
