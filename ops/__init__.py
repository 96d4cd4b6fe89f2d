"""Running the site in production: request ids, structured logs, the health check.

Nothing here knows the catalogue; ``portal/`` wires it in (settings, urls).
"""
