from django.contrib import admin
from django.urls import include, path

from ops.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    # For load balancers and monitoring: 200 while the database answers (docs/deploy.md).
    path("healthz", healthz, name="healthz"),
    path("", include("catalogue.urls")),
]
