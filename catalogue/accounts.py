"""Staff accounts: an admin that refuses staff without any permission, and the client address
the login lockout (django-axes) counts failures by.

Settings: "Staff accounts" in ``portal/settings.py``; groups: migration
``0005_staff_groups``; the operator's view: docs/operations.md.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class StaffAdminSite(AdminSite):
    """Django's admin, except that a staff user needs at least one permission (a group such as
    Editors or Viewers, or one of their own) to see anything of it. Without one, every admin
    page sends them to the login page, which says they are not authorised."""

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return super().has_permission(request) and (
            user.is_superuser or bool(user.get_all_permissions())
        )


class StaffAdminConfig(AdminConfig):
    """Installed in place of ``django.contrib.admin``: the same app with ``StaffAdminSite``."""

    default_site = "catalogue.accounts.StaffAdminSite"


def client_ip(request: HttpRequest) -> str | None:
    """The address a request came from, for counting failed logins (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR``, unless ``HAMKORI_TRUSTED_PROXY_COUNT`` says the site sits behind that many
    proxies of its own: then the address the outermost of them saw, which is that many entries
    from the right of ``X-Forwarded-For``. Entries further left were sent by the client and are
    never trusted, so a forged header cannot dodge the lockout.
    """
    count = settings.HAMKORI_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if len(addresses) >= count:
            return addresses[-count]
    return request.META.get("REMOTE_ADDR")
