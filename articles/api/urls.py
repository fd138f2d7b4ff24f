"""API routes under ``/api/v1/`` (namespace ``api``).

Resources (read-only for anonymous users): ``cities``, ``organizations``,
``people``, ``claims`` and ``inquiries`` by slug; ``sources``,
``responses`` and ``corrections`` by integer id. ``/api/v1/`` is the browsable root and
``/api/v1/schema/`` the OpenAPI 3 schema (YAML; ``?format=json`` for
JSON), ``/api/v1/docs/`` its Swagger UI (drf-spectacular-sidecar's files,
no CDN; the start-up script is ``/api/v1/docs/?script``, not inline). Any other path under ``/api/v1/`` is a JSON 404.
"""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from . import views
from .changes import ChangeFeedView
from .contacts import ContactViewSet

app_name = "api"

router = DefaultRouter()
router.register("cities", views.CityViewSet, basename="city")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("sources", views.SourceViewSet, basename="source")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("inquiries", views.InquiryViewSet, basename="inquiry")
router.register("responses", views.ResponseViewSet, basename="response")
router.register("corrections", views.CorrectionViewSet, basename="correction")
router.register("citations", views.CitationViewSet, basename="citation")
router.register("contacts", ContactViewSet, basename="contact")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("changes/", ChangeFeedView.as_view(), name="change-list"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    # Last: a JSON 404 for everything else ending in a slash (paths without
    # one still get CommonMiddleware's APPEND_SLASH redirect first).
    re_path(r"^.*/$", views.not_found, name="not-found"),
]
