"""One JSON object per line on stderr, carrying the request's id, method and path.

gunicorn, systemd's journal and container runtimes all collect stderr; one line per event
(tracebacks included, as an escaped string) keeps each error a single record for grep, jq
or a log shipper.
"""

import contextvars
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    method: str
    path: str


# Set by ops.middleware.RequestIdMiddleware for the length of one request.
current_request: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "current_request", default=None
)

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# Objects Django passes in ``extra`` that are not worth (or safe) printing whole.
_SKIPPED = {"request", "server_time"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = current_request.get()
        if context is not None:
            entry.update(request_id=context.request_id, method=context.method, path=context.path)
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _SKIPPED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


auth_logger = logging.getLogger("ops.auth")


def log_failed_login(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Receiver of ``user_login_failed``: who was tried, from where (never the password)."""
    from django.contrib.auth import get_user_model  # not at import: logging is set up first

    meta = request.META if request is not None else {}
    auth_logger.warning(
        "login failed",
        extra={
            "username": credentials.get(get_user_model().USERNAME_FIELD),
            "remote_addr": meta.get("REMOTE_ADDR"),
            "forwarded_for": meta.get("HTTP_X_FORWARDED_FOR"),
        },
    )
