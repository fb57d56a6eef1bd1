"""JSON search API, mounted at /api/search/."""

app_name = "api-search"
urlpatterns = []
