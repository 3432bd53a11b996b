"""The dataset row mirrors the licence and site URL from settings, because every stored
GeoJSON Feature carries them. Updating the row makes PostgreSQL rebuild the features."""

from django.conf import settings
from django.utils import timezone


def dataset_settings():
    return {
        "license": settings.DATA_LICENSE,
        "license_url": settings.DATA_LICENSE_URL,
        "attribution": settings.DATA_ATTRIBUTION,
        "site_url": settings.SITE_URL.rstrip("/"),
    }


def sync_dataset_settings(**kwargs):
    from .models import Dataset

    wanted = dataset_settings()
    current = Dataset.objects.filter(pk=1).values(*wanted).first()
    if current is None:  # a `flush` empties it; it emits post_migrate, which lands here
        Dataset.objects.create(pk=1, changed_at=timezone.now(), **wanted)
    elif current != wanted:
        Dataset.objects.filter(pk=1).update(**wanted)
