from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives et réseaux")

    def ready(self):
        from .dataset import sync_dataset_settings

        post_migrate.connect(sync_dataset_settings, sender=self)
