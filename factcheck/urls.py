"""Root URLconf: public pages, the editors' admin and the API."""

from django.contrib import admin
from django.urls import include, path

from factcheck import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls", namespace="api")),
    path("", include("articles.urls", namespace="articles")),
]

# Errors raised before a view (too many parameters, an unknown address) are
# JSON under /api/, pages elsewhere (articles/api/errors.py).
handler400 = "articles.api.errors.bad_request"
handler403 = "articles.api.errors.permission_denied"
handler404 = "articles.api.errors.page_not_found"
handler500 = "articles.api.errors.server_error"

# Probes for load balancers (factcheck/health.py), no trailing slash, ahead
# of every other pattern.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    *urlpatterns,
]
