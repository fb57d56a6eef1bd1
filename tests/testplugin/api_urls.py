from django.http import JsonResponse
from django.urls import path


def listing(request):
    return JsonResponse({"count": 0, "results": []})


urlpatterns = [path("", listing, name="list")]
