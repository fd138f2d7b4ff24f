"""Root URLconf: public pages, the editors' admin and the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls", namespace="api")),
    path("", include("articles.urls", namespace="articles")),
]
