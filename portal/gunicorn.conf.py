"""gunicorn's settings for Hamkori, read from the environment (docs/deploy.md).

    .venv/bin/gunicorn --config portal/gunicorn.conf.py

`make serve` runs exactly this after `migrate` and `collectstatic`. Flags on the command line
(e.g. ``--bind``, ``--workers``) override what is set here.
"""

import os
from pathlib import Path

# Run from the project whatever the current directory, so `portal.wsgi` imports.
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "portal.wsgi:application"

# Loopback by default: the proxy in front (nginx) faces the network, not gunicorn.
# Several addresses are separated by commas, e.g. "127.0.0.1:8000,unix:/run/hamkori.sock".
bind = [part.strip() for part in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# Synchronous workers, one per core this process may use: a page is rendering plus short
# queries, so more workers than cores only queue on the CPU.
workers = int(os.environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0)))
# A request still running after this many seconds gets its worker restarted (and logged).
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = timeout

# Trust X-Forwarded-Proto and friends only from these proxy addresses (gunicorn's own rule;
# Django's SECURE_PROXY_SSL_HEADER is the other half, see docs/deploy.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access and error logs on stderr, beside the application's JSON lines; each access line is
# key=value and carries the id the application logged the request under.
accesslog = "-"
errorlog = "-"
access_log_format = (
    'access remote=%(h)s method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s bytes=%(B)s '
    'duration_ms=%(M)s request_id=%({x-request-id}o)s user_agent="%(a)s"'
)
