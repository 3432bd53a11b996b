"""Registered sources: other networks' maps that `manage.py sync_sources` keeps in step with
ours (initiatives/sync/), and what we remember of each record they sent."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import HttpURLField, Initiative, http_url_validator

FORMATS = ("csv", "geojson", "gogocarto", "data-inclusion", "mednum")  # initiatives.imports.FORMATS


class Source(models.Model):
    class Frequency(models.IntegerChoices):
        HOURLY = 1, _("toutes les heures")
        SIX_HOURS = 6, _("toutes les 6 heures")
        DAILY = 24, _("tous les jours")
        WEEKLY = 168, _("toutes les semaines")

    class Outcome(models.TextChoices):
        SYNCED = "synced", _("synchronisée")
        UNCHANGED = "unchanged", _("inchangée (304)")
        ERROR = "error", _("erreur")

    # The initiatives' `source` (compared without case): re-imports match on it.
    name = models.CharField(_("nom"), max_length=Initiative._meta.get_field("source").max_length)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    url = HttpURLField(_("adresse des données"), max_length=500, validators=[http_url_validator])
    home_url = HttpURLField(_("site de la source"), max_length=500, blank=True, validators=[http_url_validator],
                            help_text=_("La carte d’origine, montrée avec chaque fiche importée."))  # fmt: skip
    format = models.CharField(_("format"), max_length=20, choices=[(f, f) for f in FORMATS])
    mapping = models.TextField(_("correspondance (YAML)"), blank=True,
                               help_text=_("Posée sur la correspondance par défaut du format (voir initiatives/imports/mapping.py)."))  # fmt: skip
    licence = models.CharField(_("licence"), max_length=100)
    licence_url = HttpURLField(_("adresse de la licence"), max_length=300, blank=True, validators=[http_url_validator])
    attribution = models.CharField(_("attribution"), max_length=300)
    frequency = models.PositiveIntegerField(_("fréquence"), choices=Frequency.choices, default=Frequency.DAILY)
    active = models.BooleanField(_("active"), default=True)

    last_fetched_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True, editable=False)
    last_synced_at = models.DateTimeField(_("dernière synchronisation réussie"), null=True, blank=True, editable=False)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_outcome = models.CharField(_("dernier résultat"), max_length=10, choices=Outcome.choices, blank=True, editable=False)
    last_message = models.TextField(_("dernier bilan ou erreur"), blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="source_unique_name_ci",
                                    violation_error_message=_("Une source porte déjà ce nom.")),
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        from ..sync.checks import source_errors  # the rules live in the domain module

        if errors := source_errors(self):
            raise ValidationError(errors)

    def is_due(self, now=None):
        if self.last_fetched_at is None:
            return True
        return (now or timezone.now()) >= self.last_fetched_at + timedelta(hours=self.frequency)

    def initiatives(self):
        return Initiative.objects.filter(source__iexact=self.name)


class SourceRecord(models.Model):
    """What a source said of one record at the last sync: the base of the three-way check
    (initiatives/sync/threeway.py) that tells a change made there from an edit made here."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="records")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="source_records")
    values = models.JSONField()  # snapshot keys -> the source's value
    vanished = models.BooleanField(default=False)  # archived by the sync: gone from the source

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "initiative"], name="source_record_unique")]
