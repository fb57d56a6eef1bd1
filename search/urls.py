"""Public search page, mounted at /search/ (and /en/search/)."""

app_name = "search"
urlpatterns = []
