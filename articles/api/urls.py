"""API routes under /api/v1/. STUB: to be written."""

app_name = "api"
urlpatterns = []
