"""The site's URLs plus views that fail the way a bug would, for the error tests."""

from django.urls import path
from rest_framework.views import APIView

from project.urls import urlpatterns as site


class BrokenApiView(APIView):
    def get(self, request):
        raise RuntimeError("a bug in an API view")


def broken_view(request):
    raise RuntimeError("a bug in a plain view")


urlpatterns = [
    path("api/v1/broken/", BrokenApiView.as_view()),
    path("api/v1/broken-plain/", broken_view),
    path("broken/", broken_view),
    *site,
]
handler404 = "frontend.views.pages.page_not_found"
handler500 = "frontend.views.pages.server_error"
