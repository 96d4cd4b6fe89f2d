"""Smoke test of the production server: `python .ci/smoke.py http://127.0.0.1:PORT`.

.ci/run starts `make serve` (gunicorn, debug off, PostgreSQL, seeds loaded) and calls this. It
waits for /healthz, fetches the main pages, a detail page and a static file as if through the
https proxy, and checks status codes, compression and the security headers. Standard library only.
"""

import gzip
import re
import sys
import time
import urllib.error
import urllib.request

PROXIED_HTTPS = {"X-Forwarded-Proto": "https"}
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx comes back as an HTTPError we can look at


OPENER = urllib.request.build_opener(NoRedirect)
failures: list[str] = []


def fetch(base: str, path: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        response = OPENER.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.headers, response.read()


def expect(condition: bool, message: str) -> None:
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def wait_until_up(base: str, seconds: int = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(base, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"FAIL: {base}/healthz did not answer 200 within {seconds} s")


def page(base: str, path: str, status: int = 200) -> str:
    """Fetch through the (pretend) https proxy; check status and security headers."""
    code, headers, body = fetch(base, path, {**PROXIED_HTTPS, "Accept-Encoding": "gzip"})
    expect(code == status, f"{path} answers {status} (got {code})")
    for name, value in SECURITY_HEADERS.items():
        expect(headers.get(name) == value, f"{path} {name}: {value} (got {headers.get(name)!r})")
    expect(bool(headers.get("X-Request-ID")), f"{path} has an X-Request-ID")
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8", errors="replace")


def main(base: str) -> None:
    wait_until_up(base)

    code, headers, body = fetch(base, "/healthz")  # plain http, as a load balancer probes
    expect(code == 200 and body == b"ok\n", f"/healthz over http answers 200 ok (got {code})")
    code, headers, _ = fetch(base, "/projects/")
    expect(
        code == 301 and headers.get("Location", "").startswith("https://"),
        f"plain http is redirected to https (got {code} {headers.get('Location')!r})",
    )

    home = page(base, "/")
    _, headers, _ = fetch(base, "/", {**PROXIED_HTTPS, "Accept-Encoding": "gzip"})
    expect(headers.get("Content-Encoding") == "gzip", "HTML is gzip-compressed")
    page(base, "/case-studies/")
    projects = page(base, "/projects/")
    page(base, "/sources/")
    page(base, "/no-such-page/", status=404)

    detail = re.search(r'href="(/projects/[a-z0-9-]+/)"', projects)
    expect(detail is not None, "/projects/ links to a project page")
    if detail:
        text = page(base, detail.group(1))
        expect("<h1" in text, f"{detail.group(1)} renders a heading")

    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home)
    expect(stylesheet is not None, "the home page links the hashed stylesheet")
    if stylesheet:
        code, headers, _ = fetch(base, stylesheet.group(1), PROXIED_HTTPS)
        expect(code == 200, f"{stylesheet.group(1)} answers 200 (got {code})")
        expect(
            "immutable" in headers.get("Cache-Control", ""),
            f"the hashed stylesheet is cached for good ({headers.get('Cache-Control')!r})",
        )

    if failures:
        sys.exit(f"{len(failures)} smoke check(s) failed")
    print("smoke test passed")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
