"""The project's URLs plus the drf-gis baseline routes of the benchmark."""

from django.urls import path

from project.urls import handler404, urlpatterns as project_urlpatterns  # noqa: F401

from .views import DrfGisExport, DrfGisInitiativeList, same_bytes

urlpatterns = [
    path("bench/drf-gis/initiatives/", DrfGisInitiativeList.as_view(), name="bench-drf-gis-initiatives"),
    path("bench/drf-gis/export/", DrfGisExport.as_view(), name="bench-drf-gis-export"),
    path("bench/bytes/<int:size>/", same_bytes, name="bench-same-bytes"),
    *project_urlpatterns,
]
