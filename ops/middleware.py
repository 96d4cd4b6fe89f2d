"""Give every request an id, echo it in ``X-Request-ID`` and make it visible to the logs."""

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ops.logging import RequestContext, current_request

HEADER = "X-Request-ID"
# An id set by the proxy (nginx's $request_id) is kept so its access log and ours line up;
# anything else a client sends, or nothing, gets a fresh one. The narrow alphabet keeps
# forged ids from smuggling quotes or newlines into log lines.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")


class RequestIdMiddleware:
    """First in ``MIDDLEWARE`` so that even a redirect to https carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(HEADER, "")
        request_id = offered if ACCEPTED_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request.set(RequestContext(request_id, request.method, request.path))
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response.headers[HEADER] = request_id
        return response
