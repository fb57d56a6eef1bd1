from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse(f"gadgets of {request.portal.codename}")


urlpatterns = [path("", hello, name="index")]
