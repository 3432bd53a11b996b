# Placeholder: being written (issue 5).
from rest_framework.views import APIView


class GeocodeSearch(APIView):
    pass


class GeocodeReverse(APIView):
    pass
