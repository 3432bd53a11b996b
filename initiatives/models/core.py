"""The domain: initiatives (networks, projects, places, collectives, gatherings), the themes
they work on, the networks they belong to ("multi-appartenance") and the links they publish.

Hard rules are database constraints, not only form validation: whatever writes a row (the
admin, the API, an importer, a psql session) cannot store an initiative outside the map, a
link that is not http(s), or a network that belongs to itself.

The GeoJSON Feature of each initiative is built by PostGIS and kept in a column that Django
does not map (see initiatives/sql/ and initiatives/selectors.py).
"""

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Func, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from ..querysets import InitiativeQuerySet
from ..territories import territory_errors

HTTP_URL_REGEX = r"^https?://[^\s/$.?#][^\s]*$"
http_url_validator = RegexValidator(
    HTTP_URL_REGEX, _("Saisissez une adresse web commençant par http:// ou https://.")
)
hex_colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Couleur au format #RRGGBB."))


class HttpURLField(models.URLField):
    """A URL field whose form treats "example.org" as "https://example.org" (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Theme(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=80)
    name_en = models.CharField(_("nom (anglais)"), max_length=80)
    colour = models.CharField(_("couleur"), max_length=7, validators=[hex_colour_validator])
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="theme_colour_hex"
            ),
        ]

    def __str__(self):
        return self.name_fr

    def name(self, language="fr"):
        return self.name_en if language == "en" else self.name_fr


class Kind(models.TextChoices):
    NETWORK = "network", pgettext_lazy("kind", "Réseau")
    INITIATIVE = "initiative", pgettext_lazy("kind", "Initiative ou projet")
    PLACE = "place", pgettext_lazy("kind", "Lieu (tiers-lieu, fablab…)")
    COLLECTIVE = "collective", pgettext_lazy("kind", "Collectif ou association")
    EVENT = "event", pgettext_lazy("kind", "Rencontre")

# The one kind that may be seatless (an online or national network): everything else has a place.
SEATLESS_KIND = Kind.NETWORK


def max_length(model, field):
    """A column's size, for the doors (form, API) that check it before the model does."""
    return model._meta.get_field(field).max_length


class Scope(models.TextChoices):
    LOCAL = "local", _("Locale")
    DEPARTMENTAL = "departmental", _("Départementale")
    REGIONAL = "regional", _("Régionale")
    NATIONAL = "national", _("Nationale")
    INTERNATIONAL = "international", _("Internationale")

class Status(models.TextChoices):
    PENDING = "pending", _("En attente de modération")
    PUBLISHED = "published", _("Publiée")
    ARCHIVED = "archived", _("Archivée")

class Precision(models.TextChoices):
    EXACT = "exact", _("Adresse précise")
    COMMUNE = "commune", _("Commune (centre-ville)")


class Initiative(models.Model):
    Kind = Kind
    Scope = Scope
    Status = Status
    Precision = Precision

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    summary = models.CharField(_("résumé"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)

    location = models.PointField(_("position"), srid=4326, null=True, blank=True)
    location_precision = models.CharField(
        _("précision de la position"), max_length=10, choices=Precision.choices, blank=True
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    postal_code = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$")]
    )
    commune = models.CharField(_("commune"), max_length=150, blank=True)
    insee_code = models.CharField(
        _("code INSEE de la commune"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^(\d{5}|2[AB]\d{3})$")],
    )
    department_code = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^(\d{2,3}|2[AB])$")],
    )
    region_code = models.CharField(
        _("région"), max_length=2, blank=True, validators=[RegexValidator(r"^\d{2}$")]
    )
    scope = models.CharField(_("portée géographique"), max_length=20, choices=Scope.choices)

    website = HttpURLField(
        _("site web"), max_length=500, blank=True, validators=[http_url_validator]
    )
    contact_email = models.EmailField(_("courriel de contact public"), blank=True)

    themes = models.ManyToManyField(Theme, related_name="initiatives", blank=True)
    networks = models.ManyToManyField(
        "self",
        through="Membership",
        through_fields=("member", "network"),
        symmetrical=False,
        related_name="members",
        blank=True,
        verbose_name=_("réseaux dont elle est membre"),
    )

    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    source_id = models.CharField(_("identifiant à la source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    locked = models.BooleanField(
        _("verrouillée"), default=False,
        help_text=_("Verrouillée par la modération : seuls les modérateurs peuvent la modifier."),
    )  # fmt: skip
    # Set when a moderator merged this one into another (initiatives/merging.py): it is
    # archived, and its page and API URL answer 301 to the survivor.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from",
        verbose_name=_("fusionnée dans"),
    )  # fmt: skip

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            models.Index(fields=["status", "kind"], name="initiative_status_kind"),
            models.Index(fields=["department_code"], name="initiative_department"),
            models.Index(fields=["region_code"], name="initiative_region"),
            models.Index(fields=["updated_at"], name="initiative_updated_at"),
            # The trigram and full-text indexes for search live in migration 0003_search.
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="initiative_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(scope__in=Scope.values), name="initiative_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="initiative_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(website="") | Q(website__regex=HTTP_URL_REGEX),
                name="initiative_website_http",
            ),
            models.CheckConstraint(
                condition=Q(slug__regex=r"^[a-z0-9]+(-[a-z0-9]+)*$"), name="initiative_slug_format"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="initiative_name_not_empty"),
            models.CheckConstraint(
                condition=Q(location__isnull=False) | Q(kind=SEATLESS_KIND),
                name="initiative_located_unless_network",
            ),
            models.UniqueConstraint(
                Lower("source"), "source_id",
                condition=~Q(source_id=""),
                name="initiative_unique_source_id",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_network(self):
        return self.kind == self.Kind.NETWORK

    @staticmethod
    def may_be_seatless(kind):
        return kind == SEATLESS_KIND

    SEATLESS_REFUSED = _("Une position est nécessaire : seul un réseau sans siège peut ne pas en avoir.")

    def clean(self):
        super().clean()
        errors = place_errors(self.kind, self.department_code, self.region_code, self.location)
        if errors:
            raise ValidationError(errors)


def place_errors(kind, department_code, region_code, location):
    """The rules of Initiative.clean, as {field: message}, for an initiative or for plain
    values (an import checks thousands of rows without making a model instance of each):
    `location` is a GEOS point, [longitude, latitude] or None."""
    errors = territory_errors(department_code, region_code)
    if location is not None:
        if isinstance(location, (list, tuple)):
            srid, empty, (x, y) = 4326, False, location
        else:
            srid, empty = location.srid, location.empty
            x, y = (None, None) if empty else (location.x, location.y)
        if srid not in (None, 4326):
            errors["location"] = _("La position doit être en WGS84 (longitude, latitude).")
        elif empty or not (-180 <= x <= 180 and -90 <= y <= 90):
            errors["location"] = _(
                "Coordonnées hors limites : longitude entre -180 et 180, latitude entre -90 et 90."
            )
    elif kind and not Initiative.may_be_seatless(kind):
        errors["location"] = Initiative.SEATLESS_REFUSED
    return errors


class Membership(models.Model):
    """`member` belongs to the network `network` — a network can itself be a member of
    another network ("réseau de réseaux")."""

    member = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="memberships"
    )
    network = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="member_links",
        limit_choices_to={"kind": Kind.NETWORK},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance à un réseau")
        verbose_name_plural = _("appartenances à des réseaux")
        constraints = [
            models.UniqueConstraint(fields=["member", "network"], name="membership_unique"),
            models.CheckConstraint(
                condition=~Q(member=models.F("network")), name="membership_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.member} ∈ {self.network}"

    def clean(self):
        super().clean()
        if self.member_id and self.member_id == self.network_id:
            raise ValidationError(_("Une initiative ne peut pas être membre d’elle-même."))
        if self.network_id and self.network.kind != Kind.NETWORK:
            raise ValidationError(
                {"network": _("« %(name)s » n’est pas un réseau.") % {"name": self.network}}
            )
        if self.member_id and self.network_id:
            from ..memberships import check_no_cycle  # the rule lives in the domain module

            check_no_cycle(self.member, [self.network])


class Link(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("intitulé"), max_length=120)
    url = HttpURLField(_("adresse"), max_length=500, validators=[http_url_validator])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("lien")
        verbose_name_plural = _("liens")
        constraints = [
            models.CheckConstraint(condition=Q(url__regex=HTTP_URL_REGEX), name="link_url_http"),
        ]

    def __str__(self):
        return f"{self.label} <{self.url}>"


class Dataset(models.Model):
    """One row describing the published dataset as a whole.

    `version` and `changed_at` are bumped by database triggers on every write to initiatives,
    themes, memberships and links (initiatives/sql/triggers.sql): they make the ETag and Last-Modified of
    every read, so a repeat request costs one tiny query. The licence and the site's URL are
    copied here from settings after each migrate (initiatives.apps) because every stored
    GeoJSON Feature carries them; changing them rebuilds the features.
    """

    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField()
    license = models.CharField(max_length=100)
    license_url = models.CharField(max_length=300)
    attribution = models.CharField(max_length=300)
    site_url = models.CharField(max_length=300)
    # Drawn by PostgreSQL when the row is made: part of the database's identity in every
    # ETag (initiatives/dataset.py).
    epoch = models.UUIDField(db_default=Func(function="gen_random_uuid"), editable=False)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="dataset_single_row")]

    def __str__(self):
        return f"dataset v{self.version}"

    @classmethod
    def current(cls):
        return cls.objects.only("version", "changed_at").get(pk=1)
